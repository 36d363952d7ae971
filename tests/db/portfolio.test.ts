// The grant manager's portfolio against a real database: a handful of grants in two calls
// (JVAP domains D1-D3, target countries Senegal, Mali and Ethiopia, the Rabat and Khartoum
// dialogues) with paid and unpaid tranches and reports due, overdue or not. The figures by
// domain, country, dialogue and status, disbursed against committed, each filter, the
// reports to chase, the paginated list, the two exports (grants CSV, JVAP initiatives) and
// the refusals for everyone but grant managers. Also: the page costs the same number of
// queries with 4 grants as with 30.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as pageLoader, unpackView } from "~/routes/manage.portfolio.tsx";
import { loader as grantsCsvLoader } from "~/routes/manage.portfolio.grants[.]csv.ts";
import { loader as jvapCsvLoader } from "~/routes/manage.portfolio.jvap[.]csv.ts";
import { loader as jvapJsonLoader } from "~/routes/manage.portfolio.jvap[.]json.ts";
import { loadPortfolio, PORTFOLIO_PAGE_SIZE } from "~/modules/grants/portfolio.server.ts";
import { db, setDb, type Db } from "~/utils/db.server.ts";
import { referenceData } from "~/utils/reference-data.server.ts";
import { callRoute, get } from "../support/route-call.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
const EUR = 100; // cents
let t: TestDb;
let w: World;
let seq = 0;

let rabatCall: string;
let khartoumCall: string;
let g1: string; // D1+D2, SN+ML, Rabat, in implementation, 100k, 40k paid, started 2025
let g2: string; // D1, SN, Rabat, closed, 50k, all paid, started 2024
let g3: string; // D3, ET, Khartoum+Rabat, contracting, 80k, nothing paid, starts 2026-01-15
let overdueReport: string;
let dueSoonReport: string;
let submittedLateReport: string;
let changesRequestedReport: string;

async function makeGrant(
  callId: string,
  over: { reference: string; title: string; domains: string[]; countries: string[]; amount: number; state: string; start: string; organisationId?: string },
) {
  seq++;
  const organisationId = over.organisationId ?? w.orgA;
  const p = await t.prisma.proposal.create({
    data: {
      reference: `PF-P-${seq}`,
      callId,
      organisationId,
      title: over.title,
      state: "contracted",
      submittedAt: new Date("2024-01-10T00:00:00Z"),
      jvapDomainCodes: over.domains,
      targetCountryCodes: over.countries,
    },
  });
  const start = new Date(`${over.start}T00:00:00Z`);
  const g = await t.prisma.grant.create({
    data: {
      reference: over.reference,
      proposalId: p.id,
      callId,
      organisationId,
      title: over.title,
      amountCents: over.amount,
      totalEligibleCostsCents: over.amount,
      eligibleCostsShareBp: 10000,
      startDate: start,
      endDate: new Date(start.getTime() + 730 * DAY),
      state: over.state,
    },
  });
  return g.id;
}

async function tranche(grantId: string, number: number, amount: number, paid: boolean) {
  await t.prisma.tranche.create({
    data: {
      grantId,
      number,
      kind: number === 1 ? "PREFINANCING" : "INSTALMENT",
      plannedAmountCents: amount,
      dependsOn: "SIGNATURE",
      dueAmountCents: amount,
      releasedAt: new Date("2025-03-02T00:00:00Z"),
      ...(paid ? { paidAmountCents: amount, paidAt: new Date("2025-03-05T00:00:00Z") } : {}),
    },
  });
}

