// The grant manager's portfolio: grants and amounts by JVAP domain, target country, dialogue
// and status, disbursed (paid tranches) against committed (grant amounts), reports due soon
// or overdue, a paginated list of the grants, and two streamed exports (the grants; the JVAP
// initiatives). Every figure is computed in SQL under the same filters, so a request costs a
// fixed number of queries however many grants there are (the page is benchmarked at 500).
//
// A grant with two domains (or three target countries) counts once under each: the
// breakdowns say "grants involving", and only the totals are sums of distinct grants.
import { z } from "zod";
import { GRANT_STATES, GRANT_STATE_LABELS, type GrantStateId } from "#workflows/grant.machine.ts";
import { requirePermission, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import { isReportDueSoon, isReportOverdue } from "~/modules/reporting/overdue.ts";
import { csvStream, type CsvValue } from "~/utils/csv.ts";
import { db, Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pickBilingual, type Locale } from "~/utils/i18n.ts";
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
    ${reportsSql(now)}
  `;
  return toReports(rows, now);
}

/** The reports to chase among the filtered grants (the CTE "f"), REPORTS_LIMIT + 1 at most. */
function reportsSql(now: Date): Prisma.Sql {
  const horizon = new Date(now.getTime() + REPORTS_DUE_DAYS * DAY_MS);
  return Prisma.sql`
    SELECT r."id", r."kind", r."number", r."dueDate", r."state", f."id" AS "grantId", f."reference", f."title", o."legalName", o."acronym"
    FROM "Report" r
    JOIN f ON f."id" = r."grantId"
    JOIN "Organisation" o ON o."id" = f."organisationId"
    WHERE r."state" IN ('draft', 'changes_requested') AND r."dueDate" <= ${horizon}
    ORDER BY r."dueDate" ASC, f."reference" ASC, r."number" ASC
    LIMIT ${REPORTS_LIMIT + 1}`;
}

function toReports(rows: ReportRow[], now: Date): { overdue: PortfolioReport[]; dueSoon: PortfolioReport[]; truncated: boolean } {
  const truncated = rows.length > REPORTS_LIMIT;
  const overdue: PortfolioReport[] = [];
  const dueSoon: PortfolioReport[] = [];
  for (const r of rows.slice(0, REPORTS_LIMIT)) {
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
  domains: { code: string; nameEn: string; nameFr: string }[];
  dialogues: { code: string; shortName: string; nameEn: string; nameFr: string }[];
  /** Countries targeted by at least one grant. */
  countries: { code: string; alpha3: string; nameEn: string; nameFr: string }[];
  years: number[];
}

/** `targetedCountries`: the codes of the countries any grant targets, when already known (saves a scan of the proposals). */
async function filterOptions(targeted?: Promise<string[]>): Promise<FilterOptions> {
  const prisma = db();
  const countries = async () => {
    const codes = targeted ? await targeted : undefined;
    const countryCodes = codes
      ? Prisma.sql`${codes.length ? Prisma.join(codes) : Prisma.sql`NULL`}`
      : Prisma.sql`SELECT DISTINCT unnest(p."targetCountryCodes") FROM "Grant" g JOIN "Proposal" p ON p."id" = g."proposalId"`;
    return prisma.$queryRaw<FilterOptions["countries"]>`
      SELECT co."code", co."alpha3", co."nameEn", co."nameFr" FROM "Country" co
      WHERE co."code" IN (${countryCodes})
      ORDER BY co."nameEn" ASC`;
  };
  const [calls, domains, dialogues, countryRows, years] = await Promise.all([
    prisma.call.findMany({ where: { grants: { some: {} } }, orderBy: { reference: "asc" }, select: { id: true, reference: true, titleEn: true, titleFr: true } }),
    prisma.jvapDomain.findMany({ orderBy: { rank: "asc" }, select: { code: true, nameEn: true, nameFr: true } }),
    prisma.dialogue.findMany({ orderBy: { rank: "asc" }, select: { code: true, shortName: true, nameEn: true, nameFr: true } }),
    countries(),
    prisma.$queryRaw<{ year: unknown }[]>`SELECT DISTINCT EXTRACT(YEAR FROM "startDate")::int AS "year" FROM "Grant" ORDER BY 1 DESC`,
  ]);
  return { calls, domains, dialogues, countries: countryRows, years: years.map((y) => num(y.year)) };
}

/** A timestamp read back from json (ISO without a zone: the columns hold UTC). */
const jsonDate = (v: unknown): Date => new Date(typeof v === "string" && !/(Z|[+-]\d\d:?\d\d)$/.test(v) ? `${v}Z` : String(v));

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * The figures, the reports to chase and the page of grants in ONE statement: the filtered
 * grants (the join of grants, proposals, calls and payments) are computed once, materialised,
 * and read by the three parts, instead of once per statement.
 */
async function portfolioParts(f: PortfolioExportFilters, page: number, now: Date) {
  const [row] = await db().$queryRaw<{ figures: BucketRow[]; reports: Json<ReportRow>[]; rows: Json<GrantRow>[] }[]>`
    ${filteredCte(f)}
    SELECT
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${FIGURES_SQL}) x) AS "figures",
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${reportsSql(now)}) x) AS "reports",
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (${grantPageSql({ offset: (page - 1) * PORTFOLIO_PAGE_SIZE, limit: PORTFOLIO_PAGE_SIZE })}) x) AS "rows"
  `;
  return {
    figures: toFigures(row?.figures ?? []),
    reports: toReports((row?.reports ?? []).map((r) => ({ ...r, dueDate: jsonDate(r.dueDate) })), now),
    rows: (row?.rows ?? []).map((r) => toGrantRow({ ...r, startDate: jsonDate(r.startDate), endDate: jsonDate(r.endDate) })),
  };
}

const hasFilters = (f: PortfolioExportFilters) => Object.values(f).some((v) => v !== undefined);

/** Everything the portfolio page shows, in a fixed number of queries (6) whatever the number of grants. */
export async function loadPortfolio(actor: Actor | null, filters: PortfolioFilters, now = new Date()) {
  requirePortfolioReader(actor);
  const { page, ...f } = filters;
  const parts = portfolioParts(f, page, now);
  // Unfiltered, the countries of the breakdown are those any grant targets.
  const options = filterOptions(hasFilters(f) ? undefined : parts.then((p) => p.figures.byCountry.map((b) => b.key)));
  const [{ figures, reports, rows }, opts] = await Promise.all([parts, options]);
  return { figures, reports, rows, page, pageCount: Math.max(1, Math.ceil(figures.total.grants / PORTFOLIO_PAGE_SIZE)), options: opts };
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
  const [domains, countries] = await Promise.all([
    db().jvapDomain.findMany({ select: { code: true, nameEn: true } }),
    db().country.findMany({ select: { code: true, alpha3: true, nameEn: true } }),
  ]);
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
