// An organisation's own documents (statutes, registration certificate): uploaded by its
// members, checked by their first bytes (PDF, JPEG or PNG only, and a name that agrees with
// the content), stored through the documents module, downloaded through a short-lived link
// issued only after the permission check. Another organisation's document is "not found".
import { ClamavError, clamavConfig, scanStream } from "~/modules/documents/clamav.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { deleteDocument, documentDownloadUrl, storeDocument } from "~/modules/documents/documents.server.ts";
import { detectFileType, extensionOf, nameMatchesType } from "~/modules/documents/file-type.ts";
import { sanitiseFilename } from "~/modules/documents/storage.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { requireOrganisationAccess } from "./access.server.ts";
import type { AuditMeta, ServiceResult } from "./organisations.server.ts";
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, type DocumentKind } from "./schemas.ts";
import type { UploadedFile } from "./upload.server.ts";

/** Download links live this long: enough to start the download, too short to share. */
export const DOWNLOAD_LINK_SECONDS = 60;

export interface DocumentRow {
  id: string;
  kind: DocumentKind | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: string | null;
  createdAt: string;
}

export interface DocumentsView {
  documents: DocumentRow[];
  canUpload: boolean;
  canDelete: boolean;
}

const isKind = (k: string | null): k is DocumentKind => !!k && (DOCUMENT_KINDS as readonly string[]).includes(k);

export async function listOrganisationDocuments(actor: Actor | null, organisationId: string): Promise<DocumentsView> {
  requireOrganisationAccess(actor, organisationId, "read");
  const resource = { organisationId };
  // Staff without the right to read documents see none listed.
  if (!can(actor, "document", "read", resource)) return { documents: [], canUpload: false, canDelete: false };
  const docs = await db().document.findMany({
    where: { organisationId, kind: { in: [...DOCUMENT_KINDS] } },
    orderBy: { createdAt: "desc" },
    include: { uploadedBy: { select: { name: true } } },
  });
  return {
    documents: docs.map((d) => ({
      id: d.id,
      kind: isKind(d.kind) ? d.kind : null,
      filename: d.filename,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      uploadedBy: d.uploadedBy?.name ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
    canUpload: can(actor, "document", "create", resource) && can(actor, "organisation", "update", resource),
    canDelete: can(actor, "document", "delete", resource),
  };
}

/**
 * `checkUploadedFile`, then the virus scan when clamd is configured (CLAMAV_HOST): every
 * document uploaded through a form (organisation documents, signed contracts) is scanned like
 * the proposal documents are. Fails closed when the scanner does not answer.
 */
export async function checkAndScanUploadedFile(file: UploadedFile | null, tooLarge: boolean): Promise<ReturnType<typeof checkUploadedFile>> {
  const checked = checkUploadedFile(file, tooLarge);
  const clamav = clamavConfig();
  if (checked.error !== null || !clamav || !file) return checked;
  try {
    const result = await scanStream(file.bytes, clamav);
    return result.clean ? checked : { error: "organisation.documents.errors.virus" };
  } catch (e) {
    if (e instanceof ClamavError) {
      console.warn(JSON.stringify({ level: "warn", msg: "virus scan failed", filename: checked.filename, error: e.message }));
      return { error: "organisation.documents.errors.scanUnavailable" };
    }
    throw e;
  }
}

/** Why a file is refused, as an i18n key for the file field; null when it is acceptable. */
export function checkUploadedFile(file: UploadedFile | null, tooLarge: boolean): { error: string } | { error: null; mime: string; filename: string } {
  if (tooLarge) return { error: "organisation.documents.errors.fileTooLarge" };
  if (!file) return { error: "organisation.documents.errors.fileRequired" };
  if (file.bytes.byteLength === 0) return { error: "organisation.documents.errors.fileEmpty" };
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) return { error: "organisation.documents.errors.fileTooLarge" };
  const type = detectFileType(file.bytes);
  if (!type) return { error: "organisation.documents.errors.fileType" };
  // "statutes.pdf" that is really a PNG: the name lies about the content.
  if (!nameMatchesType(file.filename, type)) return { error: "organisation.documents.errors.fileMismatch" };
  const name = sanitiseFilename(file.filename);
  return { error: null, mime: type.mime, filename: extensionOf(name) === "" ? `${name}.${type.extension}` : name };
}

export async function uploadOrganisationDocument(
  actor: Actor | null,
  organisationId: string,
  input: { kind: DocumentKind; file: UploadedFile | null; tooLarge: boolean },
  meta: AuditMeta,
): Promise<ServiceResult<{ documentId: string }>> {
  requireOrganisationAccess(actor, organisationId, "update");
  requirePermission(actor, "document", "create", { organisationId });
  const checked = await checkAndScanUploadedFile(input.file, input.tooLarge);
  if (checked.error !== null) return { ok: false, fieldErrors: { file: [checked.error] } };
  const bytes = input.file!.bytes;
  // The object is written first, then the row and its audit event in one transaction.
  const doc = await db().$transaction(async (tx) => {
    const stored = await storeDocument({ organisationId, uploadedById: actor.id, filename: checked.filename, contentType: checked.mime, body: bytes }, tx);
    const withKind = await tx.document.update({ where: { id: stored.id }, data: { kind: input.kind } });
    await recordAudit(
      {
        actorId: actor.id,
        ipAddress: meta.ipAddress,
        action: "organisation_document_uploaded",
        entityType: "organisation",
        entityId: organisationId,
        data: { documentId: withKind.id, kind: input.kind, filename: withKind.filename, contentType: withKind.contentType, sizeBytes: withKind.sizeBytes },
      },
      tx,
    );
    return withKind;
  });
  return { ok: true, value: { documentId: doc.id } };
}

/** The document if the actor may reach it; 404 otherwise (also for other organisations' ids). */
async function findReachableDocument(actor: Actor | null, documentId: string, action: "read" | "delete") {
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  const doc = await db().document.findUnique({ where: { id: documentId } });
  if (!doc?.organisationId || !isKind(doc.kind) || !can(actor, "document", "read", { organisationId: doc.organisationId })) throw new AppError("not_found", "errors.notFound");
  if (!can(actor, "document", action, { organisationId: doc.organisationId })) throw new AppError("forbidden", "errors.forbidden");
  return doc;
}

/** A short-lived download link, issued after the permission check. */
export async function organisationDocumentDownloadUrl(actor: Actor | null, documentId: string): Promise<string> {
  const doc = await findReachableDocument(actor, documentId, "read");
  return documentDownloadUrl(doc.id, { expiresInSeconds: DOWNLOAD_LINK_SECONDS });
}

export async function deleteOrganisationDocument(actor: Actor | null, organisationId: string, documentId: string, meta: AuditMeta): Promise<void> {
  requireOrganisationAccess(actor, organisationId, "update");
  const doc = await findReachableDocument(actor, documentId, "delete");
  // A document id of another organisation posted to this organisation's page: not found.
  if (doc.organisationId !== organisationId) throw new AppError("not_found", "errors.notFound");
  await db().$transaction(async (tx) => {
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "organisation_document_deleted", entityType: "organisation", entityId: organisationId, data: { documentId: doc.id, kind: doc.kind, filename: doc.filename } },
      tx,
    );
    // Last: it removes the row, then the stored object.
    await deleteDocument(doc.id, tx);
  });
}
