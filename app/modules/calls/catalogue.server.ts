// The public face of calls for proposals: what anyone, signed in or not, may find. Only calls
// in a public state leave this module. The catalogue's filters and pages are done by the
// database (array and case-insensitive text filters, skip/take), and reference names are
// loaded once per request: the number of queries never grows with the number of calls.
import { z } from "zod";
import { CALL_STATE_LABELS, type CallStateId } from "#workflows/call.machine.ts";
import { type Prisma, db } from "~/utils/db.server.ts";
import { escapeLike } from "~/utils/like.ts";
import { referenceData } from "~/utils/reference-data.server.ts";
import { INTL_LOCALE, pick, pickBilingual, type Locale } from "~/utils/i18n.ts";

/** Listed in the catalogue and on the home page: accepting proposals, or announced. */
export const LISTED_STATES = ["published", "open"] as const satisfies readonly CallStateId[];
/** Readable by anyone at /calls/:id; other states only by staff who may read any call. */
export const PUBLIC_STATES = ["published", "open", "closed"] as const satisfies readonly CallStateId[];

export const isPublicState = (state: string) => (PUBLIC_STATES as readonly string[]).includes(state);

/** Calls per catalogue page. */
export const PAGE_SIZE = 10;
/** How long a closed call stays in the catalogue's "recently closed" section. */
export const RECENTLY_CLOSED_DAYS = 183;
export const RECENTLY_CLOSED_LIMIT = 5;
/** How many calls the home page shows before linking to the catalogue. */
export const HOME_LIMIT = 6;

export interface NamedCode {
  code: string;
  name: string;
}

/** How a call's state reads to applicants (`applicant`) or to staff (`staff`). */
export function callStateLabel(state: string, locale: Locale, audience: "applicant" | "staff" = "applicant"): string {
  const labels = CALL_STATE_LABELS[state as CallStateId];
  return pickBilingual(labels?.[audience], locale, state);
}

/** What the heading and tabs of a call's staff pages show of it: reference, title, state in staff words, version. */
export function staffCallHeading(call: { id: string; reference: string; titleEn: string; titleFr: string; state: string; version: number }, locale: Locale) {
  return { id: call.id, reference: call.reference, title: pick(call, "title", locale), state: call.state, stateLabel: callStateLabel(call.state, locale, "staff"), version: call.version };
}

/** The deadline an applicant must meet next: the concept note's in a restricted call, else the full application's. */
export function firstDeadline(call: { procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null }): Date | null {
  return call.procedure === "RESTRICTED" ? (call.conceptNoteDeadline ?? call.fullApplicationDeadline) : (call.fullApplicationDeadline ?? call.conceptNoteDeadline);
}

type NamedRow = { code: string; nameEn: string; nameFr: string };

/** code → name in the locale; unknown codes still show (as the code) rather than vanish. */
export function namer(rows: readonly NamedRow[], locale: Locale) {
  const names = new Map(rows.map((r) => [r.code, pick(r, "name", locale)]));
  const list = (codes: readonly string[]): NamedCode[] => codes.map((code) => ({ code, name: names.get(code) ?? code }));
  return { names, list, options: (): NamedCode[] => rows.map((r) => ({ code: r.code, name: names.get(r.code) ?? r.code })) };
}

export interface PublicCallSummary {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  procedure: "OPEN" | "RESTRICTED";
  dialogues: NamedCode[];
  jvapDomains: NamedCode[];
  totalBudgetCents: number;
  minGrantCents: number;
  maxGrantCents: number;
  /** The next deadline an applicant must meet (ISO 8601), or null when not set yet. */
  deadline: string | null;
  timeZone: string;
}

// What a card needs: the summary's columns only.
const summarySelect = {
  id: true,
  reference: true,
  titleEn: true,
  titleFr: true,
  state: true,
  procedure: true,
  dialogueCodes: true,
  jvapDomainCodes: true,
  totalBudgetCents: true,
  minGrantCents: true,
  maxGrantCents: true,
  conceptNoteDeadline: true,
  fullApplicationDeadline: true,
  timeZone: true,
} satisfies Prisma.CallSelect;
type SummaryRow = Prisma.CallGetPayload<{ select: typeof summarySelect }>;