async function report(grantId: string, number: number, dueInDays: number, state: string) {
  const due = new Date(Date.now() + dueInDays * DAY);
  const r = await t.prisma.report.create({
    data: { grantId, kind: "INTERIM", number, periodStart: new Date(due.getTime() - 425 * DAY), periodEnd: new Date(due.getTime() - 60 * DAY), dueDate: due, state },
  });
  return r.id;
}

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  rabatCall = (await t.prisma.call.create({ data: { reference: "PF-RABAT", titleEn: "Rabat call", titleFr: "Appel Rabat", state: "awarded", dialogueCodes: ["RABAT"] } })).id;
  khartoumCall = (await t.prisma.call.create({ data: { reference: "PF-KHARTOUM", titleEn: "Khartoum call", titleFr: "Appel Khartoum", state: "awarded", dialogueCodes: ["KHARTOUM", "RABAT"] } })).id;
  g1 = await makeGrant(rabatCall, { reference: "PF-G-1", title: "Safe Paths", domains: ["D1", "D2"], countries: ["SN", "ML"], amount: 100_000 * EUR, state: "in_implementation", start: "2025-03-01" });
  g2 = await makeGrant(rabatCall, { reference: "PF-G-2", title: "Diaspora Invest", domains: ["D1"], countries: ["SN"], amount: 50_000 * EUR, state: "closed", start: "2024-06-01", organisationId: w.orgB });
  g3 = await makeGrant(khartoumCall, { reference: "PF-G-3", title: "Horn Protection", domains: ["D3"], countries: ["ET"], amount: 80_000 * EUR, state: "contracting", start: "2026-01-15" });
  await tranche(g1, 1, 40_000 * EUR, true);
  await tranche(g1, 2, 30_000 * EUR, false); // released, not yet paid: not disbursed
  await tranche(g2, 1, 30_000 * EUR, true);
  await tranche(g2, 2, 20_000 * EUR, true);
  overdueReport = await report(g1, 1, -10, "draft");
  dueSoonReport = await report(g1, 2, 10, "draft");
  submittedLateReport = await report(g2, 1, -40, "submitted");
  changesRequestedReport = await report(g2, 2, -5, "changes_requested");
  await report(g3, 1, 60, "draft"); // beyond 30 days: not listed
});
afterAll(async () => {
  await t?.close();
});

// The page's loader hands the portfolio over as one JSON string (`view`): read it as the page does.
const page = async (query = "", cookie = w.cookies.manager) => {
  const res = await callRoute(pageLoader, get(`/manage/portfolio${query}`, { cookie }));
  if (typeof res.data?.view !== "string") return res;
  const { view, ...rest } = res.data;
  return { ...res, data: { ...rest, ...unpackView(view) } };
};
const grantsCsv = (query = "", cookie = w.cookies.manager) => callRoute(grantsCsvLoader, get(`/manage/portfolio/grants.csv${query}`, { cookie }));
const jvapCsv = (query = "", cookie = w.cookies.manager) => callRoute(jvapCsvLoader, get(`/manage/portfolio/jvap.csv${query}`, { cookie }));
const jvapJson = (query = "", cookie = w.cookies.manager) => callRoute(jvapJsonLoader, get(`/manage/portfolio/jvap.json${query}`, { cookie }));

type Figure = { key: string; label: string; grants: number; committedCents: number; disbursedCents: number };
const summary = (figures: Figure[]) => Object.fromEntries(figures.map((f) => [f.key, [f.grants, f.committedCents / EUR, f.disbursedCents / EUR]]));
const csvRows = (text: string, prefix: string) => text.split("\r\n").filter((l) => l.startsWith(prefix));

// The world's own grant (MATRIX-G-1, EUR 90,000, no domain or country, nothing paid) is part of the unfiltered portfolio.
describe("the figures", () => {
  it("totals committed and disbursed over every grant; only paid tranches count as disbursed", async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.data.total).toMatchObject({ grants: 4, committedCents: 320_000 * EUR, disbursedCents: 90_000 * EUR });
  });

  it("breaks the grants down by JVAP domain, target country, dialogue and status", async () => {
    const { data } = await page();
    expect(summary(data.byDomain)).toEqual({ D1: [2, 150_000, 90_000], D2: [1, 100_000, 40_000], D3: [1, 80_000, 0] });
    expect(summary(data.byCountry)).toEqual({ SN: [2, 150_000, 90_000], ML: [1, 100_000, 40_000], ET: [1, 80_000, 0] });
    expect(summary(data.byDialogue)).toEqual({ RABAT: [3, 230_000, 90_000], KHARTOUM: [1, 80_000, 0] });
    expect(summary(data.byStatus)).toEqual({ contracting: [1, 80_000, 0], in_implementation: [2, 190_000, 40_000], closed: [1, 50_000, 50_000] });
    // In words the manager reads, largest country first.
    expect(data.byCountry.map((c: Figure) => c.label)).toEqual(["Senegal", "Mali", "Ethiopia"]);
    expect(data.byDomain.find((d: Figure) => d.key === "D3").label).toBe("D3 – Protection and asylum");
    expect(data.byDialogue.find((d: Figure) => d.key === "KHARTOUM").label).toBe("Khartoum Process");
    expect(data.byStatus.find((d: Figure) => d.key === "closed").label).toBe("Closed");
  });

  it("speaks French to a French-speaking manager", async () => {
    const { data } = await page("?lang=fr");
    expect(data.byCountry.map((c: Figure) => c.label)).toEqual(["Sénégal", "Mali", "Éthiopie"]);
    expect(data.byStatus.find((d: Figure) => d.key === "contracting").label).toBe("Contractualisation");
  });
});

