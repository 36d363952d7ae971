// Screening by grant managers: the submitted proposals of a call (filtered and paginated in
// SQL), one proposal as it was submitted with its administrative checklist, the pass / fail
// decision (through the application machine only), the same one by one for a selection,
// and a CSV export streamed page by page.
//
// The checklist is derived from the call: each required document of the stage, the
// submission time against the stage's deadline, the lead applicant's type and location,
// the requested amount against the grant range. Each item gets an automatic pre-answer from
// the data; the grant manager confirms or overrides it (yes / no / n/a) and adds a note.
// Stored in Proposal.adminCheck as { items: { [code]: answer }, note, decision? }.
import { rememberBounded } from "~/utils/memo.ts";
import { z } from "zod";
import { APPLICATION_STATES, APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { checkOrganisationEligibility } from "~/modules/calls/eligibility.ts";
import { csvStream, type CsvValue } from "~/utils/csv.ts";
import { Prisma, db } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { pick, pickBilingual, type Locale } from "~/utils/i18n.ts";
import { escapeLike } from "~/utils/like.ts";
import { byCode, referenceData, type ReferenceData } from "~/utils/reference-data.server.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { CHECK_ANSWERS, SCREENING_PAGE_SIZE, type CheckAnswer, type Decision, type ScreeningFilters } from "./screening-schema.ts";

export const EXPORT_BATCH_SIZE = 500;
/** States in which the checklist may still be filled in and a decision taken. */
export const SCREENABLE_STATES: readonly string[] = ["submitted", "admin_check"];

export type Stage = "CONCEPT_NOTE" | "FULL_APPLICATION";

export function requireScreener(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "proposal", "screen");
}

export function staffStateLabel(state: string, locale: Locale): string {
  return pickBilingual(APPLICATION_STATE_LABELS[state as ApplicationStateId]?.staff, locale, state);
}

// ------------------------------------------------------------------ the call's facts

interface CallFacts {
  procedure: "OPEN" | "RESTRICTED";
  conceptNoteDeadline: Date | null;
  fullApplicationDeadline: Date | null;
  requiredDocuments: unknown;
  applicantTypeCodes: string[];
  leadLocations: string[];
  targetCountryRules: unknown;
  partnershipRules: unknown;
  minGrantCents: number;
  maxGrantCents: number;
}

const CALL_FACTS = {
  procedure: true,
  conceptNoteDeadline: true,
  fullApplicationDeadline: true,
  requiredDocuments: true,
  applicantTypeCodes: true,
  leadLocations: true,
  targetCountryRules: true,
  partnershipRules: true,
  minGrantCents: true,
  maxGrantCents: true,
} as const satisfies Prisma.CallSelect;

/** The stage screened at the administrative check: the concept note (restricted) or the one application (open). */
export function screeningStage(procedure: string): Stage {
  return procedure === "RESTRICTED" ? "CONCEPT_NOTE" : "FULL_APPLICATION";
}

/** The deadline of the screened stage, as the workflow reads it. */
export function stageDeadline(call: Pick<CallFacts, "procedure" | "conceptNoteDeadline" | "fullApplicationDeadline">): Date | null {
  return call.procedure === "RESTRICTED" ? call.conceptNoteDeadline : (call.fullApplicationDeadline ?? call.conceptNoteDeadline);
}

const RequiredDocumentsSchema = z
  .array(
    z.object({
      code: z.string().min(1),
      nameEn: z.string().catch(""),
      nameFr: z.string().catch(""),
      stage: z.string().catch("FULL_APPLICATION"),
      required: z.boolean().catch(true),
    }),
  )
  .catch([]);

export interface RequiredDocument {
  code: string;
  nameEn: string;
  nameFr: string;
}

export function requiredDocumentsFor(call: Pick<CallFacts, "requiredDocuments" | "procedure">): RequiredDocument[] {
  const stage = screeningStage(call.procedure);
  return RequiredDocumentsSchema.parse(call.requiredDocuments ?? [])
    .filter((d) => d.required && d.stage === stage)
    .map(({ code, nameEn, nameFr }) => ({ code, nameEn, nameFr }));
}

