// What a file really is, read from its first bytes ("magic numbers"), never from its name or
// the Content-Type a browser sent: both are chosen by the uploader. Only the types the
// platform accepts for organisation documents are recognised; anything else is null.

export type DetectedMime = "application/pdf" | "image/jpeg" | "image/png";

export interface DetectedFileType {
  mime: DetectedMime;
  /** The usual extension for the type, without a dot. */
  extension: "pdf" | "jpg" | "png";
  /** Every extension a file of this type may carry in its name. */
  extensions: readonly string[];
}

const PDF: DetectedFileType = { mime: "application/pdf", extension: "pdf", extensions: ["pdf"] };
const JPEG: DetectedFileType = { mime: "image/jpeg", extension: "jpg", extensions: ["jpg", "jpeg", "jpe", "jfif"] };
const PNG: DetectedFileType = { mime: "image/png", extension: "png", extensions: ["png"] };

/** How many leading bytes `detectFileType` needs at most. */
export const MAGIC_BYTES_NEEDED = 8;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
// "%PDF-": the header every PDF starts with (ISO 32000-1, 7.5.2).
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d] as const;
// Start-of-image marker followed by the first marker's 0xFF (JFIF, Exif, raw JPEG alike).
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff] as const;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

/** The type of a file from its leading bytes: PDF, JPEG or PNG, else null. */
export function detectFileType(bytes: Uint8Array): DetectedFileType | null {
  if (startsWith(bytes, PDF_SIGNATURE)) return PDF;
  if (startsWith(bytes, PNG_SIGNATURE)) return PNG;
  // A JPEG needs at least one marker after the start-of-image: three bytes are not an image.
  if (bytes.length >= 4 && startsWith(bytes, JPEG_SIGNATURE)) return JPEG;
  return null;
}

/** The extension of a file name, lower-cased and without the dot; "" when there is none. */
export function extensionOf(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  if (dot <= 0 || dot === base.length - 1) return "";
  return base.slice(dot + 1).toLowerCase();
}

/**
 * Whether a file's name agrees with its content: a name without an extension agrees with
 * anything; "statutes.pdf" must be a PDF, "scan.jpeg" a JPEG.
 */
export function nameMatchesType(filename: string, type: DetectedFileType): boolean {
  const ext = extensionOf(filename);
  return ext === "" || type.extensions.includes(ext);
}

// ---------------------------------------------------------------- Office documents (additive)
// DOCX and XLSX are ZIP archives (Office Open XML). Their first bytes are the ZIP local-file
// signature; which Office type it is shows in the names of the archive's entries:
// "[Content_Types].xml" marks an Office Open XML package, "word/…" a Word document and
// "xl/…" a workbook. Entry names are stored uncompressed in each local file header, so the
// first few kilobytes are enough. `detectFileType` above deliberately still ignores ZIPs:
// organisation documents accept PDF, JPEG and PNG only.

export type OfficeMime =
  | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
  | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface DetectedOfficeType {
  mime: OfficeMime;
  extension: "docx" | "xlsx";
  extensions: readonly string[];
}

/** Any type an upload may be recognised as: the basic types or an Office document. */
export type DetectedUploadType = DetectedFileType | DetectedOfficeType;

export const DOCX: DetectedOfficeType = {
  mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extension: "docx",
  extensions: ["docx"],
};
export const XLSX: DetectedOfficeType = {
  mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extension: "xlsx",
  extensions: ["xlsx"],
};

/** How many leading bytes `detectUploadFileType` reads to find the archive's entry names. */
export const OFFICE_SCAN_BYTES = 64 * 1024;

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04] as const;
const LOCAL_HEADER_SIZE = 30;

/** The entry names of the ZIP local file headers found in `bytes` (a prefix of the archive). */
export function zipEntryNames(bytes: Uint8Array, maxEntries = 200): string[] {
  const names: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  // Searching for every signature (rather than walking sizes) also copes with entries whose
  // sizes only follow the data (general-purpose flag bit 3), as streaming writers produce.
  for (let i = 0; i + LOCAL_HEADER_SIZE <= bytes.length && names.length < maxEntries; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b || bytes[i + 2] !== 0x03 || bytes[i + 3] !== 0x04) continue;
    const nameLength = (bytes[i + 26] ?? 0) | ((bytes[i + 27] ?? 0) << 8);
    const start = i + LOCAL_HEADER_SIZE;
    if (nameLength === 0 || nameLength > 1024 || start + nameLength > bytes.length) continue;
    names.push(decoder.decode(bytes.subarray(start, start + nameLength)));
    i = start + nameLength - 1;
  }
  return names;
}

/**
 * DOCX or XLSX from the leading bytes (ideally `OFFICE_SCAN_BYTES` of them), else null. When
 * the entries seen prove an Office package but not which kind (only "[Content_Types].xml" in
 * reach), the file name's extension decides between the two.
 */
export function detectOfficeType(bytes: Uint8Array, filename = ""): DetectedOfficeType | null {
  if (!startsWith(bytes, ZIP_LOCAL_HEADER)) return null;
  const names = zipEntryNames(bytes);
  if (names.some((n) => n.startsWith("word/"))) return DOCX;
  if (names.some((n) => n.startsWith("xl/"))) return XLSX;
  if (names.includes("[Content_Types].xml")) {
    const ext = extensionOf(filename);
    if (ext === "docx") return DOCX;
    if (ext === "xlsx") return XLSX;
  }
  return null;
}

/** PDF, JPEG, PNG (as `detectFileType`), DOCX or XLSX; null for anything else. */
export function detectUploadFileType(bytes: Uint8Array, filename = ""): DetectedUploadType | null {
  return detectFileType(bytes) ?? detectOfficeType(bytes, filename);
}
