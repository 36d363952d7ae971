// The proposal form, section by section: one zod schema per section, shared by the page (the
// field names) and the server (parsing a posted or autosaved section). Drafts may be
// incomplete: these schemas check form and the call's lists only; what a submission needs is
// checked by completeness.ts. Error messages are keys of the proposals catalogue area.
import { z } from "zod";
import { BUDGET_HEADINGS, centsToInput, parseMoneyToCents, type BudgetLine } from "./budget.ts";

export type Stage = "CONCEPT_NOTE" | "FULL_APPLICATION";

export const FULL_SECTIONS = ["summary", "domains", "countries", "partners", "logframe", "workplan", "budget"] as const;
export const CONCEPT_SECTIONS = ["summary", "domains", "countries", "partners", "indicative"] as const;
export type SectionKey = (typeof FULL_SECTIONS)[number] | (typeof CONCEPT_SECTIONS)[number];
/** Documents have their own page (proposals.$proposalId.documents.tsx); problems can point there. */
export type ProblemSection = SectionKey | "documents" | "organisation";

export function sectionsFor(stage: Stage): readonly SectionKey[] {
  return stage === "CONCEPT_NOTE" ? CONCEPT_SECTIONS : FULL_SECTIONS;
}

export function isSectionKey(value: string, stage: Stage): value is SectionKey {
  return (sectionsFor(stage) as readonly string[]).includes(value);
}

// ---------------------------------------------------------------- stored content

export interface PartnerEntry {
  /** A registered organisation chosen from the list, or null for one invited by email. */
  organisationId: string | null;
  name: string;
  email: string;
  countryCode: string;
  typeCode: string;
}

export interface Indicator {
  description: string;
  baseline: string;
  target: string;
  source: string;
}

export interface WorkplanActivity {
  name: string;
  months: number[];
}

export interface SectionData {
  summary: { title: string; summary: string; objectives: string; durationMonths: number | null };
  domains: { jvapDomainCodes: string[]; cadizObjectiveCodes: string[] };
  countries: { targetCountryCodes: string[] };
  partners: { partners: PartnerEntry[] };
  logframe: { overallObjective: string; specificObjectives: string; results: string; activities: string; indicators: Indicator[] };
  workplan: { activities: WorkplanActivity[] };
  budget: { lines: BudgetLine[]; requestedAmountCents: number | null };
  indicative: { totalCostCents: number | null; requestedAmountCents: number | null };
}

export type Sections = { [K in SectionKey]?: SectionData[K] };

export interface ProposalContent {
  stage: Stage;
  sections: Sections;
  /** Restricted calls: the concept note's sections as they were when the full application started. */
  conceptNote?: Sections;
}

export const EMPTY_SECTIONS: SectionData = {
  summary: { title: "", summary: "", objectives: "", durationMonths: null },
  domains: { jvapDomainCodes: [], cadizObjectiveCodes: [] },
  countries: { targetCountryCodes: [] },
  partners: { partners: [] },
  logframe: { overallObjective: "", specificObjectives: "", results: "", activities: "", indicators: [] },
  workplan: { activities: [] },
  budget: { lines: [], requestedAmountCents: null },
  indicative: { totalCostCents: null, requestedAmountCents: null },
};

/** The stored JSON, read tolerantly: anything unreadable is an empty section. */
export function readContent(raw: unknown, fallbackStage: Stage): ProposalContent {
  const obj = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const stage: Stage = obj.stage === "CONCEPT_NOTE" || obj.stage === "FULL_APPLICATION" ? obj.stage : fallbackStage;
  const sections = typeof obj.sections === "object" && obj.sections !== null ? (obj.sections as Sections) : {};
  const content: ProposalContent = { stage, sections };
  if (typeof obj.conceptNote === "object" && obj.conceptNote !== null) content.conceptNote = obj.conceptNote as Sections;
  return content;
}

export function sectionOf<K extends SectionKey>(content: ProposalContent, key: K): SectionData[K] {
  return { ...EMPTY_SECTIONS[key], ...(content.sections[key] ?? {}) } as SectionData[K];
}

// ---------------------------------------------------------------- posted forms

/**
 * FormData → a nested object: "lines.0.heading" nests, a repeated name becomes a list, and
 * objects whose keys are all numbers become lists in index order. Control fields (intent,
 * version) are left out.
 */
