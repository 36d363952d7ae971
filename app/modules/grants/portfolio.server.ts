// The grant manager's portfolio: grants and amounts by JVAP domain, target country, dialogue
// and status, disbursed (paid tranches) against committed (grant amounts), reports due soon
// or overdue, a paginated list of the grants, and two streamed exports (the grants; the JVAP
// initiatives). Every figure is computed in SQL under the same filters, so a request costs a
// fixed number of queries however many grants there are (the page is benchmarked at 500);
// the page's figures are kept in the process while a one-statement check says that nothing
// they were computed from has changed (see "what the figures were computed from").
//
// A grant with two domains (or three target countries) counts once under each: the
// breakdowns say "grants involving", and only the totals are sums of distinct grants.
import { rememberBounded, shareInFlight } from "~/utils/memo.ts";
import { z } from "zod";
import { GRANT_STATES, GRANT_STATE_LABELS, type GrantStateId } from "#workflows/grant.machine.ts";
import { requirePermission, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import { isReportDueSoon, isReportOverdue } from "~/modules/reporting/overdue.ts";
import { csvStream, type CsvValue } from "~/utils/csv.ts";
import { db, Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pickBilingual, type Locale } from "~/utils/i18n.ts";
import { referenceData } from "~/utils/reference-data.server.ts";
import { centsToEuros, isoDay, JVAP_CSV_COLUMNS, jvapCsvRow, toJvapInitiative, type JvapNames } from "./jvap-export.ts";

export const PORTFOLIO_PAGE_SIZE = 25;
export const EXPORT_BATCH_SIZE = 500;
/** Reports due within this many days are listed with the overdue ones. */
export const REPORTS_DUE_DAYS = 30;
/** At most this many reports are listed (the most pressing first). */
export const REPORTS_LIMIT = 100;
const DAY_MS = 86_400_000;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The page's filters, read from the query string (also the exports'). */
export const PortfolioFiltersSchema = z.object({
  callId: z.preprocess(blankToUndefined, z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "portfolio.error.badCall").optional()),
  domain: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().regex(/^[A-Z0-9_]{1,20}$/, "portfolio.error.badDomain").optional()),
  dialogue: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().regex(/^[A-Z0-9_]{1,20}$/, "portfolio.error.badDialogue").optional()),
  country: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "portfolio.error.badCountry").optional()),
  status: z.preprocess(blankToUndefined, z.enum(GRANT_STATES, { message: "portfolio.error.badStatus" }).optional()),
  startYear: z.preprocess(blankToUndefined, z.coerce.number({ message: "portfolio.error.badYear" }).int("portfolio.error.badYear").min(1990, "portfolio.error.badYear").max(2100, "portfolio.error.badYear").optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number({ message: "portfolio.error.badPage" }).int("portfolio.error.badPage").min(1, "portfolio.error.badPage").max(100_000, "portfolio.error.badPage").default(1)),
});
export type PortfolioFilters = z.infer<typeof PortfolioFiltersSchema>;
export type PortfolioExportFilters = Omit<PortfolioFilters, "page">;

/** Only those who may list every grant (grant managers) see the portfolio; admins manage accounts, not grants. */
export function requirePortfolioReader(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "grant", "list");
  if (scopeFor(actor.role, "grant", "list") !== "any") throw new AppError("forbidden", "errors.forbidden");
}

export function grantStateLabel(state: string, locale: Locale): string {
  return pickBilingual(GRANT_STATE_LABELS[state as GrantStateId]?.staff, locale, state);
}

// ------------------------------------------------------------------ SQL pieces

