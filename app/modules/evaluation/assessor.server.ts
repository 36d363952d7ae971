// The assessor's side of the evaluation: the declaration of impartiality and confidentiality
// (once per call, before anything of the call's proposals is shown), the queue of their own
// evaluations, the scoring page (the proposal as frozen at submission, anonymised when the
// call is blind), draft scores, submission through the evaluation machine, and the
// declaration of a conflict of interest (scores discarded, grant managers asked to reassign).
//
// Every query is scoped to evaluations whose assessor is the signed-in evaluator and that are
// still theirs (not conflicted, not withdrawn); anything else is "not found".
import { referenceData } from "~/utils/reference-data.server.ts";
import { EVALUATION_STATE_LABELS, type EvaluationStateId } from "#workflows/evaluation.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { readContent, type PartnerEntry, type ProposalContent, type Sections } from "~/modules/applications/proposal-schema.ts";
import { readGrid, type GridDefinition } from "~/modules/calls/grid.ts";
import { DOWNLOAD_URL_SECONDS } from "~/modules/documents/uploads.server.ts";
import { presignedGetUrl, safeExtension } from "~/modules/documents/storage.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db, Prisma } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { pick, pickBilingual, type Locale } from "~/utils/i18n.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { DECLARATION_VERSION, declarationText } from "./declaration.ts";
import { problemsToFieldErrors, scoresFromForm, storableScores } from "./scoring-schema.ts";
import { readScores, scoredSections, validateScores, weightedTotals, type Scores } from "./scoring.ts";

export type Stage = "CONCEPT_NOTE" | "FULL_APPLICATION";

/** Evaluations that are no longer the assessor's: hidden from them everywhere. */
export const HIDDEN_STATES: readonly string[] = ["conflict_declared", "withdrawn"];
/** States in which the assessor may change scores. */
export const EDITABLE_STATES: readonly string[] = ["assigned", "in_progress", "returned"];
/** States in which a conflict may still be declared (the machine's `leave` transitions). */
export const CONFLICT_STATES: readonly string[] = ["assigned", "in_progress", "returned"];

interface Meta {
  ipAddress?: string | null;
}

/** The scoring form as posted: `score.<code>` and `justification.<code>` (other fields are ignored). */
export type FormValues = Record<string, string | undefined>;

const notFound = (): never => {
  throw new AppError("not_found", "errors.notFound");
};

/** Only evaluators score; grant managers read evaluations on their own pages. */
export function requireAssessor(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "evaluation", "list");
  if (actor.role !== "EVALUATOR") throw new AppError("forbidden", "errors.forbidden");
}

export function assessorStateLabel(state: string, locale: Locale): string {
  return pickBilingual(EVALUATION_STATE_LABELS[state as EvaluationStateId]?.applicant, locale, state);
}

const stageOf = (s: string): Stage => (s === "FULL_APPLICATION" ? "FULL_APPLICATION" : "CONCEPT_NOTE");

const EMPTY_GRID: GridDefinition = { max: 0, sections: [] };

export function gridForStage(call: { conceptNoteGrid: unknown; fullApplicationGrid: unknown }, stage: string): GridDefinition {
  return readGrid(stageOf(stage) === "FULL_APPLICATION" ? call.fullApplicationGrid : call.conceptNoteGrid) ?? EMPTY_GRID;
}

/** Criteria fully scored (valid score and a justification) of those to score. */
export function progressOf(grid: GridDefinition, scores: Scores): { scored: number; criteria: number } {
  const criteria = scoredSections(grid).reduce((n, s) => n + s.criteria.length, 0);
  const { problems } = validateScores(grid, scores);
  return { scored: criteria - Object.keys(problems).length, criteria };
}

async function declarationOf(userId: string, callId: string) {
  return db().impartialityDeclaration.findUnique({ where: { callId_userId: { callId, userId } } });
}

// ------------------------------------------------------------------ the declaration

