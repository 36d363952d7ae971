// The versioned reference data in prisma/reference/ is complete and consistent. Pure: reads
// the JSON files only. Where the shared domain reference data (../shared/domain) is present
// beside the repository, the files are also checked against it.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REFERENCE_DIR, REFERENCE_FILES, gridTotal, readReferenceFile } from "../../prisma/seed/reference.ts";

const read = (file: string): unknown => JSON.parse(readFileSync(path.join(REFERENCE_DIR, file), "utf8"));

const SHARED = path.resolve(process.cwd(), "../shared/domain/reference-data.json");
interface Shared {
  jvapDomains: { code: string; en: string; fr: string }[];
  dialogues: { code: string }[];
  applicantTypes: { code: string }[];
  rabatProcessPartners: { african: string[]; european: string[] };
  khartoumProcessMembers: { african: string[]; european: string[] };
}
const shared: Shared | null = existsSync(SHARED) ? (JSON.parse(readFileSync(SHARED, "utf8")) as Shared) : null;

const EU_27 = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

describe("reference data files", () => {
  it("each file is valid and carries a version number", async () => {
    const files = readdirSync(REFERENCE_DIR).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual(Object.values(REFERENCE_FILES).map((f) => f.file).sort());
    for (const key of Object.keys(REFERENCE_FILES) as (keyof typeof REFERENCE_FILES)[]) {
      const data = await readReferenceFile(key);
      expect(Number.isInteger(data.version) && data.version > 0, key).toBe(true);
    }
  });

  it("has the five JVAP domains D1-D5 in English and French", async () => {
    const { domains } = await readReferenceFile("jvapDomains");
    expect(domains.map((d) => d.code)).toEqual(["D1", "D2", "D3", "D4", "D5"]);
    for (const d of domains) {
      expect(d.nameEn.length).toBeGreaterThan(5);
      expect(d.nameFr.length).toBeGreaterThan(5);
    }
    if (shared) expect(domains.map((d) => [d.code, d.nameEn, d.nameFr])).toEqual(shared.jvapDomains.map((d) => [d.code, d.en, d.fr]));
  });

  it("has the dialogues, applicant types and cross-cutting themes with unique codes", async () => {
    const { dialogues } = await readReferenceFile("dialogues");
    expect(dialogues.map((d) => d.code)).toEqual(["RABAT", "KHARTOUM", "C2CMMD", "ADEPT"]);
    expect(dialogues.find((d) => d.code === "RABAT")?.shortName).toBe("Rabat Process");
    expect(dialogues.find((d) => d.code === "KHARTOUM")?.shortName).toBe("Khartoum Process");
    const { types } = await readReferenceFile("applicantTypes");
    expect(types.map((t) => t.code)).toEqual(["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"]);
    const { themes } = await readReferenceFile("crossCuttingThemes");
    expect(themes).toHaveLength(3);
    expect(new Set(themes.map((t) => t.code)).size).toBe(3);
    if (shared) {
      expect(dialogues.map((d) => d.code)).toEqual(shared.dialogues.map((d) => d.code));
      expect(types.map((t) => t.code)).toEqual(shared.applicantTypes.map((t) => t.code));
    }
  });

  it("has the Cadiz Action Plan areas 1-5 and their objectives in English and French", async () => {
    const { areas } = await readReferenceFile("cadiz");
    expect(areas.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const objectives = areas.flatMap((a) => a.objectives);
    expect(objectives.map((o) => o.code)).toEqual(["1", "2", "3", "4", "5a", "5b", "6"]);
    for (const o of objectives) expect(o.nameFr).not.toBe(o.nameEn);
  });
});

describe("countries", () => {
  it("lists every ISO 3166-1 country once, with English and French names", async () => {
    const { countries } = await readReferenceFile("countries");
    expect(countries).toHaveLength(249);
    expect(new Set(countries.map((c) => c.code)).size).toBe(countries.length);
    expect(new Set(countries.map((c) => c.alpha3)).size).toBe(countries.length);
    for (const c of countries) {
      expect(c.code).toMatch(/^[A-Z]{2}$/);
      expect(c.alpha3).toMatch(/^[A-Z]{3}$/);
      expect(c.nameEn.trim()).not.toBe("");
      expect(c.nameFr.trim()).not.toBe("");
    }
    const byCode = new Map(countries.map((c) => [c.code, c]));
    expect(byCode.get("SN")).toMatchObject({ alpha3: "SEN", nameEn: "Senegal", nameFr: "Sénégal" });
    expect(byCode.get("DE")).toMatchObject({ alpha3: "DEU", nameFr: "Allemagne" });
    expect(byCode.get("CI")).toMatchObject({ alpha3: "CIV", nameEn: "Côte d'Ivoire" });
  });

  it("marks exactly the 55 AU and the 27 EU member states", async () => {
    const { countries } = await readReferenceFile("countries");
    const au = countries.filter((c) => c.auMember).map((c) => c.code);
    const eu = countries.filter((c) => c.euMember).map((c) => c.code);
    expect(au).toHaveLength(55);
    expect(eu).toHaveLength(27);
    expect(eu.sort()).toEqual([...EU_27].sort());
    expect(au).toContain("EH"); // the Sahrawi Republic
    expect(au).toContain("MA");
    expect(au).not.toContain("GB");
    expect(au.filter((c) => eu.includes(c))).toEqual([]);
  });

  it("resolves every Rabat Process and Khartoum Process name to a country holding that membership", async () => {
    const { countries } = await readReferenceFile("countries");
    const { dialogues } = await readReferenceFile("dialogues");
    const dialogueCodes = new Set(dialogues.map((d) => d.code));
    const byName = new Map<string, (typeof countries)[number]>();
    for (const c of countries) for (const n of [c.nameEn, ...(c.altNamesEn ?? [])]) byName.set(n, c);

    for (const code of ["RABAT", "KHARTOUM"]) {
      const d = dialogues.find((x) => x.code === code);
      const names = d?.memberNames ?? [];
      expect(names.length, code).toBeGreaterThan(30);
      const resolved = new Set<string>();
      for (const name of names) {
        const country = byName.get(name);
        expect(country, `${code}: "${name}" has no ISO code`).toBeDefined();
        if (!country) continue;
        resolved.add(country.code);
        const status = d?.observerNames?.includes(name) ? "observer" : "member";
        expect(country.dialogues, `${code}: ${name}`).toContainEqual({ code, status });
      }
      // No country holds a membership the list does not give.
      const holders = countries.filter((c) => c.dialogues.some((x) => x.code === code)).map((c) => c.code);
      expect(holders.sort()).toEqual([...resolved].sort());
    }

    if (shared) {
      const rabat = dialogues.find((x) => x.code === "RABAT")?.memberNames;
      const khartoum = dialogues.find((x) => x.code === "KHARTOUM")?.memberNames;
      expect(rabat).toEqual([...shared.rabatProcessPartners.african, ...shared.rabatProcessPartners.european]);
      expect(khartoum).toEqual([...shared.khartoumProcessMembers.african, ...shared.khartoumProcessMembers.european]);
    }

    const statusOf = (country: string, dialogue: string) => countries.find((c) => c.code === country)?.dialogues.find((x) => x.code === dialogue)?.status;
    expect(statusOf("DZ", "RABAT")).toBe("observer");
    expect(statusOf("LY", "RABAT")).toBe("observer");
    expect(statusOf("LY", "KHARTOUM")).toBe("member");
    expect(statusOf("SN", "RABAT")).toBe("member");
    expect(statusOf("CZ", "KHARTOUM")).toBe("member");
    expect(statusOf("ST", "RABAT")).toBe("member");

    // C2CMMD: the AU and EU member states. Every membership names a known dialogue.
    const c2c = countries.filter((c) => c.dialogues.some((x) => x.code === "C2CMMD")).map((c) => c.code).sort();
    expect(c2c).toEqual(countries.filter((c) => c.auMember || c.euMember).map((c) => c.code).sort());
    for (const c of countries) for (const m of c.dialogues) expect(dialogueCodes.has(m.code), `${c.code}: ${m.code}`).toBe(true);
  });
});

describe("evaluation grids", () => {
  it("concept note: 50 points, pass mark 30", async () => {
    const { grids } = await readReferenceFile("grids");
    const grid = grids.find((g) => g.code === "CONCEPT_NOTE");
    expect(grid).toBeDefined();
    expect(grid?.definition.max).toBe(50);
    expect(grid?.definition.passMark).toBe(30);
    expect(gridTotal(grid!.definition)).toBe(50);
  });

  it("full application: 100 points, capacity minimum 12 and no capacity score of 1", async () => {
    const { grids } = await readReferenceFile("grids");
    const grid = grids.find((g) => g.code === "FULL_APPLICATION");
    expect(grid?.definition.max).toBe(100);
    expect(gridTotal(grid!.definition)).toBe(100);
    const capacity = grid!.definition.sections.find((s) => s.code === "1");
    expect(capacity).toMatchObject({ minimum: 12, rejectIfAnyCriterionScores: 1 });
    const sectionTotals = grid!.definition.sections.map((s) => s.criteria.reduce((t, c) => t + c.max * c.weight, 0));
    expect(sectionTotals).toEqual([20, 30, 20, 15, 15]);
    expect(grid?.note).toBeTruthy();
  });

  it("names every section and criterion in English and French, with unique codes", async () => {
    const { grids } = await readReferenceFile("grids");
    expect(grids.map((g) => g.code).sort()).toEqual(["CONCEPT_NOTE", "FULL_APPLICATION"]);
    for (const g of grids) {
      const codes = new Set<string>();
      for (const s of g.definition.sections) {
        expect(s.nameEn && s.nameFr).toBeTruthy();
        for (const c of s.criteria) {
          expect(c.nameEn && c.nameFr, c.code).toBeTruthy();
          expect(c.code.startsWith(`${s.code}.`)).toBe(true);
          expect(codes.has(c.code)).toBe(false);
          codes.add(c.code);
          expect(c.max).toBe(5);
        }
      }
    }
  });

  it("the seed keeps grid definitions exactly as the file writes them", async () => {
    // Calls copy these definitions: validation must not drop a field (e.g. carriedFromConceptNote).
    const raw = read("grids.json") as { grids: { code: string; definition: unknown }[] };
    const { grids } = await readReferenceFile("grids");
    expect(grids.map((g) => [g.code, g.definition])).toEqual(raw.grids.map((g) => [g.code, g.definition]));
  });
});