// ------------------------------------------------------------------ the stored check

const StoredCheckSchema = z
  .object({
    items: z.record(z.string(), z.enum(CHECK_ANSWERS).catch("n/a")).catch({}),
    note: z.string().catch(""),
    decision: z.object({ outcome: z.string(), reason: z.string().catch(""), at: z.string(), byId: z.string().nullable().catch(null) }).optional().catch(undefined),
  })
  .catch({ items: {}, note: "" });

export type StoredCheck = z.infer<typeof StoredCheckSchema>;

export function readAdminCheck(raw: unknown): StoredCheck {
  return StoredCheckSchema.parse(raw ?? {});
}

// ------------------------------------------------------------------ the checklist

export type ChecklistCode = string;
export type ChecklistKind = "document" | "deadline" | "applicant_type" | "lead_location" | "amount";

export interface ChecklistItem {
  code: ChecklistCode;
  kind: ChecklistKind;
  /** For document items: the document's name in both languages. */
  document?: RequiredDocument;
  /** What the data says: yes / no, or null when it cannot tell. */
  auto: "yes" | "no" | null;
  /** The grant manager's answer, if given. */
  manual: CheckAnswer | null;
  /** The answer that counts: the manual one, else the automatic one. */
  answer: CheckAnswer | null;
}

/** The item codes of a call, in order. */
export function checklistCodes(call: Pick<CallFacts, "requiredDocuments" | "procedure">): ChecklistCode[] {
  return [...requiredDocumentsFor(call).map((d) => `doc:${d.code}`), "deadline", "applicant_type", "lead_location", "amount"];
}

/** How many items have an answer given by the grant manager, of how many. */
export function checklistProgress(codes: readonly string[], rawCheck: unknown): { answered: number; total: number } {
  const { items } = readAdminCheck(rawCheck);
  return { answered: codes.filter((c) => items[c] !== undefined).length, total: codes.length };
}

export interface ChecklistFacts {
  submittedAt: Date | null;
  requestedAmountCents: number;
  organisation: { typeCode: string; countryCode: string };
  country: { code: string; auMember: boolean; euMember: boolean } | null;
  /** Requirement codes of the documents attached for the stage. */
  documentCodes: readonly string[];
}

const yesNo = (b: boolean): "yes" | "no" => (b ? "yes" : "no");

/** The checklist with its automatic pre-answers and the stored answers. Pure. */
export function buildChecklist(call: CallFacts, facts: ChecklistFacts, rawCheck: unknown): ChecklistItem[] {
  const stored = readAdminCheck(rawCheck).items;
  const items: Omit<ChecklistItem, "manual" | "answer">[] = [];
  for (const document of requiredDocumentsFor(call)) {
    items.push({ code: `doc:${document.code}`, kind: "document", document, auto: yesNo(facts.documentCodes.includes(document.code)) });
  }
  const deadline = stageDeadline(call);
  items.push({
    code: "deadline",
    kind: "deadline",
    auto: facts.submittedAt === null ? "no" : deadline === null ? "yes" : yesNo(facts.submittedAt.getTime() <= deadline.getTime()),
  });
  const eligibility = checkOrganisationEligibility(call, facts.organisation, facts.country ? [facts.country] : []);
  const rule = (code: string) => eligibility.rules.find((r) => r.code === code);
  const typeRule = rule("applicant_type");
  const leadRule = rule("lead_location");
  items.push({ code: "applicant_type", kind: "applicant_type", auto: typeRule ? yesNo(typeRule.met) : null });
  items.push({ code: "lead_location", kind: "lead_location", auto: leadRule ? yesNo(leadRule.met) : null });
  const amount = facts.requestedAmountCents;
  const aboveMin = call.minGrantCents <= 0 || amount >= call.minGrantCents;
  const belowMax = call.maxGrantCents <= 0 || amount <= call.maxGrantCents;
  items.push({ code: "amount", kind: "amount", auto: amount > 0 ? yesNo(aboveMin && belowMax) : "no" });
  return items.map((item) => {
    const manual = stored[item.code] ?? null;
    return { ...item, manual, answer: manual ?? item.auto };
  });
}

