// Seeds the versioned reference data in prisma/reference/*.json. Idempotent and cheap to
// re-run: each file's sha256 is recorded in SeedRecord and an unchanged file is skipped. A
// changed file is diffed against the table: new rows go in with one createMany, changed rows
// are updated one by one, rows that disappeared from a file are kept (organisations, calls
// and proposals may refer to them), except country-dialogue memberships, which follow the file.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { DbTx } from "~/utils/db.server.ts";

export const REFERENCE_DIR = fileURLToPath(new URL("../reference/", import.meta.url));

// ---------------------------------------------------------------- file shapes

const text = z.string().trim().min(1);
const version = z.number().int().positive();
const named = { code: text, nameEn: text, nameFr: text };

export const jvapDomainsFile = z.object({
  version,
  domains: z.array(z.object({ ...named, code: z.string().regex(/^D[1-5]$/) })).length(5),
});

export const dialoguesFile = z.object({
  version,
  dialogues: z.array(
    z.object({
      ...named,
      shortName: text,
      // The names as the shared reference data lists them (checked by tests, not seeded).
      memberNames: z.array(text).optional(),
      observerNames: z.array(text).optional(),
    }),
  ),
});

export const crossCuttingThemesFile = z.object({ version, themes: z.array(z.object(named)) });

export const applicantTypesFile = z.object({ version, types: z.array(z.object(named)) });

export const cadizFile = z.object({
  version,
  areas: z.array(
    z.object({
      number: z.number().int().positive(),
      nameEn: text,
      nameFr: text,
      objectives: z.array(z.object(named)),
    }),
  ),
});

export const DIALOGUE_STATUSES = ["member", "observer"] as const;

export const countriesFile = z.object({
  version,
  countries: z.array(
    z.object({
      code: z.string().regex(/^[A-Z]{2}$/),
      alpha3: z.string().regex(/^[A-Z]{3}$/),
      nameEn: text,
      nameFr: text,
      altNamesEn: z.array(text).optional(),
      auMember: z.boolean(),
      euMember: z.boolean(),
      dialogues: z.array(z.object({ code: text, status: z.enum(DIALOGUE_STATUSES) })),
    }),
  ),
});

const positiveInt = z.number().int().positive();

export const gridCriterionSchema = z.object({ ...named, max: positiveInt, weight: positiveInt });

export const gridSectionSchema = z.object({
  ...named,
  minimum: positiveInt.optional(),
  rejectIfAnyCriterionScores: positiveInt.optional(),
  carriedFromConceptNote: z.boolean().optional(),
  criteria: z.array(gridCriterionSchema).min(1),
});

/** What GridTemplate.definition, Call.conceptNoteGrid and Call.fullApplicationGrid hold. */
export const gridDefinitionSchema = z.object({
  max: positiveInt,
  passMark: positiveInt.optional(),
  sections: z.array(gridSectionSchema).min(1),
});
export type GridDefinition = z.infer<typeof gridDefinitionSchema>;

export const GRID_CODES = ["CONCEPT_NOTE", "FULL_APPLICATION"] as const;

export const gridsFile = z.object({
  version,
  grids: z.array(
    z.object({
      code: z.enum(GRID_CODES),
      nameEn: text,
      nameFr: text,
      note: z.string().optional(),
      definition: gridDefinitionSchema,
    }),
  ),
});

/** The most points a grid can give: the sum of max x weight over every criterion. */
export function gridTotal(definition: GridDefinition): number {
  return definition.sections.reduce((sum, s) => sum + s.criteria.reduce((t, c) => t + c.max * c.weight, 0), 0);
}

// ---------------------------------------------------------------- reading the files

export const REFERENCE_FILES = {
  jvapDomains: { file: "jvap-domains.json", schema: jvapDomainsFile },
  dialogues: { file: "dialogues.json", schema: dialoguesFile },
  crossCuttingThemes: { file: "cross-cutting-themes.json", schema: crossCuttingThemesFile },
  cadiz: { file: "cadiz.json", schema: cadizFile },
  applicantTypes: { file: "applicant-types.json", schema: applicantTypesFile },
  countries: { file: "countries.json", schema: countriesFile },
  grids: { file: "grids.json", schema: gridsFile },
} as const;

type Files = typeof REFERENCE_FILES;
export type ReferenceKey = keyof Files;
export type ReferenceData<K extends ReferenceKey> = z.infer<Files[K]["schema"]>;

interface LoadedFile<K extends ReferenceKey> {
  key: K;
  file: string;
  checksum: string;
  data: ReferenceData<K>;
}

