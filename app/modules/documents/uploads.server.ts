// Proposal documents uploaded straight from the browser to the object store:
//   1. requestUpload: the server checks who, which proposal, which requirement, the declared
//      size and type, writes a "pending" Document (and its ProposalDocument link) and hands
//      out a short-lived presigned PUT;
//   2. the browser PUTs the bytes to S3 itself (the app server never holds them);
//   3. completeUpload: the server looks at what really arrived (size, magic bytes, optionally
//      a clamd scan), rejects and deletes a file that lies or is refused, or marks it "ready"
//      and makes it the requirement's current file, keeping the one it replaces as a
//      previous version (Document.previousVersionId).
// Other organisations' proposals and documents are "not found", whatever id is posted.
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { readRequiredDocuments, type RequiredDocument } from "~/modules/calls/call-schema.ts";
import { db } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { translator, type Locale, type Params } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { ClamavError, clamavConfig, scanStream } from "./clamav.server.ts";
import { detectUploadFileType, extensionOf, OFFICE_SCAN_BYTES } from "./file-type.ts";
import { deleteObject, getObjectStream, headObject, newStorageKey, presignedGetUrl, presignedPutUrl, readFirstBytes, sanitiseFilename } from "./storage.server.ts";
import { allowedTypeByExtension, allowedTypeByMime, DEFAULT_UPLOAD_MAX_BYTES, formatBytes } from "./upload-rules.ts";

/** The presigned PUT must start within this time; the server checks what arrived anyway. */
export const UPLOAD_URL_SECONDS = 10 * 60;
/** Download links: enough to start the download, too short to be worth sharing. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export type DocumentStage = RequiredDocument["stage"];

/** UPLOAD_MAX_BYTES, else 20 MB. */
export function uploadMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.UPLOAD_MAX_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_UPLOAD_MAX_BYTES;
}

const EN = translator("en");
const maxLabel = (t = EN) => formatBytes(uploadMaxBytes(), t);

/** An AppError whose message is an i18n key with parameters (the API routes translate it). */
function fail(code: ConstructorParameters<typeof AppError>[0], key: string, params?: Params): never {
  throw new AppError(code, key, params ? { params } : undefined);
}

// ---------------------------------------------------------------- stages

/** States in which the applicant is still preparing what the proposal's stage needs. */
const UPLOADABLE_STATES = new Set(["draft", "invited_full"]);
/** Restricted procedure: the states of the concept-note stage (before the invitation). */
const CONCEPT_NOTE_STATES = new Set(["draft", "submitted", "admin_check", "rejected_admin", "cn_evaluation", "preselected", "not_preselected"]);

/** The document stage a proposal is at: open calls have one stage, the full application. */
export function proposalStage(state: string, procedure: string): DocumentStage {
  if (procedure !== "RESTRICTED") return "FULL_APPLICATION";
  return CONCEPT_NOTE_STATES.has(state) ? "CONCEPT_NOTE" : "FULL_APPLICATION";
}

export function isUploadableState(state: string): boolean {
  return UPLOADABLE_STATES.has(state);
}

// ---------------------------------------------------------------- loading with scope

async function loadProposal(actor: Actor | null, proposalId: string) {
  if (!actor) fail("unauthenticated", "errors.unauthenticated");
  const proposal = proposalId
    ? await db().proposal.findUnique({ where: { id: proposalId }, include: { call: { select: { id: true, procedure: true, requiredDocuments: true, titleEn: true, titleFr: true } } } })
    : null;
  // Another organisation's proposal looks exactly like a missing one.
  if (!proposal || !can(actor, "proposal", "read", { organisationId: proposal.organisationId })) fail("not_found", "uploads.error.proposalNotFound");
  return proposal;
}

function requireUploadRights(actor: Actor, organisationId: string): void {
  // Changing a proposal's documents needs both rights on that organisation (applicants).
  if (!can(actor, "proposal", "update", { organisationId }) || !can(actor, "document", "create", { organisationId })) fail("forbidden", "errors.forbidden");
}

// ---------------------------------------------------------------- 1. request