// ------------------------------------------------------------------ the list

async function findCall(callId: string) {
  const call = await db().call.findUnique({
    where: { id: callId },
    select: { id: true, reference: true, titleEn: true, titleFr: true, state: true, timeZone: true, ...CALL_FACTS },
  });
  if (!call) throw new AppError("not_found", "errors.notFound");
  return call;
}

/** Submitted proposals of the call (never drafts): `p` is the proposal, joined with its organisation `o` where filters need it. */
function submittedOf(callId: string): Prisma.Sql {
  return Prisma.sql`p."callId" = ${callId} AND p."submittedAt" IS NOT NULL AND p."state" <> 'draft'`;
}

/** The filters other than the state, on `p` and its organisation `o`; none when nothing is filtered. */
function filterConditions(filters: Omit<ScreeningFilters, "page" | "state">): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.typeCode) conditions.push(Prisma.sql`o."typeCode" = ${filters.typeCode}`);
  if (filters.countryCode) conditions.push(Prisma.sql`o."countryCode" = ${filters.countryCode}`);
  if (filters.q) {
    // Case-insensitive "contains": ILIKE '%q%', the user's wildcards escaped (plain characters).
    const like = `%${escapeLike(filters.q)}%`;
    conditions.push(Prisma.sql`(p."reference" ILIKE ${like} OR p."title" ILIKE ${like} OR o."legalName" ILIKE ${like} OR o."acronym" ILIKE ${like})`);
  }
  return conditions;
}

/** The countries of a call's applicants (the country filter's choices), per call. */
const countryChoices = new Map<string, { key: string; codes: string[] }>();
const COUNTRY_CHOICE_CALLS = 32;

/**
 * How many submitted proposals the call has per state under the filters (all but the state),
 * and which organisation countries occur among them at all (the country filter's choices).
 * Without filters (the usual view) the counts come from an index alone, and the countries are
 * kept per call until a proposal is submitted or withdrawn (their count or latest submission
 * changes); with filters, both come from one scan joined with the organisations.
 */
async function stateCountsAndCountries(callId: string, filters: Omit<ScreeningFilters, "page" | "state">): Promise<{ byState: { state: string; count: number }[]; countryCodes: string[] }> {
  const base = submittedOf(callId);
  const conditions = filterConditions(filters);
  if (conditions.length === 0) {
    const rows = await db().$queryRaw<{ state: string; n: number; latest: Date | null }[]>(Prisma.sql`
      SELECT p."state", count(*)::int AS "n", max(p."submittedAt") AS "latest" FROM "Proposal" p WHERE ${base} GROUP BY p."state"`);
    const byState = rows.map((r) => ({ state: r.state, count: r.n }));
    const key = `${rows.reduce((sum, r) => sum + r.n, 0)}:${Math.max(0, ...rows.map((r) => r.latest?.getTime() ?? 0))}:${rows.map((r) => `${r.state}=${r.n}`).join(",")}`;
    const known = countryChoices.get(callId);
    if (known?.key === key) return { byState, countryCodes: known.codes };
    const found = await db().$queryRaw<{ countryCode: string }[]>(Prisma.sql`
      SELECT DISTINCT o."countryCode" FROM "Proposal" p JOIN "Organisation" o ON o."id" = p."organisationId" WHERE ${base}`);
    const codes = found.map((r) => r.countryCode);
    rememberBounded(countryChoices, callId, { key, codes }, COUNTRY_CHOICE_CALLS);
    return { byState, countryCodes: codes };
  }
  const rows = await db().$queryRaw<{ state: string | null; countryCode: string | null; n: number }[]>(Prisma.sql`
    SELECT p."state", o."countryCode", (count(*) FILTER (WHERE ${Prisma.join(conditions, " AND ")}))::int AS "n"
    FROM "Proposal" p JOIN "Organisation" o ON o."id" = p."organisationId"
    WHERE ${base}
    GROUP BY GROUPING SETS ((p."state"), (o."countryCode"))`);
  const byState: { state: string; count: number }[] = [];
  const countryCodes: string[] = [];
  for (const row of rows) {
    if (row.state !== null && row.n > 0) byState.push({ state: row.state, count: row.n });
    else if (row.state === null && row.countryCode !== null) countryCodes.push(row.countryCode);
  }
  return { byState, countryCodes };
}