describe("the filters (applied in SQL)", () => {
  it.each([
    ["?domain=D1", ["PF-G-1", "PF-G-2"], 150_000, 90_000],
    ["?domain=d2", ["PF-G-1"], 100_000, 40_000],
    ["?country=SN", ["PF-G-1", "PF-G-2"], 150_000, 90_000],
    ["?country=ET", ["PF-G-3"], 80_000, 0],
    ["?dialogue=RABAT", ["PF-G-1", "PF-G-2", "PF-G-3"], 230_000, 90_000],
    ["?dialogue=KHARTOUM", ["PF-G-3"], 80_000, 0],
    ["?status=closed", ["PF-G-2"], 50_000, 50_000],
    ["?startYear=2025", ["PF-G-1"], 100_000, 40_000],
    ["?startYear=2024&domain=D1", ["PF-G-2"], 50_000, 50_000],
    ["?country=ML&status=closed", [], 0, 0],
  ])("%s", async (query, references, committed, disbursed) => {
    const { status, data } = await page(query);
    expect(status).toBe(200);
    expect(data.rows.map((r: { reference: string }) => r.reference)).toEqual(references);
    expect(data.total).toMatchObject({ grants: references.length, committedCents: committed * EUR, disbursedCents: disbursed * EUR });
  });

  it("filters by call, and the breakdowns follow the filters", async () => {
    const { data } = await page(`?callId=${khartoumCall}`);
    expect(data.rows.map((r: { reference: string }) => r.reference)).toEqual(["PF-G-3"]);
    expect(summary(data.byDomain)).toEqual({ D3: [1, 80_000, 0] });
    expect(summary(data.byDialogue)).toEqual({ KHARTOUM: [1, 80_000, 0], RABAT: [1, 80_000, 0] });
    expect(data.filters.callId).toBe(khartoumCall);
    // The download links carry the same filters.
    expect(data.exports.grants).toBe(`/manage/portfolio/grants.csv?callId=${khartoumCall}`);
  });

  it("offers the calls with grants, every domain and dialogue, the targeted countries and the start years", async () => {
    const { data } = await page();
    expect(data.options.calls.map((c: { label: string }) => c.label)).toEqual(expect.arrayContaining(["PF-KHARTOUM – Khartoum call", "PF-RABAT – Rabat call"]));
    expect(data.options.domains.map((d: { value: string }) => d.value)).toEqual(["D1", "D2", "D3", "D4", "D5"]);
    expect(data.options.countries.map((c: { value: string }) => c.value).sort()).toEqual(["ET", "ML", "SN"]);
    expect(data.options.years.map((y: { value: string }) => y.value)).toEqual(expect.arrayContaining(["2024", "2025", "2026"]));
  });

  it("reports a bad filter with a 400 and shows the unfiltered portfolio", async () => {
    const res = await page("?status=lost&country=Senegal&startYear=abc");
    expect(res.status).toBe(400);
    expect(res.data.filterErrors).toMatchObject({ status: ["portfolio.error.badStatus"], country: ["portfolio.error.badCountry"], startYear: ["portfolio.error.badYear"] });
    expect(res.data.filters.status).toBe("lost");
    expect(res.data.total.grants).toBe(4);
  });
});