/** The call as the assessor may see it before signing: its name and how many proposals wait. */
export async function getDeclarationPage(actor: Actor | null, callId: string, locale: Locale) {
  requireAssessor(actor);
  const call = callId ? await db().call.findUnique({ where: { id: callId }, select: { id: true, reference: true, titleEn: true, titleFr: true, timeZone: true } }) : null;
  if (!call) return notFound();
  const assigned = await db().evaluation.count({ where: { callId, assessorId: actor.id, state: { notIn: [...HIDDEN_STATES] } } });
  const declaration = await declarationOf(actor.id, callId);
  // Assessors learn of a call only through an assignment (or a declaration already signed).
  if (assigned === 0 && !declaration) return notFound();
  return {
    call: { id: call.id, reference: call.reference, title: pick(call, "title", locale), timeZone: call.timeZone },
    assigned,
    signed: declaration ? { at: declaration.signedAt.toISOString(), textVersion: declaration.textVersion, text: declaration.text } : null,
    textVersion: DECLARATION_VERSION,
  };
}

/** Records the signature (time, text version, the exact text in the assessor's language, address) with an audit row. */
export async function signDeclaration(actor: Actor | null, callId: string, input: { textVersion: string; locale: Locale }, meta: Meta = {}) {
  requireAssessor(actor);
  const assigned = callId ? await db().evaluation.count({ where: { callId, assessorId: actor.id, state: { notIn: [...HIDDEN_STATES] } } }) : 0;
  if (assigned === 0) return notFound();
  const existing = await declarationOf(actor.id, callId);
  if (existing) return existing;
  // The text changed since the page was shown: sign what is current, after reading it.
  if (input.textVersion !== DECLARATION_VERSION) throw new AppError("bad_request", "assessing.declaration.textChanged", { field: "agree" });
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.impartialityDeclaration.create({
        data: { callId, userId: actor.id, textVersion: DECLARATION_VERSION, text: declarationText(input.locale), ipAddress: meta.ipAddress ?? null },
      });
      await recordAudit(
        { actorId: actor.id, ipAddress: meta.ipAddress, action: "declaration_signed", entityType: "call", entityId: callId, data: { declarationId: row.id, textVersion: DECLARATION_VERSION, locale: input.locale } },
        tx,
      );
      return row;
    });
  } catch (error) {
    // Signed twice at once (two tabs): the first signature stands.
    const again = await declarationOf(actor.id, callId);
    if (again) return again;
    throw error;
  }
}

// ------------------------------------------------------------------ the queue

export interface QueueRow {
  id: string;
  reference: string;
  title: string;
  stage: Stage;
  state: string;
  stateLabel: string;
  scored: number;
  criteria: number;
  total: number;
  max: number;
  returnReason: string | null;
  canDeclareConflict: boolean;
}

interface QueueCallRow {
  callId: string;
  assigned: number;
  firstAt: Date;
  reference: string;
  titleEn: string;
  titleFr: string;
  timeZone: string;
  conceptNoteGrid: unknown;
  fullApplicationGrid: unknown;
  signedAt: Date | null;
}

interface QueueEvaluationRow {
  id: string;
  callId: string;
  stage: string;
  state: string;
  scores: unknown;
  returnReason: string | null;
  reference: string;
  title: string;
}

export interface QueueCall {
  id: string;
  reference: string;
  title: string;
  timeZone: string;
  /** Number of proposals assigned (shown before signing: nothing else is). */
  assigned: number;
  /** The page of the call's evaluations shown (1-based) and how many there are. */
  page: number;
  pageCount: number;
  signedAt: string | null;
  /** Empty until the declaration is signed. */
  evaluations: QueueRow[];
}

/** Evaluations shown per call and page: 25, as the staff lists. */
export const QUEUE_PAGE_SIZE = 25;

/**
 * The assessor's calls with how many evaluations each holds (a groupBy), and for each signed
 * call one page of QUEUE_PAGE_SIZE evaluations, paged in SQL: a fixed number of statements and
 * bounded markup however many evaluations there are. `pageOf(callId)` is the page asked for.
 */
