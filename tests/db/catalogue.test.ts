// Applicants finding calls: the catalogue's filters, search, pages and bad input; the home
// page's list; a call's page with its rules, notices and the "Am I eligible?" check for the
// signed-in applicant's own organisations. Real loaders, real database, Request objects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { searchCatalogue, parseCatalogueQuery } from "~/modules/calls/catalogue.server.ts";
import { loader as homeLoader } from "~/routes/_index.tsx";
import { loader as catalogueLoader } from "~/routes/calls._index.tsx";
import { loader as callLoader } from "~/routes/calls.$callId.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { setDb, type Db } from "~/utils/db.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { callRoute, cookieFrom, get, post } from "../support/route-call.ts";

const PASSWORD = "correct horse battery staple";
const DAY = 86_400_000;
const BATCH = 23;

let t: TestDb;
const ids: Record<string, string> = {};

type Summary = { id: string; reference: string; title: string; stateLabel: string; state: string };
const refs = (calls: Summary[]) => calls.map((c) => c.reference).sort();

const base = {
  titleEn: "",
  titleFr: "",
  procedure: "OPEN" as const,
  applicantTypeCodes: ["CSO"],
  leadLocations: ["AU", "EU"],
  totalBudgetCents: 60_000_000,
  minGrantCents: 10_000_000,
  maxGrantCents: 15_000_000,
  timeZone: "Europe/Vienna",
};