export const RequestUploadSchema = z.object({
  proposalId: z.string().trim().min(1).max(100),
  requirementCode: z.string().trim().min(1).max(100),
  filename: z.string().min(1).max(1000),
  contentType: z.string().max(200).default(""),
  sizeBytes: z.number().int().nonnegative(),
});
export type RequestUploadInput = z.infer<typeof RequestUploadSchema>;

export interface UploadTicket {
  documentId: string;
  url: string;
  method: "PUT";
  /** Send exactly these with the PUT: Content-Type is part of the signature. */
  headers: Record<string, string>;
  expiresInSeconds: number;
  maxBytes: number;
}

/** Parses untrusted input (a JSON body) with a clear 400 instead of a crash. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) fail("bad_request", "uploads.error.badJson");
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    fail("bad_request", "uploads.error.badInput", { details });
  }
  return parsed.data;
}

export async function requestUpload(actor: Actor | null, rawInput: unknown): Promise<UploadTicket> {
  if (!actor) fail("unauthenticated", "errors.unauthenticated");
  requirePermission(actor, "document", "create");
  const input = parseInput(RequestUploadSchema, rawInput);
  const proposal = await loadProposal(actor, input.proposalId);
  requireUploadRights(actor, proposal.organisationId);
  if (!isUploadableState(proposal.state)) fail("transition_refused", "uploads.error.notDraft");

  const stage = proposalStage(proposal.state, proposal.call.procedure);
  const requirement = readRequiredDocuments(proposal.call.requiredDocuments).find((d) => d.code === input.requirementCode && d.stage === stage);
  if (!requirement) fail("bad_request", "uploads.error.unknownRequirement", { code: input.requirementCode.slice(0, 100) });

  const max = uploadMaxBytes();
  if (input.sizeBytes > max) fail("bad_request", "uploads.error.tooLarge", { max: maxLabel() });
  if (input.sizeBytes === 0) fail("bad_request", "uploads.error.empty");

  const { filename, storedFilename, type } = announcedType(input.filename, input.contentType);
  const storageKey = newStorageKey(`proposals/${safeSegment(proposal.id)}`, filename);
  const doc = await db().$transaction(async (tx) => {
    const created = await tx.document.create({
      data: {
        storageKey,
        filename: storedFilename,
        contentType: type.mime,
        sizeBytes: input.sizeBytes,
        kind: requirement.code,
        status: "pending",
        organisationId: proposal.organisationId,
        uploadedById: actor.id,
      },
    });
    // The link is written now so that completing knows where the file belongs; only a
    // "ready" document counts as the requirement's file.
    await tx.proposalDocument.create({ data: { proposalId: proposal.id, documentId: created.id, requirementCode: requirement.code, stage } });
    return created;
  });
  const put = await presignedPutUrl(storageKey, { contentType: type.mime, expiresInSeconds: UPLOAD_URL_SECONDS });
  return { documentId: doc.id, url: put.url, method: put.method, headers: put.headers, expiresInSeconds: UPLOAD_URL_SECONDS, maxBytes: max };
}

/**
 * The type a file announced before its upload (its name and the browser's type), refused now
 * when it is not allowed or the two disagree; what arrived is checked again on completion.
 * Browsers send "" or application/octet-stream for types they do not know (DOCX on some
 * systems): the extension decides then.
 */
export function announcedType(rawFilename: string, contentType: string) {
  const filename = sanitiseFilename(rawFilename);
  const ext = extensionOf(filename);
  const byMime = allowedTypeByMime(contentType);
  const byExt = ext ? allowedTypeByExtension(ext) : undefined;
  const type = byMime ?? (/^(application\/octet-stream)?$/i.test(contentType.trim()) ? byExt : undefined);
  if (!type) fail("bad_request", "uploads.error.typeNotAllowed");
  if (ext && byExt?.mime !== type.mime) fail("bad_request", "uploads.error.nameMismatch");
  return { filename, storedFilename: ext ? filename : `${filename}.${type.extensions[0]}`, type };
}

export type StoredUploadCheck = { ok: true; size: number; mime: string } | { ok: false; reasonKey: string; params: Params };

