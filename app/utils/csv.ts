// CSV as spreadsheets read it (RFC 4180): fields separated by commas, lines ended by CRLF,
// a field quoted when it holds a comma, a quote, a CR or an LF, and quotes doubled inside.
// Files start with a UTF-8 byte order mark so that Excel reads accents right. Text that a
// spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.

export const CSV_BOM = "\uFEFF";

export type CsvValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed. Numbers are written as they are; text that looks like a formula is defused. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "" : value.toISOString();
  else if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, CRLF included. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * A byte stream of a CSV file: the BOM and the header line first, then each batch of rows
 * as `nextBatch` hands them over, pulled only when the reader wants more (so memory holds
 * one batch at a time). `nextBatch` returns an empty array when there is nothing left.
 */
export function csvStream(header: readonly string[], nextBatch: () => Promise<readonly (readonly CsvValue[])[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvLine(header)));
        return;
      }
      try {
        const rows = await nextBatch();
        if (rows.length === 0) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

/** Reads a whole CSV stream back into text, keeping the BOM (tests, small exports). */
export async function readStreamText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}
