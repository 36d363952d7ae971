// What proposal document uploads accept, shared by the server checks and the uploader in the
// browser (which only uses it to guide people: the server decides).
import type { Translate } from "~/utils/i18n.ts";

export const ALLOWED_UPLOAD_TYPES = [
  { mime: "application/pdf", extensions: ["pdf"], label: "PDF" },
  { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"], label: "DOCX" },
  { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"], label: "XLSX" },
  { mime: "image/jpeg", extensions: ["jpg", "jpeg", "jpe", "jfif"], label: "JPEG" },
  { mime: "image/png", extensions: ["png"], label: "PNG" },
] as const;

export type AllowedUploadMime = (typeof ALLOWED_UPLOAD_TYPES)[number]["mime"];

export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** The `accept` attribute of the file input. */
export const UPLOAD_ACCEPT = ALLOWED_UPLOAD_TYPES.flatMap((t) => [t.mime, ...t.extensions.map((e) => `.${e}`)]).join(",");

export function allowedTypeByMime(mime: string): (typeof ALLOWED_UPLOAD_TYPES)[number] | undefined {
  const m = mime.trim().toLowerCase().split(";")[0]?.trim() ?? "";
  return ALLOWED_UPLOAD_TYPES.find((t) => t.mime === m);
}

export function allowedTypeByExtension(ext: string): (typeof ALLOWED_UPLOAD_TYPES)[number] | undefined {
  const e = ext.toLowerCase();
  return ALLOWED_UPLOAD_TYPES.find((t) => (t.extensions as readonly string[]).includes(e));
}

/** "1.5 MB", "20 MB", "320 KB": binary units, as operating systems show file sizes. */
export function formatBytes(bytes: number, t: Translate): string {
  const nf = (v: number) => new Intl.NumberFormat(t.locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 1 }).format(v);
  if (bytes < 1024) return t("uploads.size.bytes", { value: nf(bytes) });
  if (bytes < 1024 * 1024) return t("uploads.size.kb", { value: nf(bytes / 1024) });
  return t("uploads.size.mb", { value: nf(bytes / (1024 * 1024)) });
}