export async function listQueue(actor: Actor | null, locale: Locale, pageOf: (callId: string) => number = () => 1): Promise<QueueCall[]> {
  requireAssessor(actor);
  const hidden = Prisma.join([...HIDDEN_STATES]);
  // The assessor's calls, with the call's facts and the assessor's declaration, in one statement.
  const counts = await db().$queryRaw<QueueCallRow[]>`
    SELECT e."callId", count(*)::int AS "assigned", min(e."createdAt") AS "firstAt",
           c."reference", c."titleEn", c."titleFr", c."timeZone", c."conceptNoteGrid", c."fullApplicationGrid", d."signedAt"
    FROM "Evaluation" e
    JOIN "Call" c ON c."id" = e."callId"
    LEFT JOIN "ImpartialityDeclaration" d ON d."callId" = e."callId" AND d."userId" = ${actor.id}
    WHERE e."assessorId" = ${actor.id} AND e."state" NOT IN (${hidden})
    GROUP BY e."callId", c."id", d."id"`;
  if (counts.length === 0) return [];
  const callById = new Map(counts.map((c) => [c.callId, c]));
  // Calls in the order their first evaluation came (as before: oldest assignment first).
  const ordered = [...counts].sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime() || a.callId.localeCompare(b.callId));
  const pages = new Map(
    ordered.map((c) => {
      const pageCount = Math.max(1, Math.ceil(c.assigned / QUEUE_PAGE_SIZE));
      return [c.callId, { page: Math.min(Math.max(1, Math.trunc(pageOf(c.callId)) || 1), pageCount), pageCount, assigned: c.assigned }];
    }),
  );
  // One page per signed call in one statement: rank each evaluation within its call, keep the
  // asked window, with the proposal's reference and title. Before the declaration, nothing of
  // the proposal leaves the database.
  const signedIds = ordered.filter((c) => c.signedAt !== null).map((c) => c.callId);
  const offsets = signedIds.map((id) => ((pages.get(id)?.page ?? 1) - 1) * QUEUE_PAGE_SIZE);
  const evaluations = signedIds.length
    ? await db().$queryRaw<QueueEvaluationRow[]>`
        SELECT x."id", x."callId", x."stage"::text AS "stage", x."state", x."scores", x."returnReason", p."reference", p."title"
        FROM (
          SELECT e."id", e."callId", e."stage", e."state", e."scores", e."returnReason", e."proposalId", e."createdAt",
                 ROW_NUMBER() OVER (PARTITION BY e."callId" ORDER BY e."createdAt" ASC, e."id" ASC) AS "rn"
          FROM "Evaluation" e
          WHERE e."assessorId" = ${actor.id} AND e."state" NOT IN (${hidden}) AND e."callId" IN (${Prisma.join(signedIds)})
        ) x
        JOIN unnest(${signedIds}::text[], ${offsets}::int[]) AS w("callId", "offset") ON w."callId" = x."callId"
        JOIN "Proposal" p ON p."id" = x."proposalId"
        WHERE x."rn" > w."offset" AND x."rn" <= w."offset" + ${QUEUE_PAGE_SIZE}
        ORDER BY x."createdAt" ASC, x."id" ASC`
    : [];
  // Each call's grid is read (validated) once per stage, not once per evaluation of the page.
  const grids = new Map<string, GridDefinition>();
  const gridOf = (call: QueueCallRow, stage: string) => {
    const key = `${call.callId}:${stageOf(stage)}`;
    let grid = grids.get(key);
    if (!grid) grids.set(key, (grid = gridForStage(call, stage)));
    return grid;
  };
  const calls = new Map<string, QueueCall>();
  for (const c of ordered) {
    const call = callById.get(c.callId);
    const paging = pages.get(c.callId);
    if (!call || !paging) continue;
    const signedAt = call.signedAt;
    calls.set(c.callId, { id: call.callId, reference: call.reference, title: pick(call, "title", locale), timeZone: call.timeZone, assigned: paging.assigned, page: paging.page, pageCount: paging.pageCount, signedAt: signedAt?.toISOString() ?? null, evaluations: [] });
  }
  for (const e of evaluations) {
    const call = callById.get(e.callId);
    const target = calls.get(e.callId);
    // Before the declaration, nothing of the proposal leaves the server (and no page is read).
    if (!call || !target?.signedAt) continue;
    const grid = gridOf(call, e.stage);
    const scores = readScores(e.scores);
    const totals = weightedTotals(grid, scores);
    target.evaluations.push({
      id: e.id,
      reference: e.reference,
      title: e.title,
      stage: stageOf(e.stage),
      state: e.state,
      stateLabel: assessorStateLabel(e.state, locale),
      ...progressOf(grid, scores),
      total: totals.total,
      max: totals.max,
      returnReason: e.state === "returned" ? e.returnReason : null,
      canDeclareConflict: CONFLICT_STATES.includes(e.state),
    });
  }
  return [...calls.values()];
}