/**
 * What arrived in the store for a pending document, whatever it is attached to: there at all
 * (else bad_request), not empty nor too large, bytes of an allowed type that match its name
 * and announced type, and — when clamd is configured — clean. A scanner that does not answer
 * fails closed with `unavailable`, leaving the upload pending so completing can be retried.
 */
export async function checkStoredUpload(doc: { id: string; storageKey: string; filename: string; contentType: string }): Promise<StoredUploadCheck> {
  const refused = (reasonKey: string, params: Params = {}): StoredUploadCheck => ({ ok: false, reasonKey, params });
  const info = await headObject(doc.storageKey);
  if (!info) fail("bad_request", "uploads.error.notUploaded");
  if (info.size > uploadMaxBytes()) return refused("uploads.rejected.tooLarge", { max: maxLabel() });
  if (info.size === 0) return refused("uploads.rejected.empty");

  const head = (await readFirstBytes(doc.storageKey, OFFICE_SCAN_BYTES)) ?? Buffer.alloc(0);
  const actual = detectUploadFileType(head, doc.filename);
  if (!actual || !allowedTypeByMime(actual.mime)) return refused("uploads.rejected.type");
  // The bytes decide: "report.pdf" announced as a PDF must be one.
  const ext = extensionOf(doc.filename);
  if (actual.mime !== doc.contentType || (ext !== "" && !actual.extensions.includes(ext))) {
    return refused("uploads.rejected.mismatch", { actual: actual.extension.toUpperCase(), declared: ext ? ext.toUpperCase() : doc.contentType });
  }

  const clamav = clamavConfig();
  if (clamav) {
    let result;
    try {
      const { body } = await getObjectStream(doc.storageKey);
      result = await scanStream(body, clamav);
    } catch (e) {
      if (e instanceof ClamavError) {
        console.warn(JSON.stringify({ level: "warn", msg: "virus scan failed", documentId: doc.id, error: e.message }));
        fail("unavailable", "uploads.error.scanUnavailable");
      }
      throw e;
    }
    if (!result.clean) return refused("uploads.rejected.virus", { name: result.virus.slice(0, 200) });
  }
  return { ok: true, size: info.size, mime: actual.mime };
}

function safeSegment(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_") || "proposal";
}

// ---------------------------------------------------------------- 2. complete

export type UploadVerdict =
  | { status: "ready"; documentId: string; filename: string; sizeBytes: number; contentType: string; previousVersionId: string | null }
  | { status: "rejected"; documentId: string; reasonKey: string; params: Params; reason: string };

async function loadOwnDocument(actor: Actor | null, documentId: string) {
  if (!actor) fail("unauthenticated", "errors.unauthenticated");
  const doc = documentId
    ? await db().document.findUnique({ where: { id: documentId }, include: { proposals: { include: { proposal: { include: { call: { select: { procedure: true } } } } } } } })
    : null;
  if (!doc?.organisationId || !can(actor, "document", "read", { organisationId: doc.organisationId })) fail("not_found", "uploads.error.documentNotFound");
  const link = doc.proposals[0];
  if (!link) fail("not_found", "uploads.error.documentNotFound");
  return { doc, link };
}