/** The filters as one SQL condition on g (Grant), p (Proposal), c (Call). */
function whereSql(f: PortfolioExportFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.callId) parts.push(Prisma.sql`g."callId" = ${f.callId}`);
  if (f.domain) parts.push(Prisma.sql`${f.domain} = ANY(p."jvapDomainCodes")`);
  if (f.country) parts.push(Prisma.sql`${f.country} = ANY(p."targetCountryCodes")`);
  if (f.dialogue) parts.push(Prisma.sql`${f.dialogue} = ANY(c."dialogueCodes")`);
  if (f.status) parts.push(Prisma.sql`g."state" = ${f.status}`);
  if (f.startYear !== undefined) {
    parts.push(Prisma.sql`g."startDate" >= ${new Date(Date.UTC(f.startYear, 0, 1))} AND g."startDate" < ${new Date(Date.UTC(f.startYear + 1, 0, 1))}`);
  }
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/** The filtered grants with what each has been paid (a CTE named "f"). */
function filteredCte(f: PortfolioExportFilters): Prisma.Sql {
  return Prisma.sql`
    WITH f AS MATERIALIZED (
      SELECT g."id", g."reference", g."title", g."state", g."amountCents", g."startDate", g."endDate", g."callId",
             g."organisationId", p."jvapDomainCodes" AS "domains", p."targetCountryCodes" AS "countries", c."dialogueCodes" AS "dialogues",
             COALESCE(t."paid", 0)::bigint AS "paid"
      FROM "Grant" g
      JOIN "Proposal" p ON p."id" = g."proposalId"
      JOIN "Call" c ON c."id" = g."callId"
      LEFT JOIN (SELECT "grantId", SUM("paidAmountCents") AS "paid" FROM "Tranche" WHERE "paidAt" IS NOT NULL GROUP BY "grantId") t ON t."grantId" = g."id"
      ${whereSql(f)}
    )`;
}

/** bigint, numeric or text from the driver → a JS number (sums of cents stay well within 2^53). */
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

// ------------------------------------------------------------------ the figures

export interface Bucket {
  key: string;
  grants: number;
  committedCents: number;
  disbursedCents: number;
}

export interface PortfolioFigures {
  total: Bucket;
  byDomain: Bucket[];
  byCountry: Bucket[];
  byDialogue: Bucket[];
  byStatus: Bucket[];
}

type BucketRow = { dim: string; key: string | null; grants: unknown; committed: unknown; disbursed: unknown };

/** The five breakdowns of the filtered grants (the CTE "f"), as rows (dim, key, grants, committed, disbursed). */
const FIGURES_SQL = Prisma.sql`
    SELECT 'total' AS "dim", NULL AS "key", COUNT(*) AS "grants", SUM("amountCents") AS "committed", SUM("paid") AS "disbursed" FROM f
    UNION ALL
    SELECT 'status', "state", COUNT(*), SUM("amountCents"), SUM("paid") FROM f GROUP BY "state"
    UNION ALL
    SELECT 'domain', d."code", COUNT(DISTINCT f."id"), SUM(f."amountCents"), SUM(f."paid") FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f."domains") AS "code") d GROUP BY d."code"
    UNION ALL
    SELECT 'country', d."code", COUNT(DISTINCT f."id"), SUM(f."amountCents"), SUM(f."paid") FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f."countries") AS "code") d GROUP BY d."code"
    UNION ALL
    SELECT 'dialogue', d."code", COUNT(DISTINCT f."id"), SUM(f."amountCents"), SUM(f."paid") FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f."dialogues") AS "code") d GROUP BY d."code"`;

/** Every breakdown in one query: the filtered grants once, then grouped five ways. */
export async function portfolioFigures(f: PortfolioExportFilters): Promise<PortfolioFigures> {
  const rows = await db().$queryRaw<BucketRow[]>`
    ${filteredCte(f)}
    ${FIGURES_SQL}
  `;
  return toFigures(rows);
}

