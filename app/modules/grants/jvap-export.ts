// A grant as an initiative of the JVAP database (the Joint Valletta Action Plan's record of
// projects and policies): title, domain(s), countries, budget, funder, implementer, dates
// and status. Pure: the caller hands over the grant's facts and the reference names.
import { GRANT_STATES, type GrantStateId } from "#workflows/grant.machine.ts";

/** Every grant of this platform is financed by the EU. */
export const JVAP_FUNDER = "European Union";
export const JVAP_INITIATIVE_TYPE = "Project";

/** The JVAP database's statuses: a grant being contracted is planned, a running one ongoing. */
export type JvapStatus = "Planned" | "Ongoing" | "Suspended" | "Completed" | "Terminated";

export const JVAP_STATUS_FOR_STATE: Record<GrantStateId, JvapStatus> = {
  contracting: "Planned",
  in_implementation: "Ongoing",
  suspended: "Suspended",
  // Activities are over but the grant is still open until the final report and balance.
  closing: "Ongoing",
  closed: "Completed",
  terminated: "Terminated",
};

export interface JvapGrantFacts {
  reference: string;
  title: string;
  state: string;
  amountCents: number;
  startDate: Date;
  endDate: Date;
  jvapDomainCodes: readonly string[];
  targetCountryCodes: readonly string[];
  organisation: { legalName: string; acronym: string | null; countryCode: string };
}

export interface JvapNames {
  /** Domain code → English name (the JVAP database is kept in English). */
  domains: ReadonlyMap<string, string>;
  /** ISO alpha-2 → { alpha3, name }. */
  countries: ReadonlyMap<string, { alpha3: string; name: string }>;
}

export interface JvapInitiative {
  initiativeId: string;
  title: string;
  type: typeof JVAP_INITIATIVE_TYPE;
  domains: { code: string; name: string }[];
  countries: { code: string; alpha3: string; name: string }[];
  budget: { amount: string; currency: "EUR" };
  funder: typeof JVAP_FUNDER;
  implementer: { name: string; country: string };
  startDate: string;
  endDate: string;
  status: JvapStatus;
}

/** EUR with two decimals and a dot, whatever the locale: 4500000 → "45000.00". */
export function centsToEuros(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The calendar day (UTC) of a stored date: "2026-03-01". */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function jvapStatus(state: string): JvapStatus {
  return (GRANT_STATES as readonly string[]).includes(state) ? JVAP_STATUS_FOR_STATE[state as GrantStateId] : "Ongoing";
}

const unique = (codes: readonly string[]) => [...new Set(codes)];

export function toJvapInitiative(grant: JvapGrantFacts, names: JvapNames): JvapInitiative {
  const org = grant.organisation;
  return {
    initiativeId: grant.reference,
    title: grant.title,
    type: JVAP_INITIATIVE_TYPE,
    domains: unique(grant.jvapDomainCodes)
      .sort()
      .map((code) => ({ code, name: names.domains.get(code) ?? code })),
    countries: unique(grant.targetCountryCodes).map((code) => {
      const c = names.countries.get(code);
      return { code, alpha3: c?.alpha3 ?? "", name: c?.name ?? code };
    }),
    budget: { amount: centsToEuros(grant.amountCents), currency: "EUR" },
    funder: JVAP_FUNDER,
    implementer: { name: org.acronym ? `${org.legalName} (${org.acronym})` : org.legalName, country: names.countries.get(org.countryCode)?.name ?? org.countryCode },
    startDate: isoDay(grant.startDate),
    endDate: isoDay(grant.endDate),
    status: jvapStatus(grant.state),
  };
}

/** The CSV columns of the JVAP export, one initiative a line; lists are joined with "; ". */
export const JVAP_CSV_COLUMNS = [
  "initiative_id",
  "title",
  "type",
  "jvap_domain_codes",
  "jvap_domains",
  "country_codes",
  "countries",
  "budget_eur",
  "currency",
  "funder",
  "implementer",
  "implementer_country",
  "start_date",
  "end_date",
  "status",
] as const;

export function jvapCsvRow(i: JvapInitiative): string[] {
  return [
    i.initiativeId,
    i.title,
    i.type,
    i.domains.map((d) => d.code).join("; "),
    i.domains.map((d) => d.name).join("; "),
    i.countries.map((c) => c.alpha3 || c.code).join("; "),
    i.countries.map((c) => c.name).join("; "),
    i.budget.amount,
    i.budget.currency,
    i.funder,
    i.implementer.name,
    i.implementer.country,
    i.startDate,
    i.endDate,
    i.status,
  ];
}
