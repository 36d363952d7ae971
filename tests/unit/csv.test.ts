// The CSV writer: RFC 4180 quoting (commas, quotes, line breaks), CRLF lines, the UTF-8 BOM
// for Excel, formula defusing, and the stream pulling one batch at a time.
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, csvLine, csvStream, readStreamText } from "~/utils/csv.ts";

describe("csvField", () => {
  it("leaves plain text alone", () => {
    expect(csvField("Dakar")).toBe("Dakar");
    expect(csvField("Sénégal – Mali")).toBe("Sénégal – Mali");
  });
  it("quotes commas, quotes, CR and LF, doubling the quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField('"')).toBe('""""');
  });
  it("writes empty values, numbers, booleans and dates", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("")).toBe("");
    expect(csvField(42)).toBe("42");
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField(new Date("2024-06-17T15:00:00Z"))).toBe("2024-06-17T15:00:00.000Z");
  });
  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
});

describe("csvLine", () => {
  it("joins with commas and ends with CRLF", () => {
    expect(csvLine(["a", "b,c", 3, null])).toBe('a,"b,c",3,\r\n');
  });
});

describe("csvStream", () => {
  it("starts with the BOM and the header, then pulls batches until an empty one", async () => {
    const batches = [[["1", "x,y"]], [["2", 'q"q']], []];
    let pulls = 0;
    const stream = csvStream(["id", "text"], async () => {
      pulls++;
      return batches.shift() ?? [];
    });
    const text = await readStreamText(stream);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text).toBe(`${CSV_BOM}id,text\r\n1,"x,y"\r\n2,"q""q"\r\n`);
    expect(pulls).toBe(3);
  });
  it("writes UTF-8 bytes with the BOM EF BB BF first", async () => {
    const bytes = new Uint8Array(await new Response(csvStream(["é"], async () => [])).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe("é\r\n");
  });
  it("pulls nothing before the reader asks", async () => {
    let pulls = 0;
    const stream = csvStream(["h"], async () => {
      pulls++;
      return [];
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(pulls).toBe(0);
    await readStreamText(stream);
    expect(pulls).toBe(1);
  });
});