export function formToObject(form: FormData | URLSearchParams, skip: readonly string[] = ["intent", "version", "section", "next"]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const names = new Set<string>();
  form.forEach((_v, k) => names.add(k));
  for (const name of names) {
    if (skip.includes(name)) continue;
    const values = form.getAll(name).filter((v): v is string => typeof v === "string");
    const value: unknown = values.length > 1 ? values : (values[0] ?? "");
    const path = name.replace(/\[\]$/, "").split(".");
    if (path.some((p) => p === "__proto__" || p === "prototype" || p === "constructor")) continue;
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return listify(root) as Record<string, unknown>;
}

function listify(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, listify(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d{1,4}$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

const text = (max: number) => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, { message: "proposals.error.tooLong" }));
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : typeof v === "object" && v !== null ? Object.values(v) : []), z.array(item));
const codes = (allowed: readonly string[], message: string) =>
  list(z.string().trim().toUpperCase()).transform((xs) => [...new Set(xs.filter((x) => x !== ""))]).refine((xs) => xs.every((x) => allowed.includes(x)), { message });
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN) : (v ?? null)),
    z.number({ message: "proposals.error.wholeNumber" }).int({ message: "proposals.error.wholeNumber" }).min(min, { message: "proposals.error.range" }).max(max, { message: "proposals.error.range" }).nullable(),
  );
const money = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : (parseMoneyToCents(v) ?? Number.NaN)) : (v ?? null)),
  z.number({ message: "proposals.error.money" }).int({ message: "proposals.error.money" }).min(0, { message: "proposals.error.money" }).nullable(),
);
/** Rows whose fields are all blank are dropped: the form always offers an empty row to fill. */
const rows = <T extends z.ZodType>(row: T) =>
  list(z.unknown()).transform((xs) => xs.filter((x) => typeof x === "object" && x !== null && Object.values(x).some((v) => (Array.isArray(v) ? false : typeof v === "string" && v.trim() !== "" && v !== "registered" && v !== "invited")))).pipe(z.array(row));

/** What a section's lists come from: the call and the reference data. */
export interface SchemaOptions {
  jvapDomainCodes: readonly string[];
  cadizObjectiveCodes: readonly string[];
  countryCodes: readonly string[];
  applicantTypeCodes: readonly string[];
  /** Registered organisations an applicant may choose as co-applicant. */
  organisationIds: readonly string[];
  maxDurationMonths: number;
}

const email = z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : ""), z.union([z.literal(""), z.email({ message: "proposals.error.email" })]));

