// Reads a multipart form with one file, holding at most `maxFileBytes` of it in memory: a
// bigger file is read to the end and dropped (so the browser gets an answer, not a reset
// connection) and reported as too large. Text fields are small; anything else is a bad form.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { AppError } from "~/utils/errors.ts";

export interface UploadedFile {
  filename: string;
  /** What the browser claimed; never trusted for the type (see file-type.ts). */
  contentType: string;
  bytes: Buffer;
}

export interface UploadForm {
  fields: Record<string, string>;
  file: UploadedFile | null;
  tooLarge: boolean;
}

export interface UploadLimits {
  fileField: string;
  maxFileBytes: number;
  maxFieldBytes?: number;
}

/** Room for the boundaries, part headers and small fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export async function readUploadForm(request: Request, limits: UploadLimits): Promise<UploadForm> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) throw new AppError("bad_request", "errors.badForm");
  const declared = Number(request.headers.get("Content-Length") ?? NaN);
  // A request that announces more than a full file can hold is refused without reading it.
  if (Number.isFinite(declared) && declared > limits.maxFileBytes + MULTIPART_OVERHEAD) return { fields: {}, file: null, tooLarge: true };

  const maxField = limits.maxFieldBytes ?? 10_000;
  let file: UploadedFile | null = null;
  let tooLarge = false;
  const fields: Record<string, string> = {};
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const isFile = typeof filename === "string";
    const limit = isFile ? limits.maxFileBytes : maxField;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      // Keep reading past the limit (the stream must be drained) but stop keeping bytes.
      if (size <= limit) chunks.push(chunk);
    }
    if (!isFile) {
      if (size > limit) throw new AppError("bad_request", "errors.badForm");
      fields[name] = Buffer.concat(chunks).toString("utf8");
      return undefined;
    }
    // No file chosen: browsers send an empty part with an empty name.
    if (name !== limits.fileField || (filename === "" && size === 0)) return undefined;
    if (size > limit) {
      tooLarge = true;
      return undefined;
    }
    file = { filename: filename ?? "", contentType, bytes: Buffer.concat(chunks) };
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "errors.badForm");
  }
  return { fields, file, tooLarge };
}