describe("the reports to chase", () => {
  it("lists overdue and due-within-30-days reports with links, under the filters", async () => {
    const { data } = await page();
    expect(data.reports.overdue.map((r: { id: string }) => r.id)).toEqual([overdueReport]);
    expect(data.reports.dueSoon.map((r: { id: string }) => r.id)).toEqual([dueSoonReport]);
    const ids = [...data.reports.overdue, ...data.reports.dueSoon].map((r: { id: string }) => r.id);
    // Handed in on time (submitted, or sent back for changes): not the grantee's delay.
    expect(ids).not.toContain(submittedLateReport);
    expect(ids).not.toContain(changesRequestedReport);
    expect(data.reports.overdue[0]).toMatchObject({ label: "Interim report 1", grant: { id: g1, reference: "PF-G-1", organisation: "Association Teranga Migration" } });
    const filtered = await page("?country=ET");
    expect(filtered.data.reports.overdue).toEqual([]);
    expect(filtered.data.reports.dueSoon).toEqual([]);
  });
});

describe("the list of grants", () => {
  it("links each grant and pages in SQL", async () => {
    const { data } = await page();
    expect(data.rows.find((r: { id: string }) => r.id === g1)).toMatchObject({ reference: "PF-G-1", amountCents: 100_000 * EUR, paidCents: 40_000 * EUR, stateLabel: "In implementation" });
    const manyCall = (await t.prisma.call.create({ data: { reference: "PF-MANY", titleEn: "Many", titleFr: "Beaucoup", state: "awarded" } })).id;
    for (let i = 0; i < PORTFOLIO_PAGE_SIZE + 2; i++) {
      await makeGrant(manyCall, { reference: `PF-M-${String(i).padStart(3, "0")}`, title: `Grant ${i}`, domains: ["D5"], countries: ["SN"], amount: 1_000 * EUR, state: "in_implementation", start: "2026-02-01" });
    }
    const first = await page(`?callId=${manyCall}`);
    expect(first.data).toMatchObject({ page: 1, pageCount: 2 });
    expect(first.data.rows).toHaveLength(PORTFOLIO_PAGE_SIZE);
    const second = await page(`?callId=${manyCall}&page=2`);
    expect(second.data.rows.map((r: { reference: string }) => r.reference)).toEqual([`PF-M-0${PORTFOLIO_PAGE_SIZE}`, `PF-M-0${PORTFOLIO_PAGE_SIZE + 1}`]);
    expect(second.data.total.grants).toBe(PORTFOLIO_PAGE_SIZE + 2);
  });

  it("costs the same number of queries whatever the number of grants, and one when nothing changed", async () => {
    const base: Db = db();
    let queries = 0;
    const counting = base.$extends({
      query: {
        $allOperations({ args, query }) {
          queries++;
          return query(args);
        },
      },
    }) as unknown as Db;
    setDb(counting);
    try {
      // The names of domains, dialogues and countries are read once per process, not per request.
      await referenceData();
      queries = 0;
      const actor = { id: w.users.manager.id, role: "GRANT_MANAGER" as const, organisationIds: [] };
      await loadPortfolio(actor, { page: 1, dialogue: "KHARTOUM" }); // 1 grant
      const few = queries;
      queries = 0;
      await loadPortfolio(actor, { page: 1 }); // 31 grants
      expect(queries).toBe(few);
      // Whether anything changed, then the figures, reports, page of grants and filter choices in one statement.
      expect(few).toBe(2);
      // Nothing changed since: only the check.
      queries = 0;
      const again = await loadPortfolio(actor, { page: 1 });
      expect(queries).toBe(1);
      expect(again.figures.total.grants).toBe(4 + PORTFOLIO_PAGE_SIZE + 2);
      // Another page of the same filter: the check, then that page with the state it was read at.
      queries = 0;
      await loadPortfolio(actor, { page: 2 });
      expect(queries).toBe(2);
      queries = 0;
      await loadPortfolio(actor, { page: 2 });
      expect(queries).toBe(1);
    } finally {
      setDb(base);
    }
  });
});

