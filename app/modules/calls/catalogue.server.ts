// The public face of calls for proposals: what anyone, signed in or not, may read. Only calls
// in a public state leave this module, except for staff previewing a call they may read.
import { z } from "zod";
import { CALL_STATE_LABELS, type CallStateId } from "#workflows/call.machine.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, pickBilingual, type Locale } from "~/utils/i18n.ts";

/** Listed on the home page: announced or accepting proposals. */
export const LISTED_STATES = ["published", "open"] as const satisfies readonly CallStateId[];
/** Readable by anyone at /calls/:id; other states only by staff who may read any call. */
export const PUBLIC_STATES = ["published", "open", "closed"] as const satisfies readonly CallStateId[];

export const isPublicState = (state: string) => (PUBLIC_STATES as readonly string[]).includes(state);

export interface NamedCode {
  code: string;
  name: string;
}

/** How a call's state reads to applicants (`applicant`) or to staff (`staff`). */
export function callStateLabel(state: string, locale: Locale, audience: "applicant" | "staff" = "applicant"): string {
  const labels = CALL_STATE_LABELS[state as CallStateId];
  return pickBilingual(labels?.[audience], locale, state);
}

/** The deadline an applicant must meet next: the concept note's in a restricted call, else the full application's. */
export function firstDeadline(call: { procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null }): Date | null {
  return call.procedure === "RESTRICTED" ? (call.conceptNoteDeadline ?? call.fullApplicationDeadline) : (call.fullApplicationDeadline ?? call.conceptNoteDeadline);
}

async function referenceNames(locale: Locale) {
  const [domains, dialogues, types] = await Promise.all([
    db().jvapDomain.findMany({ orderBy: { rank: "asc" } }),
    db().dialogue.findMany({ orderBy: { rank: "asc" } }),
    db().applicantType.findMany({ orderBy: { rank: "asc" } }),
  ]);
  const toMap = (rows: { code: string; nameEn: string; nameFr: string }[]) => new Map(rows.map((r) => [r.code, pick(r, "name", locale)]));
  const domainNames = toMap(domains);
  const dialogueNames = toMap(dialogues);
  const typeNames = toMap(types);
  // Unknown codes still show (as the code) rather than vanish.
  const name = (map: Map<string, string>) => (codes: string[]): NamedCode[] => codes.map((code) => ({ code, name: map.get(code) ?? code }));
  return { domains: name(domainNames), dialogues: name(dialogueNames), applicantTypes: name(typeNames) };
}

export interface PublicCallSummary {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  procedure: "OPEN" | "RESTRICTED";
  dialogues: NamedCode[];
  jvapDomains: NamedCode[];
  totalBudgetCents: number;
  minGrantCents: number;
  maxGrantCents: number;
  /** ISO 8601, or null when not set yet. */
  deadline: string | null;
  timeZone: string;
}