async function loadFile<K extends ReferenceKey>(key: K, dir: string): Promise<LoadedFile<K>> {
  const { file, schema } = REFERENCE_FILES[key];
  const bytes = await readFile(`${dir}/${file}`);
  const checksum = createHash("sha256").update(bytes).digest("hex");
  const parsed = schema.safeParse(JSON.parse(bytes.toString("utf8")));
  if (!parsed.success) throw new Error(`prisma/reference/${file} is not valid: ${z.prettifyError(parsed.error)}`);
  return { key, file, checksum, data: parsed.data as ReferenceData<K> };
}

/** Reads and validates one reference file (no database). */
export async function readReferenceFile<K extends ReferenceKey>(key: K, dir = REFERENCE_DIR): Promise<ReferenceData<K>> {
  return (await loadFile(key, dir)).data;
}

// ---------------------------------------------------------------- diffing rows

/** JSON with object keys sorted, so that jsonb's key reordering does not count as a change. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface SyncCounts {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Brings a table in line with `desired`: one createMany for the missing rows, one update per
 * changed row, and (only when `remove` is given) one delete for the rows no longer wanted.
 */
async function syncRows<T extends object>(opts: {
  desired: T[];
  existing: object[];
  key: (row: T) => string;
  createMany: (rows: T[]) => Promise<unknown>;
  update: (row: T) => Promise<unknown>;
  remove?: (rows: T[]) => Promise<unknown>;
}): Promise<SyncCounts> {
  const existing = new Map(opts.existing.map((row) => [opts.key(row as T), row]));
  const wanted = new Set<string>();
  const missing: T[] = [];
  const changed: T[] = [];
  for (const row of opts.desired) {
    const k = opts.key(row);
    if (wanted.has(k)) throw new Error(`duplicate reference-data key ${k}`);
    wanted.add(k);
    const current = existing.get(k);
    if (!current) missing.push(row);
    else if (stableJson(pick(current, Object.keys(row))) !== stableJson(row)) changed.push(row);
  }
  if (missing.length) await opts.createMany(missing);
  for (const row of changed) await opts.update(row);
  let deleted = 0;
  if (opts.remove) {
    const gone = [...existing.entries()].filter(([k]) => !wanted.has(k)).map(([, row]) => row as T);
    if (gone.length) await opts.remove(gone);
    deleted = gone.length;
  }
  return { created: missing.length, updated: changed.length, deleted };
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

const add = (a: SyncCounts, b: SyncCounts): SyncCounts => ({ created: a.created + b.created, updated: a.updated + b.updated, deleted: a.deleted + b.deleted });

// ---------------------------------------------------------------- one seeder per file

type Seeder<K extends ReferenceKey> = (prisma: DbTx, data: ReferenceData<K>) => Promise<SyncCounts>;

const SEEDERS: { [K in ReferenceKey]: Seeder<K> } = {
  async jvapDomains(prisma, data) {
    const desired = data.domains.map((d, i) => ({ code: d.code, nameEn: d.nameEn, nameFr: d.nameFr, rank: i + 1 }));
    return syncRows({
      desired,
      existing: await prisma.jvapDomain.findMany(),
      key: (r) => r.code,
      createMany: (rows) => prisma.jvapDomain.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.jvapDomain.update({ where: { code }, data: row }),
    });
  },

  async dialogues(prisma, data) {
    const desired = data.dialogues.map((d, i) => ({ code: d.code, shortName: d.shortName, nameEn: d.nameEn, nameFr: d.nameFr, rank: i + 1 }));
    return syncRows({
      desired,
      existing: await prisma.dialogue.findMany(),
      key: (r) => r.code,
      createMany: (rows) => prisma.dialogue.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.dialogue.update({ where: { code }, data: row }),
    });
  },

  async crossCuttingThemes(prisma, data) {
    const desired = data.themes.map((t, i) => ({ code: t.code, nameEn: t.nameEn, nameFr: t.nameFr, rank: i + 1 }));
    return syncRows({
      desired,
      existing: await prisma.crossCuttingTheme.findMany(),
      key: (r) => r.code,
      createMany: (rows) => prisma.crossCuttingTheme.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.crossCuttingTheme.update({ where: { code }, data: row }),
    });
  },

  async applicantTypes(prisma, data) {
    const desired = data.types.map((t, i) => ({ code: t.code, nameEn: t.nameEn, nameFr: t.nameFr, rank: i + 1 }));
    return syncRows({
      desired,
      existing: await prisma.applicantType.findMany({ select: { code: true, nameEn: true, nameFr: true, rank: true } }),
      key: (r) => r.code,
      createMany: (rows) => prisma.applicantType.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.applicantType.update({ where: { code }, data: row }),
    });
  },

  async cadiz(prisma, data) {
    const areas = await syncRows({
      desired: data.areas.map((a) => ({ number: a.number, nameEn: a.nameEn, nameFr: a.nameFr })),
      existing: await prisma.cadizArea.findMany(),
      key: (r) => String(r.number),
      createMany: (rows) => prisma.cadizArea.createMany({ data: rows, skipDuplicates: true }),
      update: ({ number, ...row }) => prisma.cadizArea.update({ where: { number }, data: row }),
    });
    const objectives = await syncRows({
      desired: data.areas.flatMap((a) => a.objectives.map((o) => ({ code: o.code, areaNumber: a.number, nameEn: o.nameEn, nameFr: o.nameFr }))),
      existing: await prisma.cadizObjective.findMany(),
      key: (r) => r.code,
      createMany: (rows) => prisma.cadizObjective.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.cadizObjective.update({ where: { code }, data: row }),
    });
    return add(areas, objectives);
  },

  async countries(prisma, data) {
    const countries = await syncRows({
      desired: data.countries.map((c) => ({ code: c.code, alpha3: c.alpha3, nameEn: c.nameEn, nameFr: c.nameFr, auMember: c.auMember, euMember: c.euMember })),
      existing: await prisma.country.findMany({ select: { code: true, alpha3: true, nameEn: true, nameFr: true, auMember: true, euMember: true } }),
      key: (r) => r.code,
      createMany: (rows) => prisma.country.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.country.update({ where: { code }, data: row }),
    });
    const memberships = await syncRows({
      desired: data.countries.flatMap((c) => c.dialogues.map((d) => ({ countryCode: c.code, dialogueCode: d.code, status: d.status as string }))),
      existing: await prisma.countryDialogue.findMany(),
      key: (r) => `${r.countryCode}:${r.dialogueCode}`,
      createMany: (rows) => prisma.countryDialogue.createMany({ data: rows, skipDuplicates: true }),
      update: ({ countryCode, dialogueCode, status }) =>
        prisma.countryDialogue.update({ where: { countryCode_dialogueCode: { countryCode, dialogueCode } }, data: { status } }),
      remove: (rows) =>
        prisma.countryDialogue.deleteMany({ where: { OR: rows.map(({ countryCode, dialogueCode }) => ({ countryCode, dialogueCode })) } }),
    });
    return add(countries, memberships);
  },

  async grids(prisma, data) {
    return syncRows({
      desired: data.grids.map((g) => ({ code: g.code, nameEn: g.nameEn, nameFr: g.nameFr, definition: g.definition })),
      existing: await prisma.gridTemplate.findMany(),
      key: (r) => r.code,
      createMany: (rows) => prisma.gridTemplate.createMany({ data: rows, skipDuplicates: true }),
      update: ({ code, ...row }) => prisma.gridTemplate.update({ where: { code }, data: row }),
    });
  },
};

// Foreign keys decide the order: dialogues before country memberships.
const ORDER: ReferenceKey[] = ["jvapDomains", "dialogues", "crossCuttingThemes", "cadiz", "applicantTypes", "countries", "grids"];

export interface ReferenceSeedReport {
  files: ({ file: string; version: number; checksum: string } & ({ skipped: true } | ({ skipped: false } & SyncCounts)))[];
  ms: number;
}

/** Seeds every reference file whose checksum changed, and says what it did. */
export async function syncReferenceData(prisma: DbTx, options: { dir?: string } = {}): Promise<ReferenceSeedReport> {
  const started = Date.now();
  const dir = options.dir ?? REFERENCE_DIR;
  const loaded = await Promise.all(ORDER.map((key) => loadFile(key, dir)));
  const records = new Map((await prisma.seedRecord.findMany()).map((r) => [r.name, r.checksum]));
  const report: ReferenceSeedReport = { files: [], ms: 0 };
  for (const f of loaded) {
    const name = `reference/${f.file}`;
    const base = { file: f.file, version: f.data.version, checksum: f.checksum };
    if (records.get(name) === f.checksum) {
      report.files.push({ ...base, skipped: true });
      continue;
    }
    const seed = SEEDERS[f.key] as Seeder<typeof f.key>;
    const counts = await seed(prisma, f.data);
    await prisma.seedRecord.upsert({
      where: { name },
      create: { name, checksum: f.checksum },
      update: { checksum: f.checksum, seededAt: new Date() },
    });
    report.files.push({ ...base, skipped: false, ...counts });
  }
  report.ms = Date.now() - started;
  return report;
}

/** Seeds the versioned reference data in prisma/reference/ idempotently. */
export async function seedReferenceData(prisma: DbTx): Promise<void> {
  await syncReferenceData(prisma);
}
