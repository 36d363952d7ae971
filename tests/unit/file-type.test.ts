// detectFileType reads what a file is from its first bytes, whatever its name says.
import { describe, expect, it } from "vitest";
import { detectFileType, extensionOf, nameMatchesType, MAGIC_BYTES_NEEDED } from "~/modules/documents/file-type.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (s: string) => new TextEncoder().encode(s);

const PDF = ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n");
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52);
const JPEG_JFIF = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00);
const JPEG_EXIF = bytes(0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34, 0x45, 0x78, 0x69, 0x66);
// "MZ" then a DOS stub: a Windows executable.
const EXE = bytes(0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00);
const ELF = bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00);
// A .docx is a ZIP archive.
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00);
const GIF = ascii("GIF89a\x01\x00\x01\x00");

describe("detectFileType", () => {
  it("recognises PDF, PNG and JPEG (JFIF and Exif) by their magic bytes", () => {
    expect(detectFileType(PDF)?.mime).toBe("application/pdf");
    expect(detectFileType(PNG)?.mime).toBe("image/png");
    expect(detectFileType(JPEG_JFIF)?.mime).toBe("image/jpeg");
    expect(detectFileType(JPEG_EXIF)?.mime).toBe("image/jpeg");
    expect(detectFileType(PDF)?.extension).toBe("pdf");
    expect(detectFileType(JPEG_JFIF)?.extensions).toContain("jpeg");
  });

  it("needs no more than MAGIC_BYTES_NEEDED bytes", () => {
    expect(detectFileType(PNG.subarray(0, MAGIC_BYTES_NEEDED))?.mime).toBe("image/png");
    expect(detectFileType(PDF.subarray(0, MAGIC_BYTES_NEEDED))?.mime).toBe("application/pdf");
  });

  it("refuses executables, archives, other images, text and empty input", () => {
    for (const other of [EXE, ELF, ZIP, GIF, ascii("<!doctype html><html>"), ascii("hello"), new Uint8Array(0)]) {
      expect(detectFileType(other)).toBeNull();
    }
  });

  it("refuses truncated signatures and signatures not at the start", () => {
    expect(detectFileType(PNG.subarray(0, 7))).toBeNull();
    expect(detectFileType(ascii("%PDF"))).toBeNull();
    expect(detectFileType(bytes(0xff, 0xd8, 0xff))).toBeNull();
    expect(detectFileType(ascii(" %PDF-1.4"))).toBeNull();
    expect(detectFileType(Uint8Array.from([0x00, ...PNG]))).toBeNull();
  });

  it("works on a Buffer (what uploads arrive as)", () => {
    expect(detectFileType(Buffer.from(PNG))?.mime).toBe("image/png");
  });
});

describe("names against content", () => {
  it("reads the extension of a name, lower-cased", () => {
    expect(extensionOf("Statuts.PDF")).toBe("pdf");
    expect(extensionOf("scan.final.jpeg")).toBe("jpeg");
    expect(extensionOf("C:\\fakepath\\certificate.png")).toBe("png");
    expect(extensionOf("README")).toBe("");
    expect(extensionOf(".hidden")).toBe("");
    expect(extensionOf("trailing.")).toBe("");
  });

  it("accepts a name that agrees with the content, or has no extension", () => {
    const pdf = detectFileType(PDF)!;
    const jpeg = detectFileType(JPEG_JFIF)!;
    expect(nameMatchesType("statutes.pdf", pdf)).toBe(true);
    expect(nameMatchesType("scan.JPG", jpeg)).toBe(true);
    expect(nameMatchesType("scan.jpeg", jpeg)).toBe(true);
    expect(nameMatchesType("certificate", pdf)).toBe(true);
  });

  it("refuses a renamed file: a PNG called .pdf, a PDF called .png", () => {
    expect(nameMatchesType("statutes.pdf", detectFileType(PNG)!)).toBe(false);
    expect(nameMatchesType("photo.png", detectFileType(PDF)!)).toBe(false);
    expect(nameMatchesType("statutes.pdf.exe", detectFileType(PDF)!)).toBe(false);
  });
});