/** For the dashboard: evaluations still to finish, submitted ones, and calls waiting for a signature. */
export async function queueCounts(actor: Actor | null): Promise<{ toDo: number; submitted: number; unsignedCalls: number }> {
  requireAssessor(actor);
  const rows = await db().evaluation.findMany({ where: { assessorId: actor.id, state: { notIn: [...HIDDEN_STATES] } }, select: { callId: true, state: true } });
  const callIds = [...new Set(rows.map((r) => r.callId))];
  const signed = callIds.length ? await db().impartialityDeclaration.count({ where: { userId: actor.id, callId: { in: callIds } } }) : 0;
  return {
    toDo: rows.filter((r) => EDITABLE_STATES.includes(r.state)).length,
    submitted: rows.filter((r) => r.state === "submitted").length,
    unsignedCalls: callIds.length - signed,
  };
}

// ------------------------------------------------------------------ one evaluation

const EVALUATION_SELECT = {
  id: true,
  callId: true,
  proposalId: true,
  stage: true,
  state: true,
  version: true,
  scores: true,
  total: true,
  returnReason: true,
  submittedAt: true,
  updatedAt: true,
  call: { select: { id: true, reference: true, titleEn: true, titleFr: true, timeZone: true, blindReview: true, conceptNoteGrid: true, fullApplicationGrid: true, requiredDocuments: true } },
} as const satisfies Prisma.EvaluationSelect;

type LoadedEvaluation = Prisma.EvaluationGetPayload<{ select: typeof EVALUATION_SELECT }>;

export class DeclarationRequired extends Error {
  constructor(readonly callId: string) {
    super("declaration required");
  }
}

/**
 * The actor's own evaluation, still theirs, in a call whose declaration they signed. Anything
 * else is "not found", except a missing declaration when `declaration: "redirect"` (the page
 * sends the assessor to sign it first).
 */
async function loadOwnEvaluation(actor: Actor | null, evaluationId: string, opts: { declaration: "redirect" | "not_found" } = { declaration: "not_found" }): Promise<LoadedEvaluation> {
  requireAssessor(actor);
  const evaluation = evaluationId
    ? await db().evaluation.findFirst({ where: { id: evaluationId, assessorId: actor.id, state: { notIn: [...HIDDEN_STATES] } }, select: EVALUATION_SELECT })
    : null;
  if (!evaluation) return notFound();
  if (!(await declarationOf(actor.id, evaluation.callId))) {
    if (opts.declaration === "redirect") throw new DeclarationRequired(evaluation.callId);
    return notFound();
  }
  return evaluation;
}

interface FrozenDocument {
  documentId: string;
  requirementCode: string;
  filename: string;
}

/** The documents frozen with the proposal for the stage (older submissions: the stage's attached documents). */
async function frozenDocuments(proposalId: string, stage: string): Promise<{ content: unknown; documents: FrozenDocument[] }> {
  const [submission, proposal] = await Promise.all([
    db().proposalSubmission.findUnique({ where: { proposalId_stage: { proposalId, stage } } }),
    db().proposal.findUnique({ where: { id: proposalId }, select: { submittedContent: true, documents: { select: { documentId: true, requirementCode: true, stage: true, document: { select: { filename: true } } } } } }),
  ]);
  const fromSubmission = Array.isArray(submission?.documents)
    ? (submission.documents as unknown[]).flatMap((d): FrozenDocument[] => {
        const o = (typeof d === "object" && d !== null ? d : {}) as Record<string, unknown>;
        return typeof o.documentId === "string" ? [{ documentId: o.documentId, requirementCode: typeof o.requirementCode === "string" ? o.requirementCode : "", filename: typeof o.filename === "string" ? o.filename : "" }] : [];
      })
    : null;
  const documents =
    fromSubmission ??
    (proposal?.documents ?? [])
      .filter((d) => d.stage.toUpperCase() === stage)
      .map((d) => ({ documentId: d.documentId, requirementCode: d.requirementCode, filename: d.document.filename }));
  return { content: submission?.content ?? proposal?.submittedContent ?? {}, documents };
}