export async function completeUpload(actor: Actor | null, documentId: string): Promise<UploadVerdict> {
  if (!actor) fail("unauthenticated", "errors.unauthenticated");
  requirePermission(actor, "document", "create");
  const { doc, link } = await loadOwnDocument(actor, documentId);
  requireUploadRights(actor, doc.organisationId!);

  // Completing twice answers the same verdict.
  if (doc.status === "ready") return readyVerdict(doc);
  if (doc.status === "rejected") return { status: "rejected", documentId: doc.id, reasonKey: "uploads.error.alreadyRejected", params: { reason: doc.rejectionReason ?? "" }, reason: doc.rejectionReason ?? "" };
  if (!isUploadableState(link.proposal.state)) fail("transition_refused", "uploads.error.notDraft");

  const checked = await checkStoredUpload(doc);
  if (!checked.ok) return reject(actor, doc, link.proposalId, checked.reasonKey, checked.params);

  const ready = await db().$transaction(async (tx) => {
    // The requirement's current file, if any, becomes the previous version of this one.
    const current = await tx.proposalDocument.findFirst({
      where: { proposalId: link.proposalId, requirementCode: link.requirementCode, stage: link.stage, documentId: { not: doc.id }, document: { status: "ready" } },
      orderBy: { createdAt: "desc" },
    });
    const updated = await tx.document.update({
      where: { id: doc.id },
      data: { status: "ready", sizeBytes: checked.size, contentType: checked.mime, previousVersionId: current?.documentId ?? null },
    });
    // One link per requirement: it now points at the new file. The old file stays, reached
    // through previousVersionId (and its organisation, for permissions).
    if (current) await tx.proposalDocument.deleteMany({ where: { proposalId: link.proposalId, requirementCode: link.requirementCode, stage: link.stage, documentId: current.documentId } });
    await recordAudit(
      {
        actorId: actor.id,
        action: current ? "proposal_document_replaced" : "proposal_document_uploaded",
        entityType: "proposal",
        entityId: link.proposalId,
        data: { documentId: doc.id, requirementCode: link.requirementCode, stage: link.stage, filename: doc.filename, sizeBytes: checked.size, previousVersionId: current?.documentId ?? null },
      },
      tx,
    );
    return updated;
  });
  return readyVerdict(ready);
}

function readyVerdict(doc: { id: string; filename: string; sizeBytes: number; contentType: string; previousVersionId: string | null }): UploadVerdict {
  return { status: "ready", documentId: doc.id, filename: doc.filename, sizeBytes: doc.sizeBytes, contentType: doc.contentType, previousVersionId: doc.previousVersionId };
}

async function reject(actor: Actor, doc: { id: string; storageKey: string; filename: string }, proposalId: string, reasonKey: string, params: Params): Promise<UploadVerdict> {
  const reason = EN.maybe(reasonKey, params);
  await db().$transaction(async (tx) => {
    await tx.document.update({ where: { id: doc.id }, data: { status: "rejected", rejectionReason: reason } });
    // A refused file is no requirement's file: drop its link, keep the row as the record.
    await tx.proposalDocument.deleteMany({ where: { documentId: doc.id } });
    await recordAudit({ actorId: actor.id, action: "proposal_document_rejected", entityType: "proposal", entityId: proposalId, data: { documentId: doc.id, filename: doc.filename, reason } }, tx);
  });
  await deleteObject(doc.storageKey).catch((e: unknown) => {
    console.warn(JSON.stringify({ level: "warn", msg: "rejected upload not deleted", storageKey: doc.storageKey, error: String(e) }));
  });
  return { status: "rejected", documentId: doc.id, reasonKey, params, reason };
}

// ---------------------------------------------------------------- 3. download

/** A 5-minute link offering the file under its name; 404 for anything the actor may not read. */
export async function downloadUrl(actor: Actor | null, documentId: string): Promise<string> {
  if (!actor) fail("unauthenticated", "errors.unauthenticated");
  const doc = documentId ? await db().document.findUnique({ where: { id: documentId } }) : null;
  // Organisation scope for applicants, any for grant managers; pending and refused files
  // have no bytes worth serving.
  if (!doc?.organisationId || doc.status !== "ready" || !can(actor, "document", "read", { organisationId: doc.organisationId })) {
    fail("not_found", "uploads.error.documentNotFound");
  }
  return presignedGetUrl(doc.storageKey, { filename: doc.filename, contentType: doc.contentType, expiresInSeconds: DOWNLOAD_URL_SECONDS });
}

// ---------------------------------------------------------------- the documents page

export interface VersionRow {
  id: string;
  filename: string;
  sizeBytes: number;
  createdAt: string;
}

export interface RequirementRow {
  code: string;
  name: string;
  required: boolean;
  current: VersionRow | null;
  previous: VersionRow[];
}

export interface ProposalDocumentsView {
  proposal: { id: string; reference: string; title: string; state: string };
  stage: DocumentStage;
  canUpload: boolean;
  maxBytes: number;
  requirements: RequirementRow[];
}

