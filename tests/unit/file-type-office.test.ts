// DOCX and XLSX recognised by their ZIP entry names; the basic detector is unchanged.
import { describe, expect, it } from "vitest";
import { DOCX, XLSX, detectFileType, detectOfficeType, detectUploadFileType, zipEntryNames } from "~/modules/documents/file-type.ts";

/** A ZIP local file entry, stored (no compression): enough for a detector reading headers. */
function zipEntry(name: string, data: string, flags = 0): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const body = Buffer.from(data, "utf8");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(flags, 6);
  header.writeUInt32LE(body.length, 18);
  header.writeUInt32LE(body.length, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([header, nameBytes, body]);
}

const zip = (...entries: [string, string][]) => Buffer.concat(entries.map(([n, d]) => zipEntry(n, d)));

const docx = zip(["[Content_Types].xml", "<Types/>"], ["_rels/.rels", "<Relationships/>"], ["word/document.xml", "<w:document/>"]);
const xlsx = zip(["[Content_Types].xml", "<Types/>"], ["xl/workbook.xml", "<workbook/>"]);

describe("Office Open XML detection", () => {
  it("reads the entry names of a ZIP prefix", () => {
    expect(zipEntryNames(docx)).toEqual(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
  });

  it("recognises a Word document and a workbook whatever their names", () => {
    expect(detectOfficeType(docx, "anything.bin")).toBe(DOCX);
    expect(detectOfficeType(xlsx, "")).toBe(XLSX);
    expect(detectUploadFileType(docx, "budget.docx")?.mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(detectUploadFileType(xlsx, "budget.xlsx")?.mime).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("uses the extension only when the package's kind is out of reach", () => {
    const onlyTypes = zip(["[Content_Types].xml", "<Types/>".padEnd(100, " ")]);
    expect(detectOfficeType(onlyTypes, "plan.docx")).toBe(DOCX);
    expect(detectOfficeType(onlyTypes, "plan.xlsx")).toBe(XLSX);
    expect(detectOfficeType(onlyTypes, "plan.zip")).toBeNull();
  });

  it("refuses a plain ZIP, an ODF file and a truncated header", () => {
    expect(detectOfficeType(zip(["hello.txt", "hi"]), "x.docx")).toBeNull();
    expect(detectOfficeType(zip(["mimetype", "application/vnd.oasis.opendocument.text"]), "x.odt")).toBeNull();
    expect(detectOfficeType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "x.docx")).toBeNull();
    expect(detectOfficeType(Buffer.from("%PDF-1.7"), "x.docx")).toBeNull();
  });

  it("finds entries whose sizes follow the data (streamed archives)", () => {
    const streamed = Buffer.concat([zipEntry("[Content_Types].xml", "<Types/>", 0x08), Buffer.from("junk-descriptor"), zipEntry("xl/styles.xml", "<s/>", 0x08)]);
    expect(detectOfficeType(streamed)).toBe(XLSX);
  });

  it("leaves detectFileType as it was: a DOCX is not a basic type", () => {
    expect(detectFileType(docx)).toBeNull();
    expect(detectUploadFileType(Buffer.from("%PDF-1.4\n"))?.mime).toBe("application/pdf");
    expect(detectUploadFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))?.mime).toBe("image/png");
  });
});
