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