export function sectionSchema(key: SectionKey, o: SchemaOptions): z.ZodType<SectionData[SectionKey]> {
  const maxMonths = Math.max(1, o.maxDurationMonths);
  switch (key) {
    case "summary":
      return z.object({ title: text(300), summary: text(5000), objectives: text(5000), durationMonths: optionalInt(1, 120) });
    case "domains":
      return z.object({
        jvapDomainCodes: codes(o.jvapDomainCodes, "proposals.error.domainNotInCall"),
        cadizObjectiveCodes: codes(o.cadizObjectiveCodes, "proposals.error.cadizNotInCall"),
      });
    case "countries":
      return z.object({ targetCountryCodes: codes(o.countryCodes, "proposals.error.unknownCountry") });
    case "partners":
      return z.object({
        partners: rows(
          z
            .object({
              kind: z.enum(["registered", "invited"]).catch("invited"),
              organisationId: z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null), z.string().nullable()),
              name: text(300),
              email,
              countryCode: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : ""), z.string()),
              typeCode: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string()),
            })
            .superRefine((p, ctx) => {
              if (p.kind === "registered") {
                if (!p.organisationId || !o.organisationIds.includes(p.organisationId)) ctx.addIssue({ code: "custom", path: ["organisationId"], message: "proposals.error.chooseOrganisation" });
                return;
              }
              if (p.name === "") ctx.addIssue({ code: "custom", path: ["name"], message: "proposals.error.required" });
              if (p.email === "") ctx.addIssue({ code: "custom", path: ["email"], message: "proposals.error.email" });
              if (!o.countryCodes.includes(p.countryCode)) ctx.addIssue({ code: "custom", path: ["countryCode"], message: "proposals.error.unknownCountry" });
              if (!o.applicantTypeCodes.includes(p.typeCode)) ctx.addIssue({ code: "custom", path: ["typeCode"], message: "proposals.error.chooseType" });
            })
            .transform((p): PartnerEntry =>
              p.kind === "registered"
                ? { organisationId: p.organisationId, name: "", email: "", countryCode: "", typeCode: "" }
                : { organisationId: null, name: p.name, email: p.email, countryCode: p.countryCode, typeCode: p.typeCode },
            ),
        ).refine((ps) => ps.length <= 10, { message: "proposals.error.tooMany" }),
      });
    case "logframe":
      return z.object({
        overallObjective: text(3000),
        specificObjectives: text(5000),
        results: text(5000),
        activities: text(8000),
        indicators: rows(z.object({ description: text(1000), baseline: text(500), target: text(500), source: text(500) })).refine((xs) => xs.length <= 50, { message: "proposals.error.tooMany" }),
      });
    case "workplan":
      return z.object({
        activities: rows(
          z.object({
            name: text(500).refine((s) => s !== "", { message: "proposals.error.required" }),
            months: list(z.string())
              .transform((xs) => [...new Set(xs.map(Number))].sort((a, b) => a - b))
              .refine((xs) => xs.every((m) => Number.isInteger(m) && m >= 1 && m <= maxMonths), { message: "proposals.error.monthOutOfRange" }),
          }),
        ).refine((xs) => xs.length <= 60, { message: "proposals.error.tooMany" }),
      });
    case "budget":
      return z.object({
        lines: rows(
          z.object({
            heading: z.enum(BUDGET_HEADINGS, { message: "proposals.error.chooseHeading" }),
            description: text(500).refine((s) => s !== "", { message: "proposals.error.required" }),
            units: optionalInt(1, 1_000_000).refine((v) => v !== null, { message: "proposals.error.required" }),
            unitCost: money.refine((v) => v !== null && v > 0, { message: "proposals.error.money" }),
          }).transform((l): BudgetLine => ({ heading: l.heading, description: l.description, units: l.units ?? 0, unitCostCents: l.unitCost ?? 0 })),
        ).refine((xs) => xs.length <= 200, { message: "proposals.error.tooMany" }),
        requestedAmount: money,
      }).transform((b) => ({ lines: b.lines, requestedAmountCents: b.requestedAmount }));
    case "indicative":
      return z.object({ totalCost: money, requestedAmount: money }).transform((b) => ({ totalCostCents: b.totalCost, requestedAmountCents: b.requestedAmount }));
  }
}

export type SectionParse = { ok: true; data: SectionData[SectionKey] } | { ok: false; fieldErrors: Record<string, string[]> };

export function parseSection(key: SectionKey, input: unknown, options: SchemaOptions): SectionParse {
  const result = sectionSchema(key, options).safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return { ok: false, fieldErrors };
}

/** A stored section as the form shows it (strings, amounts in euros); posted forms have the same shape. */
export function toFormValues(key: SectionKey, data: SectionData[SectionKey]): Record<string, unknown> {
  switch (key) {
    case "summary": {
      const d = data as SectionData["summary"];
      return { ...d, durationMonths: d.durationMonths === null ? "" : String(d.durationMonths) };
    }
    case "partners":
      return { partners: (data as SectionData["partners"]).partners.map((p) => ({ ...p, kind: p.organisationId ? "registered" : "invited", organisationId: p.organisationId ?? "" })) };
    case "workplan":
      return { activities: (data as SectionData["workplan"]).activities.map((a) => ({ name: a.name, months: a.months.map(String) })) };
    case "budget": {
      const d = data as SectionData["budget"];
      return {
        lines: d.lines.map((l) => ({ heading: l.heading, description: l.description, units: String(l.units), unitCost: centsToInput(l.unitCostCents) })),
        requestedAmount: centsToInput(d.requestedAmountCents),
      };
    }
    case "indicative": {
      const d = data as SectionData["indicative"];
      return { totalCost: centsToInput(d.totalCostCents), requestedAmount: centsToInput(d.requestedAmountCents) };
    }
    default:
      return { ...data };
  }
}
