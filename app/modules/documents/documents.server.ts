// Documents: a stored object plus its Document row. Permission checks belong to the routes
// that call these functions; this module trusts its caller.
import type { Readable } from "node:stream";
import type { Document } from "~/generated/prisma/client.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { deleteObject, newStorageKey, presignedGetUrl, putObject, sanitiseFilename } from "./storage.server.ts";

const KEY_PREFIX = "documents";
// type "/" subtype, optional parameters; anything else is stored as opaque bytes.
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i;

export function normaliseContentType(contentType: string | undefined | null): string {
  const t = (contentType ?? "").trim();
  return MIME.test(t) ? t.toLowerCase() : "application/octet-stream";
}

export interface StoreDocumentInput {
  organisationId?: string | null;
  uploadedById?: string | null;
  filename: string;
  contentType: string;
  body: Buffer | Uint8Array | Readable;
  /** Needed to stream a Readable without buffering it. */
  contentLength?: number;
}

export async function storeDocument(input: StoreDocumentInput, client: DbTx = db()): Promise<Document> {
  const filename = sanitiseFilename(input.filename);
  const contentType = normaliseContentType(input.contentType);
  const storageKey = newStorageKey(KEY_PREFIX, filename);
  // Object first: a row must never point at bytes that were not written.
  const { size } = await putObject(storageKey, input.body, { contentType, contentLength: input.contentLength });
  try {
    return await client.document.create({
      data: {
        storageKey,
        filename,
        contentType,
        sizeBytes: size,
        organisationId: input.organisationId ?? null,
        uploadedById: input.uploadedById ?? null,
      },
    });
  } catch (e) {
    // No row, no reference: remove the object rather than leave an orphan behind.
    await deleteObject(storageKey).catch(() => {});
    throw e;
  }
}

export async function getDocument(documentId: string, client: DbTx = db()): Promise<Document> {
  const doc = await client.document.findUnique({ where: { id: documentId } });
  if (!doc) throw new AppError("not_found", "The document was not found.");
  return doc;
}

/** A short-lived link that downloads the file under its original (sanitised) name. */
export async function documentDownloadUrl(
  documentId: string,
  opts: { expiresInSeconds?: number } = {},
  client: DbTx = db(),
): Promise<string> {
  const doc = await getDocument(documentId, client);
  return presignedGetUrl(doc.storageKey, {
    filename: doc.filename,
    contentType: doc.contentType,
    expiresInSeconds: opts.expiresInSeconds,
  });
}

export async function deleteDocument(documentId: string, client: DbTx = db()): Promise<void> {
  const doc = await getDocument(documentId, client);
  // Row first: if something still references the document the delete fails here and the
  // bytes stay. deleteMany so that a concurrent delete reads as not_found, not a crash.
  const { count } = await client.document.deleteMany({ where: { id: doc.id } });
  if (count === 0) throw new AppError("not_found", "The document was not found.");
  try {
    await deleteObject(doc.storageKey);
  } catch (e) {
    // The document is gone for users; a leftover object is invisible, so report and move on.
    console.warn(JSON.stringify({ level: "warn", msg: "document object not deleted", storageKey: doc.storageKey, error: String(e) }));
  }
}
