// Supporting documents of a report (invoices, attendance lists, photos), per budget heading or
// for the report as a whole, through the same pipeline as proposal documents: a "pending"
// Document and its ReportDocument link, a presigned PUT from the browser straight to the
// object store, then a check of what arrived (size, magic bytes, optional virus scan) before
// the document is "ready". A heading may have several files; a file may be removed while
// the report can be changed.
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { deleteObject, newStorageKey, presignedPutUrl } from "~/modules/documents/storage.server.ts";
import { UPLOAD_URL_SECONDS, announcedType, checkStoredUpload, uploadMaxBytes } from "~/modules/documents/uploads.server.ts";
import type { Params } from "~/utils/i18n.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { isEditableReport, loadGranteeReport } from "./reports.server.ts";
import { readBudget } from "./report-schema.ts";

export const ReportUploadSchema = z.object({
  headingCode: z.string().trim().max(100).default(""),
  filename: z.string().min(1).max(1000),
  contentType: z.string().max(200).default(""),
  sizeBytes: z.coerce.number().int().nonnegative(),
});
export type ReportUploadInput = z.infer<typeof ReportUploadSchema>;

export interface ReportUploadTicket {
  documentId: string;
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

async function editableReport(actor: Actor | null, grantId: string, reportId: string) {
  const report = await loadGranteeReport(actor, grantId, reportId);
  const organisationId = report.grant.organisationId;
  if (!can(actor, "report", "update", { organisationId }) || !can(actor, "document", "create", { organisationId })) throw new AppError("forbidden", "errors.forbidden");
  if (!isEditableReport(report.state)) throw new AppError("transition_refused", "reports.error.notEditable");
  return report;
}

export async function requestReportUpload(actor: Actor | null, grantId: string, reportId: string, input: ReportUploadInput): Promise<ReportUploadTicket> {
  const report = await editableReport(actor, grantId, reportId);
  const headings = readBudget(report.grant.budget).map((h) => h.code);
  if (input.headingCode !== "" && !headings.includes(input.headingCode)) throw new AppError("bad_request", "reports.documents.error.heading");
  if (input.sizeBytes === 0) throw new AppError("bad_request", "uploads.error.empty");
  if (input.sizeBytes > uploadMaxBytes()) throw new AppError("bad_request", "reports.documents.error.tooLarge");
  const { filename, storedFilename, type } = announcedType(input.filename, input.contentType);

  const storageKey = newStorageKey(`reports/${report.id.replace(/[^A-Za-z0-9_-]/g, "_")}`, filename);
  const doc = await db().$transaction(async (tx) => {
    const created = await tx.document.create({
      data: {
        storageKey,
        filename: storedFilename,
        contentType: type.mime,
        sizeBytes: input.sizeBytes,
        kind: "report_support",
        status: "pending",
        organisationId: report.grant.organisationId,
        uploadedById: actor!.id,
      },
    });
    await tx.reportDocument.create({ data: { reportId: report.id, documentId: created.id, headingCode: input.headingCode } });
    return created;
  });
  const put = await presignedPutUrl(storageKey, { contentType: type.mime, expiresInSeconds: UPLOAD_URL_SECONDS });
  return { documentId: doc.id, url: put.url, method: put.method, headers: put.headers };
}

export type ReportUploadVerdict = { status: "ready"; filename: string } | { status: "rejected"; reasonKey: string; params?: Params };

export async function completeReportUpload(actor: Actor | null, grantId: string, reportId: string, documentId: string): Promise<ReportUploadVerdict> {
  const report = await editableReport(actor, grantId, reportId);
  const link = await db().reportDocument.findFirst({ where: { reportId: report.id, documentId }, include: { document: true } });
  if (!link) throw new AppError("not_found", "uploads.error.documentNotFound");
  const doc = link.document;
  if (doc.status === "ready") return { status: "ready", filename: doc.filename };
  if (doc.status === "rejected") return { status: "rejected", reasonKey: "uploads.error.alreadyRejected" };

  const refuse = async (reasonKey: string, params: Params = {}): Promise<ReportUploadVerdict> => {
    await db().$transaction(async (tx) => {
      await tx.document.update({ where: { id: doc.id }, data: { status: "rejected", rejectionReason: reasonKey } });
      await tx.reportDocument.deleteMany({ where: { documentId: doc.id } });
      await recordAudit(
        { actorId: actor!.id, action: "report_document_rejected", entityType: "report", entityId: report.id, data: { documentId: doc.id, filename: doc.filename, reason: reasonKey } },
        tx
      );
    });
    await deleteObject(doc.storageKey).catch(() => undefined);
    return { status: "rejected", reasonKey, params };
  };
  const checked = await checkStoredUpload(doc);
  if (!checked.ok) return refuse(checked.reasonKey, checked.params);
  await db().$transaction(async (tx) => {
    await tx.document.update({ where: { id: doc.id }, data: { status: "ready", sizeBytes: checked.size, contentType: checked.mime } });
    await recordAudit(
      {
        actorId: actor!.id,
        action: "report_document_uploaded",
        entityType: "report",
        entityId: report.id,
        data: { documentId: doc.id, headingCode: link.headingCode, filename: doc.filename, sizeBytes: checked.size },
      },
      tx
    );
  });
  return { status: "ready", filename: doc.filename };
}

/** Detaches a file from the report (the Document row stays, as the record of what was sent). */
export async function removeReportDocument(actor: Actor | null, grantId: string, reportId: string, documentId: string, meta: { ipAddress?: string | null } = {}): Promise<void> {
  const report = await editableReport(actor, grantId, reportId);
  requirePermission(actor, "document", "delete", { organisationId: report.grant.organisationId });
  await db().$transaction(async (tx) => {
    const { count } = await tx.reportDocument.deleteMany({ where: { reportId: report.id, documentId } });
    if (count === 0) throw new AppError("not_found", "uploads.error.documentNotFound");
    await recordAudit({ actorId: actor!.id, ipAddress: meta.ipAddress, action: "report_document_removed", entityType: "report", entityId: report.id, data: { documentId } }, tx);
  });
}