function toFigures(rows: BucketRow[]): PortfolioFigures {
  const figures: PortfolioFigures = { total: { key: "total", grants: 0, committedCents: 0, disbursedCents: 0 }, byDomain: [], byCountry: [], byDialogue: [], byStatus: [] };
  for (const r of rows) {
    const bucket: Bucket = { key: r.key ?? "", grants: num(r.grants), committedCents: num(r.committed), disbursedCents: num(r.disbursed) };
    if (r.dim === "total") figures.total = { ...bucket, key: "total" };
    else if (r.dim === "status") figures.byStatus.push(bucket);
    else if (r.dim === "domain") figures.byDomain.push(bucket);
    else if (r.dim === "country") figures.byCountry.push(bucket);
    else if (r.dim === "dialogue") figures.byDialogue.push(bucket);
  }
  // Largest first; statuses in the machine's order.
  const byAmount = (a: Bucket, b: Bucket) => b.committedCents - a.committedCents || a.key.localeCompare(b.key);
  figures.byDomain.sort((a, b) => a.key.localeCompare(b.key));
  figures.byCountry.sort(byAmount);
  figures.byDialogue.sort(byAmount);
  figures.byStatus.sort((a, b) => (GRANT_STATES as readonly string[]).indexOf(a.key) - (GRANT_STATES as readonly string[]).indexOf(b.key));
  return figures;
}

// ------------------------------------------------------------------ the reports to chase

export interface PortfolioReport {
  id: string;
  kind: string;
  number: number;
  dueDate: Date;
  state: string;
  overdue: boolean;
  grant: { id: string; reference: string; title: string; organisation: string };
}

type ReportRow = { id: string; kind: string; number: number; dueDate: Date; state: string; grantId: string; reference: string; title: string; legalName: string; acronym: string | null };

/**
 * Reports of the filtered grants not yet handed in and due within REPORTS_DUE_DAYS, or
 * already overdue; oldest due date first. SQL narrows by date and by the states a report
 * waits in; the rule itself (app/modules/reporting/overdue.ts) decides.
 */
export async function reportsToChase(f: PortfolioExportFilters, now: Date): Promise<{ overdue: PortfolioReport[]; dueSoon: PortfolioReport[]; truncated: boolean }> {
  const rows = await db().$queryRaw<ReportRow[]>`
    ${filteredCte(f)}
    ${reportsSql(new Date(now.getTime() + REPORTS_DUE_DAYS * DAY_MS))}
  `;
  return toReports(rows, now);
}

/**
 * The reports to chase among the filtered grants (the CTE "f") due by `horizon`, REPORTS_LIMIT
 * + 1 at most. `horizon` may lie beyond now + REPORTS_DUE_DAYS (a cached list serves the next
 * hour): ordered by due date first, the reports due by any earlier horizon are a prefix.
 */