describe("the exports", () => {
  it("streams the filtered grants as CSV with committed and paid amounts", async () => {
    const res = await grantsCsv("?domain=D1");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="portfolio-grants.csv"');
    const body = (res.data as string).replace(/^\uFEFF/, "");
    expect(body.split("\r\n")[0]).toBe("reference,title,call,organisation,organisation_country,status,jvap_domains,target_countries,dialogues,amount_eur,paid_eur,start_date,end_date");
    expect(csvRows(body, "PF-")).toEqual([
      "PF-G-1,Safe Paths,PF-RABAT,Association Teranga Migration,SN,In implementation,D1; D2,SN; ML,RABAT,100000.00,40000.00,2025-03-01,2027-03-01",
      "PF-G-2,Diaspora Invest,PF-RABAT,Diaspora Solidarité Sahel,FR,Closed,D1,SN,RABAT,50000.00,50000.00,2024-06-01,2026-06-01",
    ]);
  });

  it("exports an awarded grant as a JVAP initiative (CSV and JSON)", async () => {
    const res = await jvapCsv("?country=ML");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="jvap-initiatives.csv"');
    const body = (res.data as string).replace(/^\uFEFF/, "");
    expect(body.split("\r\n")[0]).toBe(
      "initiative_id,title,type,jvap_domain_codes,jvap_domains,country_codes,countries,budget_eur,currency,funder,implementer,implementer_country,start_date,end_date,status",
    );
    expect(csvRows(body, "PF-")).toEqual([
      "PF-G-1,Safe Paths,Project,D1; D2,Development benefits of migration and addressing root causes of irregular migration and forced displacement; Legal migration and mobility,SEN; MLI,Senegal; Mali,100000.00,EUR,European Union,Association Teranga Migration,Senegal,2025-03-01,2027-03-01,Ongoing",
    ]);
    const json = await jvapJson("?dialogue=KHARTOUM");
    expect(json.status).toBe(200);
    expect(json.data).toEqual([
      {
        initiativeId: "PF-G-3",
        title: "Horn Protection",
        type: "Project",
        domains: [{ code: "D3", name: "Protection and asylum" }],
        countries: [{ code: "ET", alpha3: "ETH", name: "Ethiopia" }],
        budget: { amount: "80000.00", currency: "EUR" },
        funder: "European Union",
        implementer: { name: "Association Teranga Migration", country: "Senegal" },
        startDate: "2026-01-15",
        endDate: "2028-01-15",
        status: "Planned",
      },
    ]);
  });

  it("pages through more grants than fit one page and returns an empty array when nothing matches", async () => {
    const all = await jvapJson();
    expect((all.data as unknown[]).length).toBe(4 + PORTFOLIO_PAGE_SIZE + 2);
    const none = await jvapJson("?country=ML&status=closed");
    expect(none.data).toEqual([]);
  });

  it("answers a bad filter with a 400 and JSON field errors", async () => {
    for (const load of [grantsCsv, jvapCsv, jvapJson]) {
      const bad = await load("?status=zzz");
      expect(bad.status).toBe(400);
      expect(bad.data.error.fieldErrors.status).toEqual(["portfolio.error.badStatus"]);
    }
  });
});

describe("who may see the portfolio", () => {
  it.each([
    ["anonymous", 401],
    ["applicantA", 403],
    ["applicantB", 403],
    ["evaluator", 403],
    // Admins manage accounts, not grants: the permission table gives them no grant right.
    ["admin", 403],
  ] as const)("%s is refused on the page and every export", async (persona, status) => {
    const cookie = w.cookies[persona];
    expect((await page("", cookie)).status).toBe(status);
    expect((await grantsCsv("", cookie)).status).toBe(status);
    expect((await jvapCsv("", cookie)).status).toBe(status);
    expect((await jvapJson("", cookie)).status).toBe(status);
  });
});

