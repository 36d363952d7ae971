// The reference lists (JVAP domains, dialogues, applicant types, countries) come from
// ../shared/domain through the seed and no screen edits them, yet nearly every page names
// something with them. Read once per process and database client instead of four statements
// a request. A release that changes them reseeds and restarts the app.
import { db, type Db } from "./db.server.ts";

export interface NamedRow {
  code: string;
  nameEn: string;
  nameFr: string;
}
export interface ReferenceData {
  /** In the JVAP's own order. */
  jvapDomains: readonly (NamedRow & { rank: number })[];
  /** In the programme's order. */
  dialogues: readonly (NamedRow & { rank: number; shortName: string })[];
  /** In the programme's order. */
  applicantTypes: readonly (NamedRow & { rank: number })[];
  /** By code. */
  countries: readonly (NamedRow & { alpha3: string; auMember: boolean; euMember: boolean })[];
}

// Per client: tests give each file its own database (setDb), and the lists must be that one's.
const loaded = new WeakMap<Db, Promise<ReferenceData>>();

async function load(client: Db): Promise<ReferenceData> {
  const [jvapDomains, dialogues, applicantTypes, countries] = await Promise.all([
    client.jvapDomain.findMany({ orderBy: { rank: "asc" } }),
    client.dialogue.findMany({ orderBy: { rank: "asc" } }),
    client.applicantType.findMany({ orderBy: { rank: "asc" } }),
    client.country.findMany({ orderBy: { code: "asc" } }),
  ]);
  return Object.freeze({ jvapDomains, dialogues, applicantTypes, countries });
}

export async function referenceData(): Promise<ReferenceData> {
  const client = db();
  let pending = loaded.get(client);
  if (!pending) {
    pending = load(client);
    loaded.set(client, pending);
  }
  try {
    const data = await pending;
    // Read before the seed ran (a fresh database): do not keep empty lists.
    if (!data.jvapDomains.length || !data.dialogues.length || !data.applicantTypes.length || !data.countries.length) loaded.delete(client);
    return data;
  } catch (error) {
    loaded.delete(client);
    throw error;
  }
}

/** Rows by code, for naming codes found on records. */
export function byCode<T extends { code: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.code, r]));
}