/** Partner entries of the frozen content with names and contacts removed (blind review). */
function anonymiseSections(sections: Sections | undefined, typeNames: Map<string, string>, countryNames: Map<string, string>, label: (n: number) => string): Sections | undefined {
  if (!sections?.partners) return sections;
  const partners: PartnerEntry[] = (sections.partners.partners ?? []).map((p, i) => ({
    organisationId: null,
    name: label(i + 1),
    // ProposalCopy shows "name (country, contact)": the contact becomes the type.
    email: typeNames.get(p.typeCode) ?? p.typeCode,
    countryCode: countryNames.get(p.countryCode) ?? p.countryCode,
    typeCode: p.typeCode,
  }));
  return { ...sections, partners: { partners } };
}

/** Registered partners are stored by id: show their names instead (not in blind review). */
function namePartners(sections: Sections | undefined, orgNames: Map<string, string>): Sections | undefined {
  if (!sections?.partners) return sections;
  const partners = (sections.partners.partners ?? []).map((p) => (p.organisationId ? { ...p, name: orgNames.get(p.organisationId) ?? p.name, organisationId: null } : p));
  return { ...sections, partners: { partners } };
}

export interface ScoringPage {
  evaluation: {
    id: string;
    stage: Stage;
    state: string;
    stateLabel: string;
    version: number;
    scores: Scores;
    total: number | null;
    returnReason: string | null;
    submittedAt: string | null;
    editable: boolean;
    canDeclareConflict: boolean;
  };
  call: { id: string; reference: string; title: string; timeZone: string; blindReview: boolean };
  grid: GridDefinition;
  proposal: { reference: string; title: string; content: ProposalContent; names: Record<string, string> };
  organisation: { name: string | null; acronym: string | null; type: string; country: string };
  partners: { id: string; name: string | null; type: string; country: string }[];
  documents: { id: string; requirement: string; filename: string }[];
}

export async function getScoringPage(actor: Actor | null, evaluationId: string, locale: Locale, labels: { partner: (n: number) => string }): Promise<ScoringPage> {
  const evaluation = await loadOwnEvaluation(actor, evaluationId, { declaration: "redirect" });
  const { call } = evaluation;
  const stage = stageOf(evaluation.stage);
  const [proposal, frozen, { applicantTypes: types, countries, jvapDomains: domains }] = await Promise.all([
    db().proposal.findUniqueOrThrow({
      where: { id: evaluation.proposalId },
      select: { reference: true, title: true, organisation: { select: { legalName: true, acronym: true, typeCode: true, countryCode: true } }, partners: { select: { id: true, name: true, countryCode: true, typeCode: true }, orderBy: { createdAt: "asc" } } },
    }),
    frozenDocuments(evaluation.proposalId, stage),
    referenceData(),
  ]);
  const typeNames = new Map(types.map((r) => [r.code, pick(r, "name", locale)]));
  const countryNames = new Map(countries.map((r) => [r.code, pick(r, "name", locale)]));
  const blind = call.blindReview;

  let content = readContent(frozen.content, stage);
  if (blind) {
    content = { ...content, sections: anonymiseSections(content.sections, typeNames, countryNames, labels.partner) ?? {} };
    if (content.conceptNote) content.conceptNote = anonymiseSections(content.conceptNote, typeNames, countryNames, labels.partner);
  } else {
    const ids = [content.sections, content.conceptNote].flatMap((s) => (s?.partners?.partners ?? []).map((p) => p.organisationId)).filter((x): x is string => !!x);
    const orgs = ids.length ? await db().organisation.findMany({ where: { id: { in: ids } }, select: { id: true, legalName: true } }) : [];
    const orgNames = new Map(orgs.map((o) => [o.id, o.legalName]));
    content = { ...content, sections: namePartners(content.sections, orgNames) ?? {} };
    if (content.conceptNote) content.conceptNote = namePartners(content.conceptNote, orgNames);
  }

  // Only files that passed the checks are offered; names of requirements from the call.
  const ready = frozen.documents.length
    ? new Set((await db().document.findMany({ where: { id: { in: frozen.documents.map((d) => d.documentId) }, status: "ready" }, select: { id: true } })).map((d) => d.id))
    : new Set<string>();
  const requirementNames = requirementNamesOf(call.requiredDocuments, locale);
  const documents = frozen.documents
    .filter((d) => ready.has(d.documentId))
    .map((d) => {
      const requirement = requirementNames.get(d.requirementCode) ?? d.requirementCode;
      return { id: d.documentId, requirement, filename: blind ? blindFilename(proposal.reference, d, requirement) : d.filename };
    });

  const scores = readScores(evaluation.scores);
  return {
    evaluation: {
      id: evaluation.id,
      stage,
      state: evaluation.state,
      stateLabel: assessorStateLabel(evaluation.state, locale),
      version: evaluation.version,
      scores,
      total: evaluation.total,
      returnReason: evaluation.state === "returned" ? evaluation.returnReason : null,
      submittedAt: evaluation.submittedAt?.toISOString() ?? null,
      editable: EDITABLE_STATES.includes(evaluation.state),
      canDeclareConflict: CONFLICT_STATES.includes(evaluation.state),
    },
    call: { id: call.id, reference: call.reference, title: pick(call, "title", locale), timeZone: call.timeZone, blindReview: blind },
    grid: gridForStage(call, stage),
    proposal: {
      reference: proposal.reference,
      title: proposal.title,
      content,
      names: Object.fromEntries([...domains.map((r) => [r.code, pick(r, "name", locale)] as const), ...countryNames]),
    },
    organisation: {
      name: blind ? null : proposal.organisation.legalName,
      acronym: blind ? null : proposal.organisation.acronym,
      type: typeNames.get(proposal.organisation.typeCode) ?? proposal.organisation.typeCode,
      country: countryNames.get(proposal.organisation.countryCode) ?? proposal.organisation.countryCode,
    },
    partners: proposal.partners.map((p) => ({ id: p.id, name: blind ? null : p.name, type: typeNames.get(p.typeCode) ?? p.typeCode, country: countryNames.get(p.countryCode) ?? p.countryCode })),
    documents,
  };
}

