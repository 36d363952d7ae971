// The JVAP initiative record of a grant: every field the JVAP database asks for (title,
// domains, countries, budget, funder, implementer, dates, status), from the grant's facts.
import { describe, expect, it } from "vitest";
import { GRANT_STATES } from "#workflows/grant.machine.ts";
import { centsToEuros, JVAP_CSV_COLUMNS, JVAP_FUNDER, jvapCsvRow, jvapStatus, toJvapInitiative, type JvapGrantFacts, type JvapNames } from "~/modules/grants/jvap-export.ts";

const names: JvapNames = {
  domains: new Map([
    ["D1", "Development benefits of migration"],
    ["D3", "Protection and asylum"],
  ]),
  countries: new Map([
    ["SN", { alpha3: "SEN", name: "Senegal" }],
    ["ML", { alpha3: "MLI", name: "Mali" }],
    ["FR", { alpha3: "FRA", name: "France" }],
  ]),
};

const grant: JvapGrantFacts = {
  reference: "MMD-2024-01-G-003",
  title: "Safe Paths on the Senegal-Mali corridor",
  state: "in_implementation",
  amountCents: 12_345_678,
  startDate: new Date("2025-03-01T00:00:00Z"),
  endDate: new Date("2027-02-28T00:00:00Z"),
  jvapDomainCodes: ["D3", "D1", "D3"],
  targetCountryCodes: ["SN", "ML"],
  organisation: { legalName: "Association Teranga Migration", acronym: "ATM", countryCode: "SN" },
};

describe("toJvapInitiative", () => {
  it("maps an awarded grant to a complete JVAP initiative", () => {
    expect(toJvapInitiative(grant, names)).toEqual({
      initiativeId: "MMD-2024-01-G-003",
      title: "Safe Paths on the Senegal-Mali corridor",
      type: "Project",
      domains: [
        { code: "D1", name: "Development benefits of migration" },
        { code: "D3", name: "Protection and asylum" },
      ],
      countries: [
        { code: "SN", alpha3: "SEN", name: "Senegal" },
        { code: "ML", alpha3: "MLI", name: "Mali" },
      ],
      budget: { amount: "123456.78", currency: "EUR" },
      funder: "European Union",
      implementer: { name: "Association Teranga Migration (ATM)", country: "Senegal" },
      startDate: "2025-03-01",
      endDate: "2027-02-28",
      status: "Ongoing",
    });
  });

  it("keeps unknown codes visible rather than dropping them", () => {
    const i = toJvapInitiative({ ...grant, jvapDomainCodes: ["D9"], targetCountryCodes: ["XX"], organisation: { legalName: "Org", acronym: null, countryCode: "ZZ" } }, names);
    expect(i.domains).toEqual([{ code: "D9", name: "D9" }]);
    expect(i.countries).toEqual([{ code: "XX", alpha3: "", name: "XX" }]);
    expect(i.implementer).toEqual({ name: "Org", country: "ZZ" });
  });

  it("gives every grant state a JVAP status: planned, ongoing, suspended, completed or terminated", () => {
    const statuses = Object.fromEntries(GRANT_STATES.map((s) => [s, jvapStatus(s)]));
    expect(statuses).toEqual({ contracting: "Planned", in_implementation: "Ongoing", suspended: "Suspended", closing: "Ongoing", closed: "Completed", terminated: "Terminated" });
    expect(toJvapInitiative({ ...grant, state: "closed" }, names).status).toBe("Completed");
  });

  it("always names the EU as funder", () => {
    expect(toJvapInitiative(grant, names).funder).toBe(JVAP_FUNDER);
    expect(JVAP_FUNDER).toBe("European Union");
  });
});

describe("the CSV line", () => {
  it("has one value per column, lists joined with semicolons", () => {
    const line = jvapCsvRow(toJvapInitiative(grant, names));
    expect(line).toHaveLength(JVAP_CSV_COLUMNS.length);
    const byColumn = Object.fromEntries(JVAP_CSV_COLUMNS.map((c, i) => [c, line[i]]));
    expect(byColumn).toMatchObject({
      initiative_id: "MMD-2024-01-G-003",
      jvap_domain_codes: "D1; D3",
      country_codes: "SEN; MLI",
      countries: "Senegal; Mali",
      budget_eur: "123456.78",
      currency: "EUR",
      funder: "European Union",
      implementer: "Association Teranga Migration (ATM)",
      start_date: "2025-03-01",
      end_date: "2027-02-28",
      status: "Ongoing",
    });
  });
});

describe("centsToEuros", () => {
  it("writes euros with a dot and two decimals", () => {
    expect(centsToEuros(0)).toBe("0.00");
    expect(centsToEuros(5)).toBe("0.05");
    expect(centsToEuros(10_000_000)).toBe("100000.00");
    expect(centsToEuros(-250)).toBe("-2.50");
  });
});