/** A row of the list as read: the proposal with its organisation's name, type and country. */
interface RowRecord extends Pick<ScreeningRow, "id" | "reference" | "title" | "state" | "version" | "requestedAmountCents" | "submittedAt"> {
  adminCheck: Prisma.JsonValue;
  legalName: string;
  acronym: string | null;
  typeCode: string;
  countryCode: string;
}

/**
 * Rows of the filtered list in one statement (the proposals joined with their organisations):
 * a page in submission order, or the CSV's next batch by reference after `after` (keyset).
 */
function readRows(callId: string, filters: Omit<ScreeningFilters, "page">, at: { page: number } | { after: string | null; take: number }): Promise<RowRecord[]> {
  const where = [submittedOf(callId), ...filterConditions(filters)];
  if (filters.state) where.push(Prisma.sql`p."state" = ${filters.state}`);
  if ("after" in at && at.after !== null) where.push(Prisma.sql`p."reference" > ${at.after}`);
  const order = "page" in at ? Prisma.sql`ORDER BY p."submittedAt" ASC, p."reference" ASC LIMIT ${SCREENING_PAGE_SIZE} OFFSET ${(at.page - 1) * SCREENING_PAGE_SIZE}` : Prisma.sql`ORDER BY p."reference" ASC LIMIT ${at.take}`;
  return db().$queryRaw<RowRecord[]>(Prisma.sql`
    SELECT p."id", p."reference", p."title", p."state", p."version", p."requestedAmountCents", p."submittedAt", p."adminCheck",
      o."legalName", o."acronym", o."typeCode", o."countryCode"
    FROM "Proposal" p JOIN "Organisation" o ON o."id" = p."organisationId"
    WHERE ${Prisma.join(where, " AND ")}
    ${order}`);
}

export interface ScreeningRow {
  id: string;
  reference: string;
  title: string;
  state: string;
  version: number;
  requestedAmountCents: number;
  submittedAt: Date | null;
  organisation: { legalName: string; acronym: string | null; typeCode: string; typeNameEn: string; typeNameFr: string; countryCode: string; countryNameEn: string; countryNameFr: string };
  checklist: { answered: number; total: number };
  decisionReason: string;
}

/** Names of types and countries, from the reference lists (not joined on every row). */
interface RowNames {
  types: Map<string, { nameEn: string; nameFr: string }>;
  countries: Map<string, { nameEn: string; nameFr: string }>;
}

function rowNames({ applicantTypes, countries }: ReferenceData): RowNames {
  return { types: byCode(applicantTypes), countries: byCode(countries) };
}

function toRow(p: RowRecord, codes: readonly string[], names: RowNames): ScreeningRow {
  const type = names.types.get(p.typeCode);
  const country = names.countries.get(p.countryCode);
  return {
    id: p.id,
    reference: p.reference,
    title: p.title,
    state: p.state,
    version: p.version,
    requestedAmountCents: p.requestedAmountCents,
    submittedAt: p.submittedAt,
    organisation: {
      legalName: p.legalName,
      acronym: p.acronym,
      typeCode: p.typeCode,
      typeNameEn: type?.nameEn ?? p.typeCode,
      typeNameFr: type?.nameFr ?? p.typeCode,
      countryCode: p.countryCode,
      countryNameEn: country?.nameEn ?? p.countryCode,
      countryNameFr: country?.nameFr ?? p.countryCode,
    },
    checklist: checklistProgress(codes, p.adminCheck),
    decisionReason: readAdminCheck(p.adminCheck).decision?.reason ?? "",
  };
}