async function seed() {
  const p = t.prisma;
  const now = Date.now();
  const make = async (key: string, data: Parameters<Db["call"]["create"]>[0]["data"]) => {
    const call = await p.call.create({ data: { ...base, ...data } as Parameters<Db["call"]["create"]>[0]["data"] });
    ids[key] = call.id;
  };
  await make("remittances", {
    reference: "CAT-A",
    titleEn: "Diaspora remittances for local development",
    titleFr: "Transferts de fonds de la diaspora pour le développement local",
    descriptionEn: "Matched savings funds with hometown associations.",
    descriptionFr: "Fonds d’épargne abondés avec les associations de ressortissants.",
    state: "open",
    publishedAt: new Date(now - 3 * DAY),
    jvapDomainCodes: ["D1"],
    dialogueCodes: ["RABAT"],
    applicantTypeCodes: ["DIASPORA", "CSO"],
    leadLocations: ["EU"],
    targetCountryRules: { maxCountries: 2, minAuCountries: 1, allowedCountryCodes: ["SN", "ML", "CH"] },
    partnershipRules: { allowAlone: true, maxCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
    fullApplicationDeadline: new Date(now + 20 * DAY),
    crossCuttingAllowed: true,
    cadizObjectiveCodes: ["1", "3"],
    maxIndirectCostBp: 500,
  });
  await make("mobility", {
    reference: "CAT-B",
    titleEn: "Labour mobility pilots",
    titleFr: "Projets pilotes de mobilité de la main-d’œuvre",
    descriptionEn: "Up to 100% of the costs funded; see annex_2.",
    state: "open",
    publishedAt: new Date(now - 2 * DAY),
    jvapDomainCodes: ["D2"],
    dialogueCodes: ["KHARTOUM"],
    applicantTypeCodes: ["CSO"],
    leadLocations: ["AU"],
    targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
    partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1 },
    fullApplicationDeadline: new Date(now + 40 * DAY),
  });
  await make("protection", {
    reference: "CAT-C",
    titleEn: "Protection of people on the move",
    titleFr: "Protection des personnes en mouvement",
    state: "published",
    publishedAt: new Date(now - DAY),
    procedure: "RESTRICTED",
    jvapDomainCodes: ["D4", "D3"],
    dialogueCodes: ["C2CMMD", "RABAT"],
    applicantTypeCodes: ["LOCAL_AUTHORITY"],
    leadLocations: ["AU", "EU"],
    conceptNoteDeadline: new Date(now + 60 * DAY),
    conceptNoteGrid: {
      max: 50,
      passMark: 30,
      sections: [{ code: "1", nameEn: "Relevance", nameFr: "Pertinence", criteria: [{ code: "1.1", nameEn: "Objectives", nameFr: "Objectifs", max: 5, weight: 2 }] }],
    },
    fullApplicationGrid: {
      sections: [
        {
          code: "1",
          nameEn: "Capacity",
          nameFr: "Capacité",
          minimum: 12,
          rejectIfAnyCriterionScores: 1,
          criteria: [{ code: "1.1", nameEn: "Experience", nameFr: "Expérience", max: 5, weight: 1 }],
        },
      ],
    },
    requiredDocuments: [
      { code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note conceptuelle", stage: "CONCEPT_NOTE", required: true },
      { code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
    ],
  });
  // Never listed: a draft, an archived call, one under evaluation; the closed ones only in their section.
  await make("draft", { reference: "CAT-DRAFT", titleEn: "Secret draft remittances call", titleFr: "Appel brouillon secret", state: "draft", jvapDomainCodes: ["D1"], dialogueCodes: ["RABAT"] });
  await make("archived", { reference: "CAT-ARCH", titleEn: "Archived remittances call", titleFr: "Appel archivé", state: "archived", jvapDomainCodes: ["D1"], dialogueCodes: ["RABAT"] });
  await make("evaluating", { reference: "CAT-EVAL", titleEn: "Remittances call under evaluation", titleFr: "Appel en évaluation", state: "under_evaluation", jvapDomainCodes: ["D1"] });
  await make("recentlyClosed", {
    reference: "CAT-CLOSED-NEW",
    titleEn: "Remittances call closed last week",
    titleFr: "Appel clôturé la semaine dernière",
    state: "closed",
    closedAt: new Date(now - 7 * DAY),
    fullApplicationDeadline: new Date(now - 7 * DAY),
    jvapDomainCodes: ["D1"],
    dialogueCodes: ["RABAT"],
  });
  await make("longClosed", {
    reference: "CAT-CLOSED-OLD",
    titleEn: "Remittances call closed long ago",
    titleFr: "Appel clôturé il y a longtemps",
    state: "closed",
    closedAt: new Date(now - 400 * DAY),
    jvapDomainCodes: ["D1"],
  });
  // A batch for pagination: ADEPT, D5, research bodies led from the EU.
  for (let i = 1; i <= BATCH; i++) {
    await make(`batch${i}`, {
      reference: `CAT-P-${String(i).padStart(2, "0")}`,
      titleEn: `Pagination batch call ${i}`,
      titleFr: `Appel du lot de pagination ${i}`,
      state: "open",
      publishedAt: new Date(now - (10 + i) * DAY),
      jvapDomainCodes: ["D5"],
      dialogueCodes: ["ADEPT"],
      applicantTypeCodes: ["RESEARCH"],
      leadLocations: ["EU"],
    });
  }

  await p.callNotice.createMany({
    data: [
      { callId: ids.remittances!, kind: "clarification", textEn: "First clarification.", textFr: "Première précision.", createdAt: new Date(now - 5 * DAY) },
      {
        callId: ids.remittances!,
        kind: "deadline_extension",
        textEn: "The deadline is extended by two weeks.",
        textFr: "La date limite est prolongée de deux semaines.",
        data: { field: "fullApplicationDeadline", from: new Date(now + 6 * DAY).toISOString(), to: new Date(now + 20 * DAY).toISOString() },
        createdAt: new Date(now - DAY),
      },
      { callId: ids.remittances!, kind: "clarification", textEn: "Second clarification.", textFr: "Deuxième précision.", createdAt: new Date(now - 3 * DAY) },
    ],
  });

  const hash = await hashPassword(PASSWORD);
  const cso = await p.organisation.create({ data: { legalName: "Dakar Youth Mobility Network", acronym: "DYMN", typeCode: "CSO", countryCode: "SN" } });
  const diaspora = await p.organisation.create({ data: { legalName: "Paris Diaspora Collective", typeCode: "DIASPORA", countryCode: "FR", originCountryCodes: ["SN"] } });
  const secret = await p.organisation.create({ data: { legalName: "Confidential Other Organisation", typeCode: "CSO", countryCode: "FR" } });
  ids.cso = cso.id;
  ids.diaspora = diaspora.id;
  ids.secret = secret.id;
  await p.user.create({ data: { email: "cso@test.local", name: "Cheikh CSO", passwordHash: hash, role: "APPLICANT", memberships: { create: { organisationId: cso.id, role: "OWNER" } } } });
  await p.user.create({ data: { email: "diaspora@test.local", name: "Dina Diaspora", passwordHash: hash, role: "APPLICANT", locale: "fr", memberships: { create: { organisationId: diaspora.id } } } });
  await p.user.create({ data: { email: "both@test.local", name: "Bintou Both", passwordHash: hash, role: "APPLICANT", memberships: { create: [{ organisationId: cso.id }, { organisationId: diaspora.id }] } } });
  await p.user.create({ data: { email: "secret@test.local", name: "Sam Secret", passwordHash: hash, role: "APPLICANT", memberships: { create: { organisationId: secret.id } } } });
  await p.user.create({ data: { email: "new@test.local", name: "Nadia New", passwordHash: hash, role: "APPLICANT" } });
  await p.user.create({ data: { email: "manager@test.local", name: "Marie Manager", passwordHash: hash, role: "GRANT_MANAGER" } });
}

const cookies = new Map<string, string>();
async function signInAs(email: string): Promise<string> {
  const known = cookies.get(email);
  if (known) return known;
  const res = await callRoute(loginAction, post("/login", { email, password: PASSWORD, redirectTo: "/dashboard" }));
  expect(res.status).toBe(302);
  const cookie = cookieFrom(res.headers.get("Set-Cookie"));
  cookies.set(email, cookie);
  return cookie;
}

const catalogue = (query = "", opts: { cookie?: string } = {}) => callRoute(catalogueLoader, get(`/calls${query}`, opts));
const callPage = (key: string, opts: { cookie?: string; query?: string } = {}) => callRoute(callLoader, get(`/calls/${ids[key]}${opts.query ?? ""}`, { cookie: opts.cookie }), { callId: ids[key] });

beforeAll(async () => {
  t = await createTestDb();
  await seed();
});

afterAll(async () => {
  await t?.close();
});

describe("the catalogue", () => {
  it("lists open and announced calls to anonymous visitors, never drafts, archived or calls under evaluation", async () => {
    const res = await catalogue();
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(3 + BATCH);
    expect(res.data.hasFilters).toBe(false);
    const all = [...res.data.calls];
    for (let page = 2; page <= res.data.pageCount; page++) all.push(...(await catalogue(`?page=${page}`)).data.calls);
    const listed = refs(all);
    expect(listed).toHaveLength(3 + BATCH);
    expect(listed).toEqual(expect.arrayContaining(["CAT-A", "CAT-B", "CAT-C"]));
    for (const hidden of ["CAT-DRAFT", "CAT-ARCH", "CAT-EVAL", "CAT-CLOSED-NEW", "CAT-CLOSED-OLD"]) expect(listed).not.toContain(hidden);
    const text = JSON.stringify(res.data);
    expect(text).not.toContain("Secret draft");
    expect(text).not.toContain("Archived remittances");
    // Open calls come before announced ones.
    const states = all.map((c: Summary) => c.state);
    expect(states.lastIndexOf("open")).toBeLessThan(states.indexOf("published"));
  });

  it("shows recently closed calls in their own section, not those closed long ago", async () => {
    const res = await catalogue();
    expect(refs(res.data.recentlyClosed)).toEqual(["CAT-CLOSED-NEW"]);
    expect(res.data.recentlyClosed[0].stateLabel).toBe("Closed: no more proposals accepted");
    const filtered = await catalogue("?dialogue=KHARTOUM");
    expect(filtered.data.recentlyClosed).toEqual([]);
  });

  it("gives each card what an applicant needs, in the visitor's language", async () => {
    const en = (await catalogue("?q=remittances")).data.calls[0];
    expect(en).toMatchObject({
      reference: "CAT-A",
      title: "Diaspora remittances for local development",
      stateLabel: "Open for proposals",
      procedure: "OPEN",
      minGrantCents: 10_000_000,
      maxGrantCents: 15_000_000,
      timeZone: "Europe/Vienna",
    });
    expect(en.dialogues[0].name).toMatch(/Rabat Process/);
    expect(en.jvapDomains[0].code).toBe("D1");
    expect(en.deadline).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const fr = await catalogue("?q=remittances&lang=fr");
    expect(fr.data.calls[0].title).toBe("Transferts de fonds de la diaspora pour le développement local");
    expect(fr.data.calls[0].stateLabel).toBe("Ouvert aux propositions");
    expect(fr.data.calls[0].dialogues[0].name).toMatch(/Processus de Rabat/);
    expect(fr.data.options.types.find((o: { code: string }) => o.code === "LOCAL_AUTHORITY").name).toBe("Autorité locale");
    expect(fr.data.options.countries.au.find((o: { code: string }) => o.code === "SN").name).toBe("Sénégal");
  });

  it("filters by JVAP domain, one or several (any of them)", async () => {
    expect(refs((await catalogue("?domain=D1")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?domain=D4")).data.calls)).toEqual(["CAT-C"]);
    expect(refs((await catalogue("?domain=D1&domain=D3")).data.calls)).toEqual(["CAT-A", "CAT-C"]);
    expect(refs((await catalogue("?domain=d2")).data.calls)).toEqual(["CAT-B"]);
  });

  it("filters by dialogue", async () => {
    expect(refs((await catalogue("?dialogue=RABAT")).data.calls)).toEqual(["CAT-A", "CAT-C"]);
    expect(refs((await catalogue("?dialogue=KHARTOUM")).data.calls)).toEqual(["CAT-B"]);
    expect((await catalogue("?dialogue=ADEPT")).data.total).toBe(BATCH);
  });

  it("filters by applicant type", async () => {
    expect(refs((await catalogue("?type=LOCAL_AUTHORITY")).data.calls)).toEqual(["CAT-C"]);
    expect(refs((await catalogue("?type=DIASPORA")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?type=CSO")).data.calls)).toEqual(["CAT-A", "CAT-B"]);
    expect((await catalogue("?type=SOCIAL_ENTERPRISE")).data.total).toBe(0);
  });

  it("filters by country: calls whose leads may be registered there, or that allow it as a target", async () => {
    // Senegal (AU): calls accepting AU leads, and CAT-A which lists it as a target country.
    expect(refs((await catalogue("?country=SN")).data.calls)).toEqual(["CAT-A", "CAT-B", "CAT-C"]);
    // France (EU): calls accepting EU leads, the batch included.
    const fr = await catalogue("?country=FR");
    expect(fr.data.total).toBe(2 + BATCH);
    expect(refs((await catalogue("?country=FR&dialogue=RABAT")).data.calls)).toEqual(["CAT-A", "CAT-C"]);
    // Switzerland is in neither union: only a call listing it as a target.
    expect(refs((await catalogue("?country=CH")).data.calls)).toEqual(["CAT-A"]);
    expect((await catalogue("?country=US")).data.total).toBe(0);
  });

  it("combines filters", async () => {
    expect(refs((await catalogue("?domain=D1&domain=D4&dialogue=RABAT&type=LOCAL_AUTHORITY&country=SN")).data.calls)).toEqual(["CAT-C"]);
    expect((await catalogue("?domain=D2&dialogue=RABAT")).data.total).toBe(0);
  });

  it("searches titles and descriptions in English and French, ignoring case", async () => {
    expect(refs((await catalogue("?q=REMITTANCES")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?q=transferts%20de%20FONDS")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?q=main-d%E2%80%99%C5%93uvre")).data.calls)).toEqual(["CAT-B"]);
    expect(refs((await catalogue("?q=Pilotes")).data.calls)).toEqual(["CAT-B"]);
    expect(refs((await catalogue("?q=hometown")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?q=%C3%A9pargne")).data.calls)).toEqual(["CAT-A"]);
    expect(refs((await catalogue("?q=personnes%20en%20MOUVEMENT")).data.calls)).toEqual(["CAT-C"]);
    expect((await catalogue("?q=secret")).data.total).toBe(0);
    expect((await catalogue("?q=  ")).data.hasFilters).toBe(false);
  });

  it("treats % and _ in a search as plain characters", async () => {
    expect(refs((await catalogue("?q=%25")).data.calls)).toEqual(["CAT-B"]);
    expect(refs((await catalogue("?q=100%25")).data.calls)).toEqual(["CAT-B"]);
    expect(refs((await catalogue("?q=_")).data.calls)).toEqual(["CAT-B"]);
    expect(refs((await catalogue("?q=annex_2")).data.calls)).toEqual(["CAT-B"]);
    expect((await catalogue("?q=annex%252")).data.total).toBe(0);
    expect((await catalogue("?q=%5C")).data.total).toBe(0);
  });

  it("pages in the database: no call twice, none missing, the count and page count right", async () => {
    const pages = await Promise.all([1, 2, 3].map((p) => catalogue(`?dialogue=ADEPT&page=${p}`)));
    expect(pages.map((p) => p.data.calls.length)).toEqual([10, 10, 3]);
    for (const p of pages) expect(p.data).toMatchObject({ total: BATCH, pageCount: 3, pageSize: 10, pageAdjustedFrom: null });
    const seen = pages.flatMap((p) => refs(p.data.calls));
    expect(new Set(seen).size).toBe(BATCH);
    // Most recently announced first.
    expect(pages[0]!.data.calls[0].reference).toBe("CAT-P-01");
    expect(pages[2]!.data.calls[2].reference).toBe("CAT-P-23");
    // The recently closed section is on the first page only.
    expect(pages[1]!.data.recentlyClosed).toEqual([]);
  });

  it("answers a page past the end, or a huge one, with the last page and says so", async () => {
    const past = await catalogue("?dialogue=ADEPT&page=4");
    expect(past.status).toBe(200);
    expect(past.data).toMatchObject({ page: 3, pageAdjustedFrom: "4" });
    expect(past.data.calls).toHaveLength(3);
    const huge = await catalogue("?dialogue=ADEPT&page=99999999999999999999999");
    expect(huge.status).toBe(200);
    expect(huge.data).toMatchObject({ page: 3, pageAdjustedFrom: "99999999999999999999" });
    const empty = await catalogue("?type=SOCIAL_ENTERPRISE&page=7");
    expect(empty.data).toMatchObject({ page: 1, total: 0, pageAdjustedFrom: "7" });
  });

  it("ignores unknown codes and says which, rather than failing", async () => {
    const res = await catalogue("?domain=D9&dialogue=NOPE&type=ALIEN&country=ZZ&page=abc");
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(3 + BATCH);
    expect(res.data.hasFilters).toBe(false);
    expect(res.data.ignored).toEqual([
      { param: "domain", value: "D9" },
      { param: "dialogue", value: "NOPE" },
      { param: "type", value: "ALIEN" },
      { param: "country", value: "ZZ" },
      { param: "page", value: "abc" },
    ]);
    const mixed = await catalogue("?domain=D1&domain=D9");
    expect(mixed.data.filters.domains).toEqual(["D1"]);
    expect(refs(mixed.data.calls)).toEqual(["CAT-A"]);
  });

  it("never answers bad query parameters with a server error", async () => {
    const weird = [
      "?page=-1",
      "?page=0",
      "?page=1e9",
      "?page=%20",
      "?page=1&page=2",
      `?q=${"x".repeat(5000)}`,
      "?q=%00",
      "?q=%27%3B%20DROP%20TABLE%20%22Call%22%3B--",
      "?domain=&dialogue=&type=&country=",
      "?domain=%00&country=%E2%82%AC",
      "?dialogue[]=RABAT",
      "?type=%3Cscript%3E",
      `?${Array.from({ length: 200 }, (_, i) => `domain=X${i}`).join("&")}`,
      "?lang=xx&q=mobility",
    ];
    for (const query of weird) {
      const res = await catalogue(query);
      expect(res.status, query).toBe(200);
      expect(Array.isArray(res.data.calls), query).toBe(true);
    }
    const long = await catalogue(`?q=${"y".repeat(5000)}`);
    expect(long.data.filters.q).toHaveLength(100);
  });

  it("reads its parameters with a schema that never throws", () => {
    const q = parseCatalogueQuery(new URLSearchParams("q=%20%20labour%20%20mobility%20&domain=d1&domain=D1&domain=&dialogue=rabat&page=02"));
    expect(q).toMatchObject({ q: "labour mobility", domain: ["D1"], dialogue: "RABAT", type: null, country: null, page: 2, invalidPage: null });
  });

  it("runs the same number of queries whatever the number of calls", async () => {
    let queries = 0;
    const counting = t.prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          queries++;
          return query(args);
        },
      },
    }) as unknown as Db;
    setDb(counting);
    try {
      const run = async () => {
        queries = 0;
        await searchCatalogue(parseCatalogueQuery(new URLSearchParams("domain=D5&country=FR")), "en");
        return queries;
      };
      await run(); // the reference lists are read once per client, on the first page
      const before = await run();
      for (let i = 0; i < 15; i++) {
        await t.prisma.call.create({ data: { ...base, reference: `CAT-N-${i}`, titleEn: `More ${i}`, titleFr: `Plus ${i}`, state: "open", jvapDomainCodes: ["D5"], dialogueCodes: ["ADEPT"], leadLocations: ["EU"] } });
      }
      const after = await run();
      expect(after).toBe(before);
      // The count, the page and the recently closed calls.
      expect(before).toBeLessThanOrEqual(3);
    } finally {
      setDb(t.prisma);
      await t.prisma.call.deleteMany({ where: { reference: { startsWith: "CAT-N-" } } });
    }
  });
});

describe("the home page", () => {
  it("shows the first open and announced calls and how many there are", async () => {
    const res = await callRoute(homeLoader, get("/"));
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(3 + BATCH);
    expect(res.data.calls).toHaveLength(6);
    expect(res.data.calls[0].state).toBe("open");
    expect(JSON.stringify(res.data)).not.toContain("Secret draft");
  });
});

describe("a call's page", () => {
  it("says what the call funds, who may apply and the money, in words", async () => {
    const res = await callPage("remittances");
    expect(res.status).toBe(200);
    const call = res.data.call;
    expect(call.crossCuttingThemes.map((c: { code: string }) => c.code)).toEqual(["CLIMATE", "GENDER", "HEALTH"]);
    expect(call.cadizObjectives.map((c: { code: string }) => c.code)).toEqual(["1", "3"]);
    expect(call.maxIndirectCostBp).toBe(500);
    expect(call.leadLocations).toEqual(["EU"]);
    const rules = Object.fromEntries(call.rules.map((r: { code: string; messageKey: string; params: object }) => [r.code, r]));
    expect(rules.lead_location).toEqual({ code: "lead_location", messageKey: "catalogue.rules.lead", params: { locations: "a member state of the European Union" } });
    expect(rules.applicant_type.params.types).toBe("Diaspora organisation or Civil-society organisation / NGO");
    expect(rules.target_countries_allowed.params.countries).toBe("Senegal, Mali and Switzerland");
    expect(rules.eu_lead_au_co_applicant.messageKey).toBe("catalogue.rules.partnership.euLead.diasporaExempt");
    const fr = await callPage("remittances", { query: "?lang=fr" });
    const frAllowed = fr.data.call.rules.find((r: { code: string }) => r.code === "target_countries_allowed");
    expect(frAllowed.params.countries).toBe("Sénégal, Mali et Suisse");
  });

  it("explains a restricted call's stages: deadlines, documents and grids per stage", async () => {
    const call = (await callPage("protection")).data.call;
    expect(call.procedure).toBe("RESTRICTED");
    expect(call.deadlines).toEqual([
      { stage: "concept_note", at: expect.any(String), byInvitation: false },
      { stage: "full_application", at: null, byInvitation: true },
    ]);
    expect(call.requiredDocuments.map((d: { stage: string }) => d.stage)).toEqual(["concept_note", "full_application"]);
    expect(call.grids.map((g: { stage: string }) => g.stage)).toEqual(["concept_note", "full_application"]);
    expect(call.grids[1].sections[0]).toMatchObject({ minimum: 12, rejectIfAny: 1 });
  });

  it("lists dated notices newest first, with the deadline change", async () => {
    const en = (await callPage("remittances")).data.call.notices;
    expect(en.map((n: { text: string }) => n.text)).toEqual(["The deadline is extended by two weeks.", "Second clarification.", "First clarification."]);
    expect(en[0].kind).toBe("deadline_extension");
    expect(en[0].change).toEqual({ from: expect.any(String), to: expect.any(String) });
    expect(new Date(en[0].change.to).getTime()).toBeGreaterThan(new Date(en[0].change.from).getTime());
    const fr = (await callPage("remittances", { query: "?lang=fr" })).data.call.notices;
    expect(fr[2].text).toBe("Première précision.");
    expect((await callPage("mobility")).data.call.notices).toEqual([]);
  });

  it("is a 404 for drafts, archived calls and calls under evaluation to the public", async () => {
    for (const key of ["draft", "archived", "evaluating"]) {
      const anonymous = await callPage(key);
      expect(anonymous.status, key).toBe(404);
      const applicant = await callPage(key, { cookie: await signInAs("cso@test.local") });
      expect(applicant.status, key).toBe(404);
    }
    const staff = await callPage("draft", { cookie: await signInAs("manager@test.local") });
    expect(staff.status).toBe(200);
    expect(staff.data.call.isPublic).toBe(false);
    expect(staff.data.eligibility).toEqual({ kind: "staff" });
  });

  it("invites anonymous visitors to sign in, and an applicant without an organisation to register one", async () => {
    expect((await callPage("remittances")).data.eligibility).toEqual({ kind: "anonymous" });
    const newcomer = await callPage("remittances", { cookie: await signInAs("new@test.local") });
    expect(newcomer.data.eligibility).toEqual({ kind: "no_organisation" });
  });

  it("names the unmet rule for an ineligible organisation", async () => {
    // A Senegalese CSO and a call that only accepts leads registered in the EU.
    const res = await callPage("remittances", { cookie: await signInAs("cso@test.local") });
    expect(res.data.eligibility.kind).toBe("organisations");
    const [result] = res.data.eligibility.organisations;
    expect(result).toMatchObject({ organisationId: ids.cso, name: "Dakar Youth Mobility Network (DYMN)", eligible: false, unmet: 1 });
    const lead = result.rules.find((r: { code: string }) => r.code === "lead_location");
    expect(lead).toEqual({
      code: "lead_location",
      kind: "requirement",
      met: false,
      messageKey: "catalogue.eligibility.lead.unmet",
      params: { country: "Senegal", locations: "a member state of the European Union" },
    });
    expect(result.rules.find((r: { code: string }) => r.code === "applicant_type").met).toBe(true);
    // The same organisation may lead the AU call.
    const mobility = await callPage("mobility", { cookie: await signInAs("cso@test.local") });
    expect(mobility.data.eligibility.organisations[0]).toMatchObject({ eligible: true, unmet: 0 });
    // And a local-authority-only call names its type.
    const protection = await callPage("protection", { cookie: await signInAs("cso@test.local") });
    const type = protection.data.eligibility.organisations[0].rules.find((r: { code: string }) => r.code === "applicant_type");
    expect(type).toMatchObject({ met: false, messageKey: "catalogue.eligibility.type.unmet", params: { type: "Civil-society organisation / NGO", types: "Local authority" } });
  });

  it("tells an eligible EU diaspora organisation about the exemption, in its user's language", async () => {
    const res = await callPage("remittances", { cookie: await signInAs("diaspora@test.local") });
    const [result] = res.data.eligibility.organisations;
    expect(result).toMatchObject({ organisationId: ids.diaspora, eligible: true, unmet: 0 });
    const condition = result.rules.find((r: { code: string }) => r.code === "eu_lead_au_co_applicant");
    expect(condition).toMatchObject({ kind: "condition", met: true, messageKey: "catalogue.eligibility.euLead.diasporaExempt", params: { country: "France" } });
    const type = result.rules.find((r: { code: string }) => r.code === "applicant_type");
    expect(type.params.type).toBe("Organisation de la diaspora");
  });

  it("checks each of the applicant's organisations, and never shows another organisation's data", async () => {
    const res = await callPage("remittances", { cookie: await signInAs("both@test.local") });
    const organisations = res.data.eligibility.organisations;
    expect(organisations.map((o: { organisationId: string }) => o.organisationId).sort()).toEqual([ids.cso, ids.diaspora].sort());
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(ids.secret);
    expect(text).not.toContain("Confidential Other Organisation");
    for (const email of ["cso@test.local", "diaspora@test.local"]) {
      const own = JSON.stringify((await callPage("mobility", { cookie: await signInAs(email) })).data);
      expect(own).not.toContain("Confidential Other Organisation");
      expect(own).not.toContain(ids.secret);
    }
    const anonymous = JSON.stringify((await callPage("remittances")).data);
    for (const name of ["Dakar Youth", "Paris Diaspora", "Confidential Other"]) expect(anonymous).not.toContain(name);
  });

  it("is a 404, not a 500, for odd call ids", async () => {
    for (const callId of ["", "x".repeat(500), "%00", "' OR 1=1 --"]) {
      const res = await callRoute(callLoader, get(`/calls/${encodeURIComponent(callId)}`), { callId });
      expect(res.status, callId).toBe(404);
    }
  });
});