function requirementNamesOf(raw: unknown, locale: Locale): Map<string, string> {
  const list = Array.isArray(raw) ? raw : [];
  const names = new Map<string, string>();
  for (const r of list) {
    if (typeof r === "object" && r !== null && typeof (r as { code?: unknown }).code === "string") {
      const name = pick(r, "name", locale);
      if (name) names.set((r as { code: string }).code, name);
    }
  }
  return names;
}

/** Blind review: a file's own name may carry the organisation's; offer a neutral one. */
function blindFilename(reference: string, d: FrozenDocument, label: string): string {
  const ext = safeExtension(d.filename);
  const base = `${reference} ${label}`.replace(/[^\p{L}\p{N} ._-]/gu, "").trim() || reference;
  return ext ? `${base}.${ext}` : base;
}

/** A 5-minute link to a document frozen with the proposal, for its assessor only. */
export async function assessorDocumentUrl(actor: Actor | null, evaluationId: string, documentId: string, locale: Locale): Promise<string> {
  const evaluation = await loadOwnEvaluation(actor, evaluationId);
  const frozen = await frozenDocuments(evaluation.proposalId, stageOf(evaluation.stage));
  const entry = frozen.documents.find((d) => d.documentId === documentId);
  if (!entry) return notFound();
  const doc = await db().document.findUnique({ where: { id: documentId }, select: { storageKey: true, filename: true, contentType: true, status: true } });
  if (!doc || doc.status !== "ready") return notFound();
  let filename = doc.filename;
  if (evaluation.call.blindReview) {
    const proposal = await db().proposal.findUniqueOrThrow({ where: { id: evaluation.proposalId }, select: { reference: true } });
    const requirement = requirementNamesOf(evaluation.call.requiredDocuments, locale).get(entry.requirementCode) ?? entry.requirementCode;
    filename = blindFilename(proposal.reference, { ...entry, filename: doc.filename }, requirement);
  }
  return presignedGetUrl(doc.storageKey, { filename, contentType: doc.contentType, expiresInSeconds: DOWNLOAD_URL_SECONDS });
}

// ------------------------------------------------------------------ scores

function conflictError(): AppError {
  return new AppError("conflict", "assessing.score.conflict");
}

/**
 * Saves draft scores (not a state change). The first save of an assigned evaluation starts it
 * through the machine (which checks the declaration); later saves bump the version so that
 * two tabs cannot overwrite each other unseen.
 */