export async function listSubmittedProposals(actor: Actor | null, callId: string, filters: ScreeningFilters) {
  requireScreener(actor);
  const call = await findCall(callId);
  // No separate count: the per-state counts (under every filter but the state) already give
  // the total; the same scan of the call's submitted proposals lists the countries to filter by.
  const [summary, records, reference] = await Promise.all([
    stateCountsAndCountries(callId, filters),
    readRows(callId, filters, { page: filters.page }),
    referenceData(),
  ]);
  const names = rowNames(reference);
  const byState = summary.byState;
  const present = new Set(summary.countryCodes);
  const types = reference.applicantTypes.map(({ code, nameEn, nameFr }) => ({ code, nameEn, nameFr }));
  const countries = reference.countries
    .filter((c) => present.has(c.code))
    .map(({ code, nameEn, nameFr }) => ({ code, nameEn, nameFr }))
    .sort((a, b) => a.nameEn.localeCompare(b.nameEn, "en"));
  const codes = checklistCodes(call);
  const counts: Partial<Record<string, number>> = {};
  for (const g of byState) counts[g.state] = g.count;
  const total = filters.state ? (counts[filters.state] ?? 0) : byState.reduce((sum, g) => sum + g.count, 0);
  return {
    call,
    rows: records.map((r) => toRow(r, codes, names)),
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / SCREENING_PAGE_SIZE)),
    /** Per state, under the other filters: [state, count], in the machine's order. */
    stateCounts: APPLICATION_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => ({ state: s, count: counts[s] ?? 0 })),
    types,
    countries,
  };
}

// ------------------------------------------------------------------ one proposal

export async function getProposalForScreening(actor: Actor | null, proposalId: string) {
  requireScreener(actor);
  const proposal = await db().proposal.findUnique({
    where: { id: proposalId },
    include: {
      call: { select: { id: true, reference: true, titleEn: true, titleFr: true, timeZone: true, state: true, ...CALL_FACTS } },
      organisation: { include: { type: true, country: true } },
      submissions: { orderBy: { submittedAt: "asc" } },
      documents: { include: { document: { select: { id: true, filename: true, contentType: true, sizeBytes: true, status: true } } }, orderBy: { createdAt: "asc" } },
      partners: { select: { id: true, name: true, countryCode: true, typeCode: true } },
    },
  });
  // Drafts are the applicant's own business until they are submitted.
  if (!proposal || proposal.submittedAt === null || proposal.state === "draft") throw new AppError("not_found", "errors.notFound");
  const stage = screeningStage(proposal.call.procedure);
  const submission = proposal.submissions.find((s) => s.stage === stage) ?? proposal.submissions[0] ?? null;
  const documentCodes = new Set(proposal.documents.filter((d) => d.stage === stage).map((d) => d.requirementCode));
  // The frozen list of the submission counts too (documents replaced since stay recorded there).
  for (const d of z.array(z.object({ requirementCode: z.string() }).loose()).catch([]).parse(submission?.documents ?? [])) documentCodes.add(d.requirementCode);
  const o = proposal.organisation;
  const checklist = buildChecklist(
    proposal.call,
    {
      submittedAt: proposal.submittedAt,
      requestedAmountCents: proposal.requestedAmountCents,
      organisation: { typeCode: o.typeCode, countryCode: o.countryCode },
      country: { code: o.country.code, auMember: o.country.auMember, euMember: o.country.euMember },
      documentCodes: [...documentCodes],
    },
    proposal.adminCheck,
  );
  const timeline = await db().auditEvent.findMany({
    where: { entityType: "proposal", entityId: proposal.id },
    orderBy: { at: "asc" },
    take: 200,
    select: { id: true, at: true, action: true, fromState: true, toState: true, data: true, actor: { select: { name: true } } },
  });
  return {
    proposal,
    stage,
    deadline: stageDeadline(proposal.call),
    content: submission?.content ?? proposal.submittedContent ?? proposal.content,
    check: readAdminCheck(proposal.adminCheck),
    checklist,
    canDecide: SCREENABLE_STATES.includes(proposal.state),
    timeline,
  };
}

// ------------------------------------------------------------------ the checklist, saved