function reportsSql(horizon: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT r."id", r."kind", r."number", r."dueDate", r."state", f."id" AS "grantId", f."reference", f."title", o."legalName", o."acronym"
    FROM "Report" r
    JOIN f ON f."id" = r."grantId"
    JOIN "Organisation" o ON o."id" = f."organisationId"
    WHERE r."state" IN ('draft', 'changes_requested') AND r."dueDate" <= ${horizon}
    ORDER BY r."dueDate" ASC, f."reference" ASC, r."number" ASC
    LIMIT ${REPORTS_LIMIT + 1}`;
}

/** `rows`: by due date, possibly read up to a later horizon than now + REPORTS_DUE_DAYS (see reportsSql). */
function toReports(rows: readonly ReportRow[], now: Date): { overdue: PortfolioReport[]; dueSoon: PortfolioReport[]; truncated: boolean } {
  const horizon = now.getTime() + REPORTS_DUE_DAYS * DAY_MS;
  const due = rows.filter((r) => r.dueDate.getTime() <= horizon);
  const truncated = due.length > REPORTS_LIMIT;
  const overdue: PortfolioReport[] = [];
  const dueSoon: PortfolioReport[] = [];
  for (const r of due.slice(0, REPORTS_LIMIT)) {
    const isOverdue = isReportOverdue(r, now);
    const report: PortfolioReport = {
      id: r.id,
      kind: r.kind,
      number: r.number,
      dueDate: r.dueDate,
      state: r.state,
      overdue: isOverdue,
      grant: { id: r.grantId, reference: r.reference, title: r.title, organisation: r.acronym ? `${r.legalName} (${r.acronym})` : r.legalName },
    };
    if (isOverdue) overdue.push(report);
    else if (isReportDueSoon(r, now, REPORTS_DUE_DAYS)) dueSoon.push(report);
  }
  return { overdue, dueSoon, truncated };
}

// ------------------------------------------------------------------ the list of grants

export interface PortfolioGrantRow {
  id: string;
  reference: string;
  title: string;
  state: string;
  amountCents: number;
  paidCents: number;
  startDate: Date;
  endDate: Date;
  callReference: string;
  organisation: { legalName: string; acronym: string | null; countryCode: string };
  jvapDomainCodes: string[];
  targetCountryCodes: string[];
  dialogueCodes: string[];
}

type GrantRow = {
  id: string;
  reference: string;
  title: string;
  state: string;
  amountCents: number;
  paid: unknown;
  startDate: Date;
  endDate: Date;
  callReference: string;
  legalName: string;
  acronym: string | null;
  countryCode: string;
  domains: string[];
  countries: string[];
  dialogues: string[];
};

function toGrantRow(r: GrantRow): PortfolioGrantRow {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    state: r.state,
    amountCents: num(r.amountCents),
    paidCents: num(r.paid),
    startDate: r.startDate,
    endDate: r.endDate,
    callReference: r.callReference,
    organisation: { legalName: r.legalName, acronym: r.acronym, countryCode: r.countryCode },
    jvapDomainCodes: r.domains,
    targetCountryCodes: r.countries,
    dialogueCodes: r.dialogues,
  };
}

/** Filtered grants by reference, either a page (offset) or after a reference (keyset, for exports). */
async function grantRows(f: PortfolioExportFilters, opts: { offset?: number; after?: string | null; limit: number }): Promise<PortfolioGrantRow[]> {
  const rows = await db().$queryRaw<GrantRow[]>`
    ${filteredCte(f)}
    ${grantPageSql(opts)}
  `;
  return rows.map(toGrantRow);
}

/** A page of the filtered grants (the CTE "f") by reference. */
function grantPageSql(opts: { offset?: number; after?: string | null; limit: number }): Prisma.Sql {
  const after = opts.after ? Prisma.sql`WHERE f."reference" > ${opts.after}` : Prisma.empty;
  return Prisma.sql`
    SELECT f."id", f."reference", f."title", f."state", f."amountCents", f."paid", f."startDate", f."endDate",
           c."reference" AS "callReference", o."legalName", o."acronym", o."countryCode", f."domains", f."countries", f."dialogues"
    FROM f
    JOIN "Call" c ON c."id" = f."callId"
    JOIN "Organisation" o ON o."id" = f."organisationId"
    ${after}
    ORDER BY f."reference" ASC
    LIMIT ${opts.limit} OFFSET ${opts.offset ?? 0}`;
}

// ------------------------------------------------------------------ the page

export interface FilterOptions {
  calls: { id: string; reference: string; titleEn: string; titleFr: string }[];
  domains: readonly { code: string; nameEn: string; nameFr: string }[];
  dialogues: readonly { code: string; shortName: string; nameEn: string; nameFr: string }[];
  /** Countries targeted by at least one grant, by English name. */
  countries: { code: string; alpha3: string; nameEn: string; nameFr: string }[];
  years: number[];
}

/** A timestamp read back from json (ISO without a zone: the columns hold UTC). */
const jsonDate = (v: unknown): Date => new Date(typeof v === "string" && !/(Z|[+-]\d\d:?\d\d)$/.test(v) ? `${v}Z` : String(v));

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

// ------------------------------------------------------------------ what the figures were computed from
//
// The figures of a filter are computed once and kept in the process while nothing they are
// computed from has changed. Whether something has is asked of the database on every
// request, in one cheap statement: for each table the page reads, the number of rows and the
// sum of a 64-bit hash of each row's id and xmin (the transaction that wrote the row's
// current version). Any committed insert, update or delete changes it, whatever wrote it (the
// app, a script, SQL by hand), and a statement sees every commit made before it started: a
// manager never sees figures older than a write committed before their request.
//
// Only the rows that can change what the page shows are hashed: every grant, proposal (the
// domains and countries of a grant are its proposal's), organisation and call; the paid
// tranches (only they count as disbursed); and the reports still to hand in that fall due by
// the horizon (see reportsSql). Names of domains, dialogues and countries are reference data
// (referenceData()).

/** Reports are read up to the next whole hour after now + REPORTS_DUE_DAYS: a cached list serves until then. */
const HORIZON_STEP_MS = 3_600_000;
const horizonFor = (now: Date) => new Date(Math.ceil((now.getTime() + REPORTS_DUE_DAYS * DAY_MS) / HORIZON_STEP_MS) * HORIZON_STEP_MS);

/** count/sum(hash(id, xmin)) of the rows of `table` (aliased t) matching `where`. */
const rowsStamp = (table: string, where: Prisma.Sql = Prisma.empty) =>
  Prisma.sql`(SELECT count(*) || '/' || COALESCE(sum(hashtextextended(t."id" || ':' || t.xmin::text, 0)), 0) FROM ${Prisma.raw(`"${table}"`)} t ${where})`;

/** The state of everything the page shows, as text (a SQL expression). */
function stampSql(horizon: Date): Prisma.Sql {
  return Prisma.sql`concat_ws(' ',
    ${rowsStamp("Grant")}, ${rowsStamp("Proposal")}, ${rowsStamp("Organisation")}, ${rowsStamp("Call")},
    ${rowsStamp("Tranche", Prisma.sql`WHERE t."paidAt" IS NOT NULL`)},
    ${rowsStamp("Report", Prisma.sql`WHERE t."state" IN ('draft', 'changes_requested') AND t."dueDate" <= ${horizon}`)})`;
}

interface Computed {
  stamp: string;
  horizon: number;
  figures: PortfolioFigures;
  /** The reports to chase due by `horizon` (toReports narrows them to the request's own). */
  reportRows: ReportRow[];
  calls: FilterOptions["calls"];
  /** The codes of the countries any grant targets. */
  targeted: string[];
  years: number[];
  /** Pages of grants read at the same state, by page number. */
  pages: Map<number, PortfolioGrantRow[]>;
}

const MAX_FILTERS = 64;
const MAX_PAGES = 32;

interface Cache {
  entries: Map<string, Computed>;
  /** By horizon: the stamp read waiting for the one in flight, which requests arriving now join. */
  nextStamp: Map<number, Promise<string>>;
  /** By horizon: the stamp read in flight. */
  stampInFlight: Map<number, Promise<string>>;
  /** Computations in flight, by what they compute and the stamp they were started at. */
  computing: Map<string, Promise<Computed>>;
  pageReads: Map<string, Promise<{ stamp: string; rows: PortfolioGrantRow[] }>>;
}

// Per client: tests give each file its own database (setDb).
const caches = new WeakMap<object, Cache>();
function cacheOf(client: object): Cache {
  let c = caches.get(client);
  if (!c) {
    c = { entries: new Map(), nextStamp: new Map(), stampInFlight: new Map(), computing: new Map(), pageReads: new Map() };
    caches.set(client, c);
  }
  return c;
}

async function readStamp(horizon: Date): Promise<string> {
  const [row] = await db().$queryRaw<{ stamp: string }[]>`SELECT ${stampSql(horizon)} AS "stamp"`;
  return row?.stamp ?? "";
}

/**
 * The current stamp, read by a statement sent after this call. Requests arriving while a read
 * is in flight share the next one (one statement for them all), never the one in flight: it
 * may have started before them.
 */
function currentStamp(cache: Cache, horizon: Date): Promise<string> {
  const key = horizon.getTime();
  const queued = cache.nextStamp.get(key);
  if (queued) return queued;
  const start = () => {
    const read = readStamp(horizon);
    cache.stampInFlight.set(key, read);
    const done = () => {
      if (cache.stampInFlight.get(key) === read) cache.stampInFlight.delete(key);
    };
    read.then(done, done);
    return read;
  };
  const inFlight = cache.stampInFlight.get(key);
  if (!inFlight) return start();
  const next = inFlight
    .catch(() => undefined)
    .then(() => {
      cache.nextStamp.delete(key);
      return start();
    });
  cache.nextStamp.set(key, next);
  return next;
}

const pageSql = (page: number) => grantPageSql({ offset: (page - 1) * PORTFOLIO_PAGE_SIZE, limit: PORTFOLIO_PAGE_SIZE });
const toPageRows = (rows: Json<GrantRow>[] | null | undefined) => (rows ?? []).map((r) => toGrantRow({ ...r, startDate: jsonDate(r.startDate), endDate: jsonDate(r.endDate) }));

/**
 * The figures, the reports to chase, a page of grants, the choices of the filters and the
 * stamp of the state they were read at, in ONE statement (one snapshot): the filtered grants
 * (grants, proposals, calls and payments joined) are computed once, materialised, and read by
 * every part.
 */
async function compute(f: PortfolioExportFilters, page: number, horizon: Date): Promise<Computed> {
  const [row] = await db().$queryRaw<
    { stamp: string; figures: BucketRow[]; reports: Json<ReportRow>[]; rows: Json<GrantRow>[]; calls: FilterOptions["calls"] | null; targeted: string[] | null; years: unknown[] | null }[]
  >`
    ${filteredCte(f)}
    SELECT
      ${stampSql(horizon)} AS "stamp",
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${FIGURES_SQL}) x) AS "figures",
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${reportsSql(horizon)}) x) AS "reports",
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${pageSql(page)}) x) AS "rows",
      (SELECT json_agg(json_build_object('id', c."id", 'reference', c."reference", 'titleEn', c."titleEn", 'titleFr', c."titleFr") ORDER BY c."reference")
         FROM "Call" c WHERE EXISTS (SELECT 1 FROM "Grant" g WHERE g."callId" = c."id")) AS "calls",
      (SELECT json_agg(DISTINCT x."code") FROM (SELECT unnest(p."targetCountryCodes") AS "code" FROM "Grant" g JOIN "Proposal" p ON p."id" = g."proposalId") x) AS "targeted",
      (SELECT json_agg(DISTINCT EXTRACT(YEAR FROM g."startDate")::int) FROM "Grant" g) AS "years"
  `;
  return {
    stamp: row?.stamp ?? "",
    horizon: horizon.getTime(),
    figures: toFigures(row?.figures ?? []),
    reportRows: (row?.reports ?? []).map((r) => ({ ...r, dueDate: jsonDate(r.dueDate) })),
    calls: row?.calls ?? [],
    targeted: row?.targeted ?? [],
    years: (row?.years ?? []).map(num).sort((a, b) => b - a),
    pages: new Map([[page, toPageRows(row?.rows)]]),
  };
}

/** Another page of a filter already computed, with the stamp of the state it was read at. */
async function computePage(f: PortfolioExportFilters, page: number, horizon: Date): Promise<{ stamp: string; rows: PortfolioGrantRow[] }> {
  const [row] = await db().$queryRaw<{ stamp: string; rows: Json<GrantRow>[] }[]>`
    ${filteredCte(f)}
    SELECT ${stampSql(horizon)} AS "stamp", (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${pageSql(page)}) x) AS "rows"
  `;
  return { stamp: row?.stamp ?? "", rows: toPageRows(row?.rows) };
}

const filterKey = (f: PortfolioExportFilters) => JSON.stringify([f.callId ?? null, f.domain ?? null, f.dialogue ?? null, f.country ?? null, f.status ?? null, f.startYear ?? null]);

/**
 * What a filter and page show, as of now: from the cache when its stamp is still the
 * database's. Requests that read the same stamp share one computation: the database held the
 * same rows for both, so what the first one reads is as fresh for the second.
 */
async function portfolioState(f: PortfolioExportFilters, page: number, now: Date): Promise<{ computed: Computed; rows: PortfolioGrantRow[] }> {
  const cache = cacheOf(db());
  const horizon = horizonFor(now);
  const key = filterKey(f);
  const stamp = await currentStamp(cache, horizon);
  const cached = cache.entries.get(key);
  if (cached && cached.stamp === stamp && cached.horizon === horizon.getTime()) {
    rememberBounded(cache.entries, key, cached, MAX_FILTERS);
    const rows = cached.pages.get(page);
    if (rows) return { computed: cached, rows };
    const read = await shareInFlight(cache.pageReads, `${key} ${page} ${stamp}`, () => computePage(f, page, horizon));
    if (read.stamp === cached.stamp) {
      rememberBounded(cached.pages, page, read.rows, MAX_PAGES);
      return { computed: cached, rows: read.rows };
    }
    // Something changed meanwhile: figures and page again, at one state.
  }
  const computed = await shareInFlight(cache.computing, `${key} ${page} ${stamp} ${horizon.getTime()}`, async () => {
    const c = await compute(f, page, horizon);
    rememberBounded(cache.entries, key, c, MAX_FILTERS);
    return c;
  });
  return { computed, rows: computed.pages.get(page) ?? [] };
}

/**
 * Everything the portfolio page shows. One statement when nothing it shows has changed since
 * the same filter was last shown in this process (and the names come from the reference data
 * already read); two otherwise, whatever the number of grants.
 */
export async function loadPortfolio(actor: Actor | null, filters: PortfolioFilters, now = new Date()) {
  requirePortfolioReader(actor);
  const { page, ...f } = filters;
  const [{ computed, rows }, ref] = await Promise.all([portfolioState(f, page, now), referenceData()]);
  const targeted = new Set(computed.targeted);
  const options: FilterOptions = {
    calls: computed.calls,
    domains: ref.jvapDomains,
    dialogues: ref.dialogues,
    // By English name as the database orders text (code points), as the page always listed them.
    countries: ref.countries.filter((c) => targeted.has(c.code)).sort((a, b) => (a.nameEn < b.nameEn ? -1 : a.nameEn > b.nameEn ? 1 : 0)),
    years: computed.years,
  };
  const figures = computed.figures;
  return {
    figures,
    reports: toReports(computed.reportRows, now),
    rows,
    page,
    pageCount: Math.max(1, Math.ceil(figures.total.grants / PORTFOLIO_PAGE_SIZE)),
    options,
    /** The same object for as long as the figures, reports and options are the same ones: a key for what is derived from them. */
    version: computed as object,
    /** Until when (ms) the reports' split into overdue and due soon holds, time passing. */
    reportsValidUntil: reportsValidUntil(computed, now),
  };
}

/** The first moment after `now` when a report enters the REPORTS_DUE_DAYS window or becomes overdue, or the cached list must be read again. */
function reportsValidUntil(computed: Computed, now: Date): number {
  let until = computed.horizon - REPORTS_DUE_DAYS * DAY_MS;
  for (const r of computed.reportRows) {
    const due = r.dueDate.getTime();
    for (const t of [due - REPORTS_DUE_DAYS * DAY_MS, due + 1]) if (t > now.getTime() && t < until) until = t;
  }
  return until;
}

// ------------------------------------------------------------------ exports

/** The export's filters from the query string, or the 400 response that says what is wrong. */
export function readExportFilters(request: Request): PortfolioExportFilters | Response {
  const parsed = PortfolioFiltersSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) {
    const { page: _page, ...filters } = parsed.data;
    return filters;
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return Response.json({ error: { code: "bad_request", message: "errors.badForm", fieldErrors } }, { status: 400 });
}

const HEADERS = { "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

/** A CSV download response for a stream. */
export function csvResponse(filename: string, stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { status: 200, headers: { ...HEADERS, "Content-Disposition": `attachment; filename="${filename}"` } });
}

/** Pulls the filtered grants EXPORT_BATCH_SIZE at a time by reference, so memory stays flat. */
function batches<T>(f: PortfolioExportFilters, map: (r: PortfolioGrantRow) => T): () => Promise<T[]> {
  let after: string | null = null;
  let done = false;
  return async () => {
    if (done) return [];
    const rows = await grantRows(f, { after, limit: EXPORT_BATCH_SIZE });
    if (rows.length < EXPORT_BATCH_SIZE) done = true;
    const last = rows[rows.length - 1];
    if (last) after = last.reference;
    return rows.map(map);
  };
}

export const GRANTS_CSV_COLUMNS = [
  "reference",
  "title",
  "call",
  "organisation",
  "organisation_country",
  "status",
  "jvap_domains",
  "target_countries",
  "dialogues",
  "amount_eur",
  "paid_eur",
  "start_date",
  "end_date",
] as const;

/** The filtered grants as CSV (committed and paid amounts, domains, countries). Checked before streaming. */
export async function exportGrantsCsv(actor: Actor | null, f: PortfolioExportFilters, locale: Locale) {
  requirePortfolioReader(actor);
  const nextBatch = batches<CsvValue[]>(f, (r) => [
    r.reference,
    r.title,
    r.callReference,
    r.organisation.acronym ? `${r.organisation.legalName} (${r.organisation.acronym})` : r.organisation.legalName,
    r.organisation.countryCode,
    grantStateLabel(r.state, locale),
    r.jvapDomainCodes.join("; "),
    r.targetCountryCodes.join("; "),
    r.dialogueCodes.join("; "),
    centsToEuros(r.amountCents),
    centsToEuros(r.paidCents),
    isoDay(r.startDate),
    isoDay(r.endDate),
  ]);
  return { filename: "portfolio-grants.csv", stream: csvStream(GRANTS_CSV_COLUMNS, nextBatch) };
}

/** Reference names for the JVAP records: every domain and country (a few hundred rows at most). */
export async function jvapNames(): Promise<JvapNames> {
  const { jvapDomains: domains, countries } = await referenceData();
  return { domains: new Map(domains.map((d) => [d.code, d.nameEn])), countries: new Map(countries.map((c) => [c.code, { alpha3: c.alpha3, name: c.nameEn }])) };
}

/** The filtered grants as JVAP initiatives, one CSV line each. */
export async function exportJvapCsv(actor: Actor | null, f: PortfolioExportFilters) {
  requirePortfolioReader(actor);
  const names = await jvapNames();
  const nextBatch = batches<CsvValue[]>(f, (r) => jvapCsvRow(toJvapInitiative(r, names)));
  return { filename: "jvap-initiatives.csv", stream: csvStream(JVAP_CSV_COLUMNS, nextBatch) };
}

/** The filtered grants as a JSON array of JVAP initiatives, streamed batch by batch. */
export async function exportJvapJson(actor: Actor | null, f: PortfolioExportFilters): Promise<ReadableStream<Uint8Array>> {
  requirePortfolioReader(actor);
  const names = await jvapNames();
  const nextBatch = batches(f, (r) => toJvapInitiative(r, names));
  const encoder = new TextEncoder();
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("["));
        return;
      }
      try {
        const items = await nextBatch();
        if (items.length === 0) {
          controller.enqueue(encoder.encode("]\n"));
          controller.close();
          return;
        }
        const text = items.map((i) => JSON.stringify(i)).join(",\n");
        controller.enqueue(encoder.encode(`${first ? "\n" : ",\n"}${text}`));
        first = false;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