export async function saveDraft(actor: Actor | null, evaluationId: string, values: FormValues, expectedVersion: number, meta: Meta = {}): Promise<{ version: number; savedAt: string }> {
  const evaluation = await loadOwnEvaluation(actor, evaluationId);
  const scores = scoresFromForm(gridForStage(evaluation.call, evaluation.stage), values);
  if (!EDITABLE_STATES.includes(evaluation.state)) throw new AppError("transition_refused", "assessing.score.notEditable");
  if (evaluation.version !== expectedVersion) throw conflictError();
  const json = storableScores(scores) as unknown as Prisma.InputJsonValue;
  if (evaluation.state === "assigned") {
    try {
      const r = await applyTransition({ entity: "evaluation", id: evaluation.id, actor, event: { type: "START" }, expectedVersion, extraData: { scores: json }, ipAddress: meta.ipAddress });
      return { version: r.version, savedAt: new Date().toISOString() };
    } catch (error) {
      if (isAppError(error) && error.code === "conflict") throw conflictError();
      throw error;
    }
  }
  const { count } = await db().evaluation.updateMany({
    where: { id: evaluation.id, assessorId: actor!.id, version: expectedVersion, state: { in: [...EDITABLE_STATES] } },
    data: { scores: json, version: { increment: 1 } },
  });
  if (count === 0) throw conflictError();
  return { version: expectedVersion + 1, savedAt: new Date().toISOString() };
}

export type SubmitResult = { ok: true; total: number } | { ok: false; fieldErrors: Record<string, string[]>; version: number };

/**
 * Keeps what was typed as the draft, then asks the machine to SUBMIT with the completeness
 * computed from the grid. Refused: field errors per criterion. Accepted: scores, weighted
 * total and submission time stored with the state.
 */
export async function submitEvaluation(actor: Actor | null, evaluationId: string, values: FormValues, expectedVersion: number, meta: Meta = {}): Promise<SubmitResult> {
  const draft = await saveDraft(actor, evaluationId, values, expectedVersion, meta);
  const evaluation = await loadOwnEvaluation(actor, evaluationId);
  const grid = gridForStage(evaluation.call, evaluation.stage);
  const scores = scoresFromForm(grid, values);
  const { complete, problems } = validateScores(grid, scores);
  const fieldErrors = problemsToFieldErrors(problems, scores);
  if (grid.sections.length === 0) return { ok: false, fieldErrors: { form: ["assessing.score.noGrid"] }, version: draft.version };
  const total = weightedTotals(grid, scores).total;
  const at = new Date();
  try {
    await applyTransition({
      entity: "evaluation",
      id: evaluation.id,
      actor,
      expectedVersion: draft.version,
      event: { type: "SUBMIT", at: at.toISOString() },
      context: { isComplete: complete, problems: Object.entries(problems).map(([code, list]) => `${code}: ${list.join(", ")}`) },
      extraData: { scores: storableScores(scores) as unknown as Prisma.InputJsonValue, total, submittedAt: at },
      ipAddress: meta.ipAddress,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "transition_refused" && !complete) return { ok: false, fieldErrors, version: draft.version };
    if (isAppError(error) && error.code === "conflict") throw conflictError();
    throw error;
  }
  return { ok: true, total };
}

// ------------------------------------------------------------------ conflict of interest

/**
 * The assessor withdraws from this proposal: the machine records the conflict, the scores are
 * discarded, and after commit every grant manager is asked by email to assign someone else.
 */
export async function declareConflict(actor: Actor | null, evaluationId: string, reason: string, meta: Meta & { origin: string }): Promise<{ callId: string }> {
  const evaluation = await loadOwnEvaluation(actor, evaluationId);
  const [assessor, proposal] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: actor!.id }, select: { name: true } }),
    db().proposal.findUniqueOrThrow({ where: { id: evaluation.proposalId }, select: { reference: true } }),
  ]);
  await applyTransition({
    entity: "evaluation",
    id: evaluation.id,
    actor,
    event: { type: "DECLARE_CONFLICT", reason },
    extraData: { conflictReason: reason, scores: {}, total: null },
    ipAddress: meta.ipAddress,
    effects: async () => {
      const managers = await db().user.findMany({ where: { role: "GRANT_MANAGER", disabledAt: null }, select: { email: true, locale: true } });
      const link = new URL(`/manage/calls/${evaluation.callId}/evaluation`, meta.origin).toString();
      for (const m of managers) {
        const id = await queueEmail({ to: m.email, template: "reassignmentNeeded", locale: m.locale, params: { reference: proposal.reference, assessor: assessor.name, reason, link } });
        await deliverEmail(id);
      }
    },
  });
  return { callId: evaluation.callId };
}