export async function saveChecklist(
  actor: Actor | null,
  proposalId: string,
  input: { answers: Record<string, CheckAnswer>; note: string; version: number },
  opts: { ipAddress?: string | null } = {},
): Promise<{ version: number }> {
  requireScreener(actor);
  const proposal = await db().proposal.findUnique({
    where: { id: proposalId },
    select: { id: true, state: true, version: true, adminCheck: true, submittedAt: true, call: { select: { procedure: true, requiredDocuments: true } } },
  });
  if (!proposal || proposal.submittedAt === null || proposal.state === "draft") throw new AppError("not_found", "errors.notFound");
  if (!SCREENABLE_STATES.includes(proposal.state)) throw new AppError("transition_refused", "screening.error.checkClosed");
  if (proposal.version !== input.version) throw new AppError("conflict", "screening.error.conflict");
  const codes = new Set(checklistCodes(proposal.call));
  const items: Record<string, CheckAnswer> = {};
  for (const [code, answer] of Object.entries(input.answers)) if (codes.has(code)) items[code] = answer;
  const stored = readAdminCheck(proposal.adminCheck);
  const next = { ...stored, items, note: input.note };
  await db().$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: proposalId, version: input.version },
      data: { adminCheck: next as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("conflict", "screening.error.conflict");
    await recordAudit(
      {
        actorId: actor.id,
        ipAddress: opts.ipAddress,
        action: "ADMIN_CHECKLIST_SAVED",
        entityType: "proposal",
        entityId: proposalId,
        data: { items, note: input.note, version: input.version + 1 } as Prisma.InputJsonValue,
      },
      tx,
    );
  });
  return { version: input.version + 1 };
}

// ------------------------------------------------------------------ decisions

export interface DecideOptions {
  ipAddress?: string | null;
  /** When set, a proposal of another call is "not found" (the bulk bar of one call). */
  callId?: string;
}

/**
 * Passes or fails the administrative check: START_ADMIN_CHECK first if the proposal is
 * still "submitted", then PASS_ADMIN_CHECK (to the concept note or full evaluation, by
 * procedure) or FAIL_ADMIN_CHECK with the reason the applicant is told. Each step goes
 * through applyTransition (permission, version lock, audit row).
 */
export async function decide(
  actor: Actor | null,
  proposalId: string,
  decision: Decision,
  reason: string,
  expectedVersion: number | undefined,
  opts: DecideOptions = {},
): Promise<{ state: string; version: number }> {
  requireScreener(actor);
  const why = reason.trim();
  if (decision === "fail" && why === "") throw new AppError("bad_request", "screening.error.reasonRequired", { field: "reason" });
  const proposal = await db().proposal.findUnique({ where: { id: proposalId }, select: { state: true, version: true, callId: true, adminCheck: true, submittedAt: true } });
  if (!proposal || proposal.submittedAt === null || proposal.state === "draft" || (opts.callId !== undefined && proposal.callId !== opts.callId)) {
    throw new AppError("not_found", "errors.notFound");
  }
  if (expectedVersion !== undefined && expectedVersion !== proposal.version) throw new AppError("conflict", "screening.error.conflict");
  let version = proposal.version;
  if (proposal.state === "submitted") {
    const started = await applyTransition({ entity: "proposal", id: proposalId, actor, event: { type: "START_ADMIN_CHECK" }, expectedVersion: version, ipAddress: opts.ipAddress });
    version = started.version;
  }
  const check = readAdminCheck(proposal.adminCheck);
  const adminCheck = { ...check, decision: { outcome: decision, reason: why, at: new Date().toISOString(), byId: actor.id } } as unknown as Prisma.InputJsonValue;
  return applyTransition({
    entity: "proposal",
    id: proposalId,
    actor,
    event: decision === "pass" ? { type: "PASS_ADMIN_CHECK" } : { type: "FAIL_ADMIN_CHECK", reason: why },
    expectedVersion: version,
    ipAddress: opts.ipAddress,
    extraData: { adminCheck },
  });
}

export interface Selection {
  id: string;
  expectedVersion?: number;
}

export type BulkResult =
  | { id: string; reference: string; ok: true; state: string }
  | { id: string; reference: string; ok: false; code: string; message: string };