function toSummary(call: SummaryRow, locale: Locale, names: { domains: ReturnType<typeof namer>; dialogues: ReturnType<typeof namer> }): PublicCallSummary {
  return {
    id: call.id,
    reference: call.reference,
    title: pick(call, "title", locale),
    state: call.state,
    stateLabel: callStateLabel(call.state, locale),
    procedure: call.procedure,
    dialogues: names.dialogues.list(call.dialogueCodes),
    jvapDomains: names.domains.list(call.jvapDomainCodes),
    totalBudgetCents: call.totalBudgetCents,
    minGrantCents: call.minGrantCents,
    maxGrantCents: call.maxGrantCents,
    deadline: firstDeadline(call)?.toISOString() ?? null,
    timeZone: call.timeZone,
  };
}

// Accepting proposals first, then announced ("open" sorts before "published"); within each,
// the most recently announced first.
const LISTED_ORDER: Prisma.CallOrderByWithRelationInput[] = [{ state: "asc" }, { publishedAt: { sort: "desc", nulls: "last" } }, { reference: "asc" }];

async function domainAndDialogueNames(locale: Locale) {
  const { jvapDomains, dialogues } = await referenceData();
  return { domains: namer(jvapDomains, locale), dialogues: namer(dialogues, locale) };
}

/** The home page's list: the first open or announced calls, and how many there are in all. */
export async function listPublicCalls(locale: Locale, limit = HOME_LIMIT): Promise<{ calls: PublicCallSummary[]; total: number }> {
  const where = { state: { in: [...LISTED_STATES] } } satisfies Prisma.CallWhereInput;
  const [rows, total, names] = await Promise.all([
    db().call.findMany({ where, orderBy: LISTED_ORDER, take: Math.max(1, Math.min(limit, 50)), select: summarySelect }),
    db().call.count({ where }),
    domainAndDialogueNames(locale),
  ]);
  return { calls: rows.map((r) => toSummary(r, locale, names)), total };
}

export async function countPublicCalls(): Promise<number> {
  return db().call.count({ where: { state: { in: [...LISTED_STATES] } } });
}

// ------------------------------------------------------------------ the catalogue's query

const MAX_Q = 100;
const MAX_CODES = 20;
/** Pages beyond this are not a real request; they are read as "the last page". */
const MAX_PAGE_DIGITS = 9;

const optionalCode = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => {
    const code = (v ?? "").trim().toUpperCase().slice(0, 64);
    return code === "" ? null : code;
  });

/**
 * The catalogue's GET parameters: q, domain (repeatable), dialogue, type, country, page.
 * Never fails: text is trimmed and shortened, codes are upper-cased, a page that is not a
 * number is reported and read as 1. Whether codes exist is checked against the reference
 * data by `searchCatalogue` (unknown ones are reported and ignored).
 */
export const CatalogueQuerySchema = z
  .object({
    q: z
      .string()
      .optional()
      .catch(undefined)
      // Control characters (a NUL byte is refused by PostgreSQL) read as spaces.
      // eslint-disable-next-line no-control-regex
      .transform((v) => (v ?? "").replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim().slice(0, MAX_Q)),
    domain: z
      .array(z.string())
      .catch([])
      .transform((codes) => [...new Set(codes.map((c) => c.trim().toUpperCase().slice(0, 64)).filter((c) => c !== ""))].slice(0, MAX_CODES)),
    dialogue: optionalCode,
    type: optionalCode,
    country: optionalCode,
    page: z
      .string()
      .optional()
      .catch(undefined)
      .transform((v) => {
        const raw = (v ?? "").trim();
        const shown = raw.slice(0, 20);
        if (raw === "") return { page: 1, invalid: null, asked: "1" };
        if (!/^\d+$/.test(raw)) return { page: 1, invalid: shown, asked: "1" };
        // A huge number is simply "further than the last page": clamped later.
        const page = raw.length > MAX_PAGE_DIGITS ? Number.MAX_SAFE_INTEGER : Number.parseInt(raw, 10);
        return page >= 1 ? { page, invalid: null, asked: shown.replace(/^0+/, "") } : { page: 1, invalid: shown, asked: "1" };
      }),
  })
  .transform(({ page, ...rest }) => ({ ...rest, page: page.page, invalidPage: page.invalid, askedPage: page.asked }));