// The figures are kept in the process between requests: each of these writes, made after the
// page was shown (twice, so from the cache the second time), shows on the very next request,
// and so does undoing it.
describe("what the manager sees after a write", () => {
  const shown = async (query = "") => {
    const first = await page(query);
    const second = await page(query);
    expect(second.data).toEqual(first.data);
    return second.data;
  };

  it("a tranche paid, and unpaid again", async () => {
    const before = (await shown()).total.disbursedCents;
    const unpaid = await t.prisma.tranche.findFirstOrThrow({ where: { grantId: g1, number: 2 } });
    await t.prisma.tranche.update({ where: { id: unpaid.id }, data: { paidAmountCents: 30_000 * EUR, paidAt: new Date() } });
    const after = await page();
    expect(after.data.total.disbursedCents).toBe(before + 30_000 * EUR);
    expect(after.data.rows.find((r: { id: string }) => r.id === g1).paidCents).toBe(70_000 * EUR);
    await t.prisma.tranche.update({ where: { id: unpaid.id }, data: { paidAmountCents: null, paidAt: null } });
    expect((await page()).data.total.disbursedCents).toBe(before);
  });

  it("a grant's amount changed by SQL outside the app, a proposal's domains, an organisation's name", async () => {
    await shown("?domain=D3");
    await t.prisma.$executeRaw`UPDATE "Grant" SET "amountCents" = ${85_000 * EUR} WHERE "id" = ${g3}`;
    expect((await page("?domain=D3")).data.total.committedCents).toBe(85_000 * EUR);
    await t.prisma.$executeRaw`UPDATE "Grant" SET "amountCents" = ${80_000 * EUR} WHERE "id" = ${g3}`;
    expect((await page("?domain=D3")).data.total.committedCents).toBe(80_000 * EUR);

    const g3Proposal = (await t.prisma.grant.findUniqueOrThrow({ where: { id: g3 } })).proposalId;
    await t.prisma.proposal.update({ where: { id: g3Proposal }, data: { jvapDomainCodes: ["D4"] } });
    expect((await page("?domain=D3")).data.total.grants).toBe(0);
    expect(summary((await page()).data.byDomain).D4).toEqual([1, 80_000, 0]);
    await t.prisma.proposal.update({ where: { id: g3Proposal }, data: { jvapDomainCodes: ["D3"] } });
    expect((await page("?domain=D3")).data.total.grants).toBe(1);

    expect((await shown()).reports.overdue[0].grant.organisation).toBe("Association Teranga Migration");
    await t.prisma.organisation.update({ where: { id: w.orgA }, data: { acronym: "ATM" } });
    expect((await page()).data.reports.overdue[0].grant.organisation).toBe("Association Teranga Migration (ATM)");
    await t.prisma.organisation.update({ where: { id: w.orgA }, data: { acronym: null } });
  });

  it("a grant added and removed, a report falling due and one removed", async () => {
    const before = await shown("?country=ET");
    const extra = await makeGrant(khartoumCall, { reference: "PF-G-9", title: "Late addition", domains: ["D3"], countries: ["ET"], amount: 5_000 * EUR, state: "contracting", start: "2026-02-01" });
    const added = await page("?country=ET");
    expect(added.data.total.grants).toBe(before.total.grants + 1);
    expect(added.data.rows.map((r: { reference: string }) => r.reference)).toContain("PF-G-9");

    // Due in 60 days: not listed; then brought forward to 5 days: listed.
    const later = await t.prisma.report.findFirstOrThrow({ where: { grantId: g3 } });
    expect(added.data.reports.dueSoon).toEqual([]);
    await t.prisma.report.update({ where: { id: later.id }, data: { dueDate: new Date(Date.now() + 5 * DAY) } });
    expect((await page("?country=ET")).data.reports.dueSoon.map((r: { id: string }) => r.id)).toEqual([later.id]);
    await t.prisma.report.delete({ where: { id: later.id } });
    expect((await page("?country=ET")).data.reports.dueSoon).toEqual([]);

    await t.prisma.grant.delete({ where: { id: extra } });
    const removed = await page("?country=ET");
    expect(removed.data.total).toEqual(before.total);
    expect(removed.data.rows.map((r: { reference: string }) => r.reference)).not.toContain("PF-G-9");
  });

  it("a report comes into the 30 days as time passes, though nothing was written", async () => {
    const actor = { id: w.users.manager.id, role: "GRANT_MANAGER" as const, organisationIds: [] };
    const now = new Date();
    const id = await report(g3, 7, 30 + 10 / (24 * 60), "draft"); // due 30 days and 10 minutes from now
    const dueSoon = async (at: Date) => (await loadPortfolio(actor, { page: 1, country: "ET" }, at)).reports.dueSoon.map((r) => r.id);
    expect(await dueSoon(now)).toEqual([]);
    expect(await dueSoon(now)).toEqual([]);
    // What the page derives from the lists is kept no later than the report comes in.
    const { reportsValidUntil } = await loadPortfolio(actor, { page: 1, country: "ET" }, now);
    expect(reportsValidUntil).toBeGreaterThan(now.getTime());
    expect(reportsValidUntil).toBeLessThanOrEqual(now.getTime() + 10 * 60_000);
    expect(await dueSoon(new Date(now.getTime() + 11 * 60_000))).toEqual([id]);
    expect(await dueSoon(new Date(now.getTime() + 2 * DAY))).toEqual([id]);
    await t.prisma.report.delete({ where: { id } });
  });
});