/** The selected proposals of the call, for the confirmation step (unknown ids are left out). */
export async function previewSelection(actor: Actor | null, callId: string, selections: readonly Selection[]) {
  requireScreener(actor);
  const ids = [...new Set(selections.map((s) => s.id))];
  const found = await db().proposal.findMany({
    where: { id: { in: ids }, callId, submittedAt: { not: null } },
    select: { id: true, reference: true, title: true, state: true, version: true, organisation: { select: { legalName: true } } },
    orderBy: { reference: "asc" },
  });
  return found;
}

/**
 * Applies one decision to each selected proposal in turn, each in its own transition; one
 * refused (changed meanwhile, wrong state, not in the call) does not stop the others.
 */
export async function bulkDecide(
  actor: Actor | null,
  callId: string,
  selections: readonly Selection[],
  decision: Decision,
  reason: string,
  opts: { ipAddress?: string | null } = {},
): Promise<BulkResult[]> {
  requireScreener(actor);
  if (decision === "fail" && reason.trim() === "") throw new AppError("bad_request", "screening.error.reasonRequired", { field: "reason" });
  const unique = [...new Map(selections.map((s) => [s.id, s])).values()];
  const references = new Map(
    (await db().proposal.findMany({ where: { id: { in: unique.map((s) => s.id) } }, select: { id: true, reference: true } })).map((p) => [p.id, p.reference]),
  );
  const results: BulkResult[] = [];
  for (const s of unique) {
    const reference = references.get(s.id) ?? s.id;
    try {
      const r = await decide(actor, s.id, decision, reason, s.expectedVersion, { ipAddress: opts.ipAddress, callId });
      results.push({ id: s.id, reference, ok: true, state: r.state });
    } catch (error) {
      if (!isAppError(error) || error.code === "unauthenticated" || error.code === "forbidden") throw error;
      results.push({ id: s.id, reference, ok: false, code: error.code, message: error.message });
    }
  }
  return results;
}

// ------------------------------------------------------------------ the CSV export

export const CSV_COLUMNS = [
  "reference",
  "title",
  "organisation",
  "acronym",
  "applicant_type",
  "country",
  "requested_amount_eur",
  "submitted_at",
  "state",
  "checklist_answered",
  "checklist_total",
  "decision_reason",
] as const;

/** EUR with two decimals and a dot, as spreadsheets import it in any locale: 85000000 → "850000.00". */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * The filtered list as a CSV byte stream, fetched EXPORT_BATCH_SIZE rows at a time by
 * reference (keyset), so memory stays flat however many proposals there are. Permission
 * and the call are checked before the stream starts, so errors keep their status.
 */
export async function exportCsv(actor: Actor | null, callId: string, filters: Omit<ScreeningFilters, "page">, locale: Locale) {
  requireScreener(actor);
  const call = await findCall(callId);
  const codes = checklistCodes(call);
  let after: string | null = null;
  let done = false;
  const names = rowNames(await referenceData());
  const nextBatch = async (): Promise<CsvValue[][]> => {
    if (done) return [];
    const records = await readRows(callId, filters, { after, take: EXPORT_BATCH_SIZE });
    if (records.length < EXPORT_BATCH_SIZE) done = true;
    const last = records[records.length - 1];
    if (last) after = last.reference;
    return records.map((r) => {
      const row = toRow(r, codes, names);
      const o = row.organisation;
      return [
        row.reference,
        row.title,
        o.legalName,
        o.acronym ?? "",
        pick({ nameEn: o.typeNameEn, nameFr: o.typeNameFr }, "name", locale),
        pick({ nameEn: o.countryNameEn, nameFr: o.countryNameFr }, "name", locale),
        centsToDecimal(row.requestedAmountCents),
        row.submittedAt,
        staffStateLabel(row.state, locale),
        row.checklist.answered,
        row.checklist.total,
        row.decisionReason,
      ];
    });
  };
  return { filename: `${call.reference.replace(/[^A-Za-z0-9_.-]/g, "_")}-proposals.csv`, stream: csvStream(CSV_COLUMNS, nextBatch) };
}
