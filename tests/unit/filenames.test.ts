import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  contentDispositionAttachment,
  newStorageKey,
  safeExtension,
  sanitiseFilename,
} from "~/modules/documents/storage.server.ts";

describe("sanitiseFilename", () => {
  it("keeps only the last path segment", () => {
    expect(sanitiseFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFilename("/var/tmp/report.pdf")).toBe("report.pdf");
    expect(sanitiseFilename("C:\\x\\y.pdf")).toBe("y.pdf");
    expect(sanitiseFilename("C:\\fakepath\\budget final.xlsx")).toBe("budget final.xlsx");
    expect(sanitiseFilename("..\\..\\windows\\system.ini")).toBe("system.ini");
  });

  it("never returns a name with '..', a separator, or a leading dot", () => {
    expect(sanitiseFilename("..")).toBe("file");
    expect(sanitiseFilename("...")).toBe("file");
    expect(sanitiseFilename("a..b....pdf")).toBe("a.b.pdf");
    expect(sanitiseFilename(".htaccess")).toBe("htaccess");
    expect(sanitiseFilename("report.pdf.")).toBe("report.pdf");
  });

  it("removes control and bidi-override characters", () => {
    expect(sanitiseFilename("a\u0000b\u0007c\u007f.pdf")).toBe("abc.pdf");
    expect(sanitiseFilename("line\r\nbreak.pdf")).toBe("line break.pdf");
    expect(sanitiseFilename("tab\there.txt")).toBe("tab here.txt");
    // U+202E (right-to-left override) makes "invoice<RLO>fdp.exe" display as "invoiceexe.pdf".
    expect(sanitiseFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitiseFilename("\u0001\u0002")).toBe("file");
  });

  it("keeps unicode letters and apostrophes", () => {
    expect(sanitiseFilename("Rapport d'activité.pdf")).toBe("Rapport d'activité.pdf");
    expect(sanitiseFilename("تقرير مالي.docx")).toBe("تقرير مالي.docx");
    expect(sanitiseFilename("Jahresbericht_Übersicht 2026.pdf")).toBe("Jahresbericht_Übersicht 2026.pdf");
    // Decomposed "é" (e + combining accent) is composed, so names compare equal.
    expect(sanitiseFilename("activite\u0301.pdf")).toBe("activité.pdf");
  });

  it("replaces characters Windows refuses and renames device names", () => {
    expect(sanitiseFilename('a<b>c:d"e|f?g*h.txt')).toBe("a_b_c_d_e_f_g_h.txt");
    expect(sanitiseFilename("CON.pdf")).toBe("_CON.pdf");
    expect(sanitiseFilename("nul")).toBe("_nul");
  });

  it("limits very long names and keeps the extension", () => {
    const long = "a".repeat(1000) + ".pdf";
    const out = sanitiseFilename(long);
    expect(Array.from(out).length).toBeLessThanOrEqual(180);
    expect(out.endsWith(".pdf")).toBe(true);
    const emoji = "😀".repeat(500) + ".txt";
    const e = sanitiseFilename(emoji);
    expect(Array.from(e).length).toBeLessThanOrEqual(180);
    expect(e.endsWith(".txt")).toBe(true);
    // No half surrogate pair left behind.
    expect(() => encodeURIComponent(e)).not.toThrow();
  });

  it("strips lone surrogates that would break header encoding", () => {
    const out = sanitiseFilename("bad\uD800name.pdf");
    expect(out).toBe("badname.pdf");
    expect(() => encodeURIComponent(out)).not.toThrow();
  });

  // Mostly the characters the rules are about, so that fast-check meets their combinations.
  const tricky = fc.string({
    unit: fc.constantFrom(".", ".", " ", "\t", "\u0000", "\u202E", "\uD800", "/", "\\", ":", "a", "é", "😀", "C", "O", "N", "x"),
    maxLength: 300,
  });

  it("holds its invariants for arbitrary input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), tricky), (input) => {
        const out = sanitiseFilename(input);
        expect(out.length).toBeGreaterThan(0);
        expect(Array.from(out).length).toBeLessThanOrEqual(180);
        expect(out).not.toMatch(/[/\\]/);
        expect(out).not.toContain("..");
        expect(out).not.toMatch(/^\./);
        expect(Array.from(out).some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f")).toBe(false);
        expect(() => encodeURIComponent(out)).not.toThrow();
        // Idempotent: sanitising twice changes nothing.
        expect(sanitiseFilename(out)).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("newStorageKey", () => {
  const KEY = /^documents\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.[a-z0-9]{1,10})?$/;

  it("uses a random id and the extension only", () => {
    const key = newStorageKey("documents", "Rapport d'activité.PDF");
    expect(key).toMatch(KEY);
    expect(key.endsWith(".pdf")).toBe(true);
    expect(key).not.toContain("Rapport");
    expect(newStorageKey("documents", "a.pdf")).not.toBe(newStorageKey("documents", "a.pdf"));
  });

  it("cannot be steered by the filename", () => {
    for (const name of ["../../etc/passwd", "C:\\x\\y.pdf", "a/../../b.exe/..", "x.p/df", "x.%2e%2e", "evil\u0000.pdf", "..", "x.pdf\u202E"]) {
      const key = newStorageKey("documents", name);
      expect(key).toMatch(KEY);
      expect(key).not.toContain("..");
      expect(key.split("/")).toHaveLength(2);
    }
    expect(newStorageKey("documents", "../../etc/passwd")).not.toContain("passwd");
  });

  it("drops unusable extensions", () => {
    expect(safeExtension("noextension")).toBe("");
    expect(safeExtension("archive.tar.gz")).toBe("gz");
    expect(safeExtension("weird.ex e")).toBe("");
    expect(safeExtension("x.verylongextension")).toBe("");
    expect(safeExtension("photo.JPEG")).toBe("jpeg");
    expect(safeExtension(".bashrc")).toBe("");
    expect(newStorageKey("documents", "README")).toMatch(/^documents\/[0-9a-f-]{36}$/);
  });

  it("accepts only plain prefixes", () => {
    expect(newStorageKey("org/abc123/reports", "x.pdf")).toMatch(/^org\/abc123\/reports\/[0-9a-f-]{36}\.pdf$/);
    expect(newStorageKey("", "x.pdf")).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(() => newStorageKey("../up", "x.pdf")).toThrow();
    expect(() => newStorageKey("a//b", "x.pdf")).toThrow();
    expect(() => newStorageKey("a b", "x.pdf")).toThrow();
  });
});

describe("contentDispositionAttachment", () => {
  it("encodes non-ASCII names per RFC 5987 with an ASCII fallback", () => {
    expect(contentDispositionAttachment("Rapport d'activité.pdf")).toBe(
      "attachment; filename=\"Rapport d'activite.pdf\"; filename*=UTF-8''Rapport%20d%27activit%C3%A9.pdf",
    );
  });

  it("cannot break out of the header value", () => {
    const h = contentDispositionAttachment('a"; filename="evil.exe\r\nX-Injected: 1');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.match(/"/g)).toHaveLength(2);
  });
});