const MAX_VERSIONS_SHOWN = 50;

export async function proposalDocumentsView(actor: Actor | null, proposalId: string, locale: Locale): Promise<ProposalDocumentsView> {
  const proposal = await loadProposal(actor, proposalId);
  // Reading the files needs document read on the organisation (grant managers: any).
  if (!can(actor, "document", "read", { organisationId: proposal.organisationId })) fail("forbidden", "errors.forbidden");
  const stage = proposalStage(proposal.state, proposal.call.procedure);
  const requirements = readRequiredDocuments(proposal.call.requiredDocuments).filter((d) => d.stage === stage && d.code !== "");
  const links = await db().proposalDocument.findMany({
    where: { proposalId: proposal.id, stage, document: { status: "ready" } },
    include: { document: true },
    orderBy: { createdAt: "desc" },
  });
  const rows: RequirementRow[] = [];
  for (const r of requirements) {
    const link = links.find((l) => l.requirementCode === r.code);
    const previous: VersionRow[] = [];
    let nextId = link?.document.previousVersionId ?? null;
    const seen = new Set<string>();
    while (nextId && !seen.has(nextId) && previous.length < MAX_VERSIONS_SHOWN) {
      seen.add(nextId);
      const d = await db().document.findFirst({ where: { id: nextId, organisationId: proposal.organisationId, status: "ready" } });
      if (!d) break;
      previous.push(versionRow(d));
      nextId = d.previousVersionId;
    }
    rows.push({
      code: r.code,
      name: (locale === "fr" ? r.nameFr : r.nameEn) || r.nameEn || r.nameFr || r.code,
      required: r.required,
      current: link ? versionRow(link.document) : null,
      previous,
    });
  }
  return {
    proposal: { id: proposal.id, reference: proposal.reference, title: proposal.title, state: proposal.state },
    stage,
    canUpload: !!actor && isUploadableState(proposal.state) && can(actor, "proposal", "update", { organisationId: proposal.organisationId }) && can(actor, "document", "create", { organisationId: proposal.organisationId }),
    maxBytes: uploadMaxBytes(),
    requirements: rows,
  };
}

function versionRow(d: { id: string; filename: string; sizeBytes: number; createdAt: Date }): VersionRow {
  return { id: d.id, filename: d.filename, sizeBytes: d.sizeBytes, createdAt: d.createdAt.toISOString() };
}

// ---------------------------------------------------------------- API plumbing

/** Reads a JSON body; anything unreadable is a 400, never a 500. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) fail("bad_request", "uploads.error.badJson");
  try {
    return await request.json();
  } catch {
    fail("bad_request", "uploads.error.badJson");
  }
}

/** The JSON error an API route answers: `{ error: { code, message } }`, message in the user's language. */
export function apiError(error: AppError, locale: Locale) {
  const params = (error.details?.params ?? undefined) as Params | undefined;
  const message = translator(locale).maybe(error.message, params);
  return Response.json({ error: { code: error.code, message } }, { status: error.status, headers: { "Cache-Control": "no-store" } });
}

/** Wraps an API route: AppErrors become translated JSON errors with their 4xx/503 status. */
export function apiRoute<A extends { request: Request }, R>(fn: (args: A, setLocale: (l: Locale) => void) => Promise<R>) {
  return async (args: A) => {
    let locale: Locale = resolveLocale(args.request);
    try {
      return await fn(args, (l) => (locale = l));
    } catch (error) {
      if (isAppError(error)) return apiError(error, locale);
      throw error;
    }
  };
}

/** 405 for methods an API route does not answer. */
export function methodNotAllowed(allow: string) {
  return Response.json({ error: { code: "method_not_allowed", message: `Use ${allow}.` } }, { status: 405, headers: { Allow: allow } });
}

/** Message of a rejection verdict in the user's language. */
export function verdictMessage(verdict: Extract<UploadVerdict, { status: "rejected" }>, locale: Locale): string {
  return translator(locale).maybe(verdict.reasonKey, verdict.params);
}