/** Calls anyone may see listed, soonest deadline first, in the visitor's language. */
export async function listPublicCalls(locale: Locale): Promise<PublicCallSummary[]> {
  const [calls, names] = await Promise.all([
    db().call.findMany({ where: { state: { in: [...LISTED_STATES] } }, orderBy: [{ publishedAt: "desc" }, { reference: "asc" }] }),
    referenceNames(locale),
  ]);
  return calls
    .map((call) => {
      const deadline = firstDeadline(call);
      return {
        id: call.id,
        reference: call.reference,
        title: pick(call, "title", locale),
        state: call.state,
        stateLabel: callStateLabel(call.state, locale),
        procedure: call.procedure,
        dialogues: names.dialogues(call.dialogueCodes),
        jvapDomains: names.domains(call.jvapDomainCodes),
        totalBudgetCents: call.totalBudgetCents,
        minGrantCents: call.minGrantCents,
        maxGrantCents: call.maxGrantCents,
        deadline: deadline?.toISOString() ?? null,
        timeZone: call.timeZone,
      };
    })
    .sort((a, b) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999"));
}

export async function countPublicCalls(): Promise<number> {
  return db().call.count({ where: { state: { in: [...LISTED_STATES] } } });
}

// ------------------------------------------------------------------ one call's page

const Text = z.string().catch("");
const CriterionSchema = z.object({
  code: z.string(),
  nameEn: Text,
  nameFr: Text,
  max: z.number(),
  weight: z.number().catch(1).default(1),
});
const SectionSchema = z.object({
  code: z.string(),
  nameEn: Text,
  nameFr: Text,
  minimum: z.number().optional().catch(undefined),
  criteria: z.array(CriterionSchema),
});
const GridSchema = z.object({
  max: z.number().optional().catch(undefined),
  passMark: z.number().optional().catch(undefined),
  sections: z.array(SectionSchema),
});
const DocumentsSchema = z.array(
  z.object({ code: z.string(), nameEn: Text, nameFr: Text, stage: z.string().catch(""), required: z.boolean().catch(true).default(true) }),
);

export interface GridView {
  stage: "concept_note" | "full_application";
  max: number;
  passMark: number | null;
  sections: {
    code: string;
    name: string;
    minimum: number | null;
    total: number;
    criteria: { code: string; name: string; max: number; weight: number; points: number }[];
  }[];
}

function gridView(raw: unknown, stage: GridView["stage"], locale: Locale): GridView | null {
  const parsed = GridSchema.safeParse(raw);
  if (!parsed.success || parsed.data.sections.length === 0) return null;
  const sections = parsed.data.sections.map((s) => {
    const criteria = s.criteria.map((c) => ({ code: c.code, name: pick(c, "name", locale), max: c.max, weight: c.weight, points: c.max * c.weight }));
    return { code: s.code, name: pick(s, "name", locale), minimum: s.minimum ?? null, total: criteria.reduce((sum, c) => sum + c.points, 0), criteria };
  });
  const total = sections.reduce((sum, s) => sum + s.total, 0);
  return { stage, max: parsed.data.max ?? total, passMark: parsed.data.passMark ?? null, sections };
}

export interface CallPage extends Omit<PublicCallSummary, "deadline"> {
  description: string;
  isPublic: boolean;
  /** Staff see the state in their own words when previewing. */
  staffStateLabel: string;
  applicantTypes: NamedCode[];
  leadLocations: ("AU" | "EU")[];
  maxCofinancingBp: number;
  minDurationMonths: number;
  maxDurationMonths: number;
  conceptNoteDeadline: string | null;
  fullApplicationDeadline: string | null;
  requiredDocuments: { code: string; name: string; stage: string; required: boolean }[];
  grids: GridView[];
}

/**
 * One call as its public page shows it. Published, open and closed calls are public: anyone
 * may read them, signed in or not. Any other state exists only for actors who may read
 * every call (staff); for everyone else it is "not found", so drafts do not leak.
 */
export async function getCallPage(actor: Actor | null, callId: string, locale: Locale): Promise<CallPage> {
  const call = await db().call.findUnique({ where: { id: callId } });
  const isPublic = !!call && isPublicState(call.state);
  if (!call || (!isPublic && !can(actor, "call", "read", { published: false }))) {
    throw new AppError("not_found", "errors.notFound");
  }
  const names = await referenceNames(locale);
  const documents = DocumentsSchema.safeParse(call.requiredDocuments);
  return {
    id: call.id,
    reference: call.reference,
    title: pick(call, "title", locale),
    description: pick(call, "description", locale),
    state: call.state,
    stateLabel: callStateLabel(call.state, locale),
    staffStateLabel: callStateLabel(call.state, locale, "staff"),
    isPublic,
    procedure: call.procedure,
    dialogues: names.dialogues(call.dialogueCodes),
    jvapDomains: names.domains(call.jvapDomainCodes),
    applicantTypes: names.applicantTypes(call.applicantTypeCodes),
    leadLocations: call.leadLocations.filter((l): l is "AU" | "EU" => l === "AU" || l === "EU"),
    totalBudgetCents: call.totalBudgetCents,
    minGrantCents: call.minGrantCents,
    maxGrantCents: call.maxGrantCents,
    maxCofinancingBp: call.maxCofinancingBp,
    minDurationMonths: call.minDurationMonths,
    maxDurationMonths: call.maxDurationMonths,
    timeZone: call.timeZone,
    conceptNoteDeadline: call.procedure === "RESTRICTED" ? (call.conceptNoteDeadline?.toISOString() ?? null) : null,
    fullApplicationDeadline: (call.procedure === "RESTRICTED" ? call.fullApplicationDeadline : firstDeadline(call))?.toISOString() ?? null,
    requiredDocuments: documents.success ? documents.data.map((d) => ({ code: d.code, name: pick(d, "name", locale), stage: d.stage.trim().toLowerCase(), required: d.required })) : [],
    grids: [
      call.procedure === "RESTRICTED" ? gridView(call.conceptNoteGrid, "concept_note", locale) : null,
      gridView(call.fullApplicationGrid, "full_application", locale),
    ].filter((g): g is GridView => g !== null),
  };
}