export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>;

/** Reads the catalogue's parameters from a URL's search params (`domain` may repeat). */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  return CatalogueQuerySchema.parse({
    q: params.get("q") ?? undefined,
    domain: params.getAll("domain"),
    dialogue: params.get("dialogue") ?? undefined,
    type: params.get("type") ?? undefined,
    country: params.get("country") ?? undefined,
    page: params.get("page") ?? undefined,
  });
}

// ------------------------------------------------------------------ the catalogue

export type FilterParam = "domain" | "dialogue" | "type" | "country" | "page";

export interface CatalogueFilters {
  q: string;
  domains: string[];
  dialogue: string | null;
  type: string | null;
  country: string | null;
}

export interface CatalogueResult {
  calls: PublicCallSummary[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** The filters in force (unknown codes removed), to fill the form. */
  filters: CatalogueFilters;
  hasFilters: boolean;
  /** Parameters that were not understood and were ignored, to tell the visitor. */
  ignored: { param: FilterParam; value: string }[];
  /** Set when the page asked for (as written) does not exist and another one is shown. */
  pageAdjustedFrom: string | null;
  recentlyClosed: PublicCallSummary[];
  options: {
    domains: NamedCode[];
    dialogues: NamedCode[];
    types: NamedCode[];
    countries: { au: NamedCode[]; eu: NamedCode[]; other: NamedCode[] };
  };
}

/** The text filter: title or description, in either language, ignoring case. */
function textFilter(q: string): Prisma.CallWhereInput {
  const contains = { contains: escapeLike(q), mode: "insensitive" as const };
  return { OR: [{ titleEn: contains }, { titleFr: contains }, { descriptionEn: contains }, { descriptionFr: contains }, { reference: contains }] };
}

/**
 * Calls a country is relevant to: those whose lead applicants may be registered there (it is
 * an AU or EU member state and the call accepts leads from that union), and those that list
 * it among their allowed target countries.
 */
function countryFilter(country: { code: string; auMember: boolean; euMember: boolean }): Prisma.CallWhereInput {
  const or: Prisma.CallWhereInput[] = [{ targetCountryRules: { path: ["allowedCountryCodes"], array_contains: [country.code] } }];
  if (country.auMember) or.push({ leadLocations: { has: "AU" } });
  if (country.euMember) or.push({ leadLocations: { has: "EU" } });
  return { OR: or };
}

export function catalogueWhere(filters: CatalogueFilters, country: { code: string; auMember: boolean; euMember: boolean } | null): Prisma.CallWhereInput[] {
  const and: Prisma.CallWhereInput[] = [];
  if (filters.q) and.push(textFilter(filters.q));
  if (filters.domains.length > 0) and.push({ jvapDomainCodes: { hasSome: filters.domains } });
  if (filters.dialogue) and.push({ dialogueCodes: { has: filters.dialogue } });
  if (filters.type) and.push({ applicantTypeCodes: { has: filters.type } });
  if (country) and.push(countryFilter(country));
  return and;
}

type CountryRow = NamedRow & { auMember: boolean; euMember: boolean };
type CountryChoices = CatalogueResult["options"]["countries"];
/** The country filter's choices per list of countries (read once per process) and language. */
const countryChoicesMade = new WeakMap<readonly CountryRow[], Map<Locale, CountryChoices>>();

/** The countries in the language's alphabetical order, grouped: African Union, European Union, others. */
function countryChoices(rows: readonly CountryRow[], locale: Locale): CountryChoices {
  let byLocale = countryChoicesMade.get(rows);
  if (!byLocale) countryChoicesMade.set(rows, (byLocale = new Map()));
  const made = byLocale.get(locale);
  if (made) return made;
  const collator = new Intl.Collator(INTL_LOCALE[locale]);
  const countries = rows.map((c) => ({ code: c.code, name: pick(c, "name", locale), auMember: c.auMember, euMember: c.euMember })).sort((a, b) => collator.compare(a.name, b.name));
  const only = (keep: (c: (typeof countries)[number]) => boolean) => countries.filter(keep).map(({ code, name }) => ({ code, name }));
  const choices = { au: only((c) => c.auMember), eu: only((c) => c.euMember), other: only((c) => !c.auMember && !c.euMember) };
  byLocale.set(locale, choices);
  return choices;
}

/**
 * One page of the catalogue: open and announced calls matching the filters, how many there
 * are, the recently closed ones matching them too (first page only), and the filter choices.
 */
export async function searchCatalogue(query: CatalogueQuery, locale: Locale, now: Date = new Date()): Promise<CatalogueResult> {
  const { jvapDomains: domainRows, dialogues: dialogueRows, applicantTypes: typeRows, countries: countryRows } = await referenceData();

  // Unknown codes are named back to the visitor and left out; never an error.
  const ignored: CatalogueResult["ignored"] = [];
  const known = (param: FilterParam, rows: readonly NamedRow[], code: string | null) => {
    if (code === null) return null;
    if (rows.some((r) => r.code === code)) return code;
    ignored.push({ param, value: code });
    return null;
  };
  const domains = query.domain.filter((code) => known("domain", domainRows, code) !== null);
  const filters: CatalogueFilters = {
    q: query.q,
    domains,
    dialogue: known("dialogue", dialogueRows, query.dialogue),
    type: known("type", typeRows, query.type),
    country: known("country", countryRows, query.country),
  };
  if (query.invalidPage !== null) ignored.push({ param: "page", value: query.invalidPage });
  const country = filters.country ? (countryRows.find((c) => c.code === filters.country) ?? null) : null;
  const matching = catalogueWhere(filters, country);

  const listed: Prisma.CallWhereInput = { AND: [{ state: { in: [...LISTED_STATES] } }, ...matching] };
  const since = new Date(now.getTime() - RECENTLY_CLOSED_DAYS * 86_400_000);
  const closed: Prisma.CallWhereInput = {
    AND: [
      { state: "closed" },
      { OR: [{ closedAt: { gte: since } }, { closedAt: null, OR: [{ fullApplicationDeadline: { gte: since } }, { conceptNoteDeadline: { gte: since } }] }] },
      ...matching,
    ],
  };

  const pageOf = (page: number) => db().call.findMany({ where: listed, orderBy: LISTED_ORDER, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: summarySelect });
  // A page number past the end would ask the database to skip more rows than exist: cap it.
  const requested = Math.min(query.page, Math.floor(Number.MAX_SAFE_INTEGER / PAGE_SIZE));
  const [total, firstTry, closedRows] = await Promise.all([
    db().call.count({ where: listed }),
    pageOf(requested),
    requested === 1
      ? db().call.findMany({
          where: closed,
          orderBy: [{ closedAt: { sort: "desc", nulls: "last" } }, { fullApplicationDeadline: { sort: "desc", nulls: "last" } }, { reference: "asc" }],
          take: RECENTLY_CLOSED_LIMIT,
          select: summarySelect,
        })
      : Promise.resolve([]),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  const rows = page === requested ? firstTry : await pageOf(page);

  const names = { domains: namer(domainRows, locale), dialogues: namer(dialogueRows, locale) };

  return {
    calls: rows.map((r) => toSummary(r, locale, names)),
    total,
    page,
    pageCount,
    pageSize: PAGE_SIZE,
    filters,
    hasFilters: filters.q !== "" || filters.domains.length > 0 || filters.dialogue !== null || filters.type !== null || filters.country !== null,
    ignored,
    pageAdjustedFrom: page === query.page ? null : query.askedPage,
    recentlyClosed: closedRows.map((r) => toSummary(r, locale, names)),
    options: {
      domains: names.domains.options(),
      dialogues: names.dialogues.options(),
      types: namer(typeRows, locale).options(),
      countries: countryChoices(countryRows, locale),
    },
  };
}
