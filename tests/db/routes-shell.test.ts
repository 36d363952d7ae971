// The UI shell's loaders and actions against a real database: what anonymous visitors,
// applicants and staff get, sign-in and sign-out, and the language choice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { loader as rootLoader } from "~/root.tsx";
import { loader as homeLoader } from "~/routes/_index.tsx";
import { loader as callLoader } from "~/routes/calls.$callId.tsx";
import { loader as dashboardLoader } from "~/routes/dashboard.tsx";
import { action as languageAction } from "~/routes/language.tsx";
import { action as loginAction, loader as loginLoader } from "~/routes/login.tsx";
import { action as logoutAction, loader as logoutLoader } from "~/routes/logout.tsx";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { callRoute, cookieFrom, get, post } from "../support/route-call.ts";

const PASSWORD = "correct horse battery staple";
const DAY = 24 * 60 * 60 * 1000;

let t: TestDb;
const ids = { openCall: "", publishedCall: "", closedCall: "", draftCall: "", orgA: "", orgB: "" };

async function seed() {
  const p = t.prisma;
  // Reference rows these tests rely on; kept as they are if the reference seed already has them.
  await p.applicantType.upsert({ where: { code: "CSO" }, update: {}, create: { code: "CSO", nameEn: "Civil-society organisation / NGO", nameFr: "Organisation de la société civile / ONG", rank: 1 } });
  await p.country.upsert({ where: { code: "SN" }, update: {}, create: { code: "SN", alpha3: "SEN", nameEn: "Senegal", nameFr: "Sénégal", auMember: true } });
  await p.dialogue.upsert({
    where: { code: "RABAT" },
    update: {},
    create: { code: "RABAT", shortName: "Rabat Process", nameEn: "Euro-African Dialogue on Migration and Development (Rabat Process)", nameFr: "Dialogue euro-africain sur la migration et le développement (Processus de Rabat)", rank: 1 },
  });
  await p.jvapDomain.upsert({ where: { code: "D2" }, update: {}, create: { code: "D2", nameEn: "Legal migration and mobility", nameFr: "Migration légale et mobilité", rank: 2 } });

  const hash = await hashPassword(PASSWORD);
  const orgA = await p.organisation.create({ data: { legalName: "Alpha Diaspora Network", acronym: "ADN", typeCode: "CSO", countryCode: "SN" } });
  const orgB = await p.organisation.create({ data: { legalName: "Beta Rights Centre", acronym: "BRC", typeCode: "CSO", countryCode: "SN" } });
  ids.orgA = orgA.id;
  ids.orgB = orgB.id;
  await p.user.create({ data: { email: "applicant-a@test.local", name: "Awa Applicant", passwordHash: hash, role: "APPLICANT", memberships: { create: { organisationId: orgA.id, role: "OWNER" } } } });
  await p.user.create({ data: { email: "applicant-b@test.local", name: "Bakary Applicant", passwordHash: hash, role: "APPLICANT", memberships: { create: { organisationId: orgB.id } } } });
  await p.user.create({ data: { email: "manager@test.local", name: "Marie Manager", passwordHash: hash, role: "GRANT_MANAGER" } });
  await p.user.create({ data: { email: "admin@test.local", name: "Adam Admin", passwordHash: hash, role: "ADMIN" } });
  await p.user.create({ data: { email: "evaluator@test.local", name: "Eve Evaluator", passwordHash: hash, role: "EVALUATOR", locale: "fr" } });

  const common = {
    dialogueCodes: ["RABAT"],
    jvapDomainCodes: ["D2"],
    applicantTypeCodes: ["CSO"],
    leadLocations: ["AU", "EU"],
    totalBudgetCents: 60_000_000,
    minGrantCents: 10_000_000,
    maxGrantCents: 15_000_000,
    maxCofinancingBp: 10_000,
    minDurationMonths: 6,
    maxDurationMonths: 6,
    timeZone: "Europe/Vienna",
  };
  const grid = {
    max: 50,
    passMark: 30,
    sections: [
      {
        code: "1",
        nameEn: "Relevance of the action",
        nameFr: "Pertinence de l’action",
        criteria: [
          { code: "1.1", nameEn: "Relevance to the objectives of the call", nameFr: "Pertinence par rapport aux objectifs de l’appel", max: 5, weight: 2 },
          { code: "1.2", nameEn: "Relevance to the target countries", nameFr: "Pertinence pour les pays cibles", max: 5, weight: 1 },
        ],
      },
    ],
  };
  const open = await p.call.create({
    data: {
      ...common,
      reference: "MD-2026-01",
      titleEn: "Diaspora engagement for development 2026",
      titleFr: "Engagement de la diaspora pour le développement 2026",
      descriptionEn: "Small grants for diaspora-led projects.",
      descriptionFr: "Petites subventions pour des projets portés par la diaspora.",
      state: "open",
      publishedAt: new Date(),
      fullApplicationDeadline: new Date(Date.now() + 12 * DAY),
      requiredDocuments: [{ code: "statutes", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true }],
      fullApplicationGrid: grid,
    },
  });
  const published = await p.call.create({
    data: { ...common, reference: "MD-2026-02", titleEn: "Labour mobility pilots", titleFr: "Projets pilotes de mobilité de la main-d’œuvre", state: "published", publishedAt: new Date() },
  });
  const closed = await p.call.create({
    data: { ...common, reference: "MD-2025-09", titleEn: "Protection of migrants 2025", titleFr: "Protection des migrants 2025", state: "closed", fullApplicationDeadline: new Date(Date.now() - 30 * DAY) },
  });
  const draft = await p.call.create({
    data: { ...common, reference: "MD-2026-99", titleEn: "Secret draft call", titleFr: "Appel brouillon secret", state: "draft" },
  });
  ids.openCall = open.id;
  ids.publishedCall = published.id;
  ids.closedCall = closed.id;
  ids.draftCall = draft.id;

  await p.proposal.create({ data: { reference: "P-A-1", callId: open.id, organisationId: orgA.id, title: "Alpha remittances project", requestedAmountCents: 12_000_000, state: "submitted", submittedAt: new Date() } });
  await p.proposal.create({ data: { reference: "P-A-2", callId: open.id, organisationId: orgA.id, title: "Alpha second idea", state: "draft" } });
  await p.proposal.create({ data: { reference: "P-B-1", callId: open.id, organisationId: orgB.id, title: "Beta confidential proposal", state: "draft" } });
}

/** Signs in through the login action and returns the Cookie header for later requests. */
async function signInAs(email: string): Promise<string> {
  const res = await callRoute(loginAction, post("/login", { email, password: PASSWORD, redirectTo: "/dashboard" }));
  expect(res.status).toBe(302);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

beforeAll(async () => {
  t = await createTestDb();
  await seed();
});

afterAll(async () => {
  await t?.close();
});

describe("home page", () => {
  it("lists open and announced calls to anonymous visitors, never drafts or closed calls", async () => {
    const res = await callRoute(homeLoader, get("/"));
    expect(res.status).toBe(200);
    const refs = res.data.calls.map((c: { reference: string }) => c.reference);
    expect(refs).toContain("MD-2026-01");
    expect(refs).toContain("MD-2026-02");
    expect(refs).not.toContain("MD-2026-99");
    expect(refs).not.toContain("MD-2025-09");
    const open = res.data.calls.find((c: { reference: string }) => c.reference === "MD-2026-01");
    expect(open.title).toBe("Diaspora engagement for development 2026");
    expect(open.stateLabel).toBe("Open for proposals");
    expect(open.dialogues[0].name).toMatch(/Rabat Process/);
    expect(open.jvapDomains).toEqual([{ code: "D2", name: "Legal migration and mobility" }]);
    expect(JSON.stringify(res.data)).not.toContain("Secret draft call");
  });

  it("speaks French with ?lang=fr", async () => {
    const res = await callRoute(homeLoader, get("/?lang=fr"));
    const open = res.data.calls.find((c: { reference: string }) => c.reference === "MD-2026-01");
    expect(open.title).toBe("Engagement de la diaspora pour le développement 2026");
    expect(open.stateLabel).toBe("Ouvert aux propositions");
    expect(open.dialogues[0].name).toMatch(/Processus de Rabat/);
    expect(open.jvapDomains[0].name).toBe("Migration légale et mobilité");
    const root = await callRoute(rootLoader, get("/?lang=fr"));
    expect(root.data.locale).toBe("fr");
  });

  it("follows the browser's language and the signed-in user's saved locale", async () => {
    const browser = await callRoute(rootLoader, get("/", { headers: { "Accept-Language": "fr-SN,fr;q=0.9,en;q=0.5" } }));
    expect(browser.data.locale).toBe("fr");
    const cookie = await signInAs("evaluator@test.local");
    const saved = await callRoute(rootLoader, get("/", { cookie, headers: { "Accept-Language": "en" } }));
    expect(saved.data.locale).toBe("fr");
  });
});

describe("root shell", () => {
  it("gives anonymous visitors Calls and Sign in", async () => {
    const res = await callRoute(rootLoader, get("/"));
    expect(res.data.user).toBeNull();
    expect(res.data.nav.map((n: { label: string }) => n.label)).toEqual(["nav.calls", "nav.signUp", "nav.signIn"]);
  });

  it("gives a signed-in user minimal fields and the navigation of their role", async () => {
    const cookie = await signInAs("admin@test.local");
    const res = await callRoute(rootLoader, get("/dashboard", { cookie }));
    expect(res.data.user).toEqual({ name: "Adam Admin", role: "ADMIN" });
    expect(res.data.nav.map((n: { label: string }) => n.label)).toEqual(["nav.dashboard", "nav.users", "nav.security", "nav.audit", "nav.account"]);
  });
});

describe("sign in and out", () => {
  it("refuses a wrong password with the generic message and keeps the email, not the password", async () => {
    const res = await callRoute(loginAction, post("/login", { email: "Applicant-A@test.local", password: "wrong password", redirectTo: "/dashboard" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.form).toEqual(["errors.signInFailed"]);
    expect(res.data.values.email).toBe("applicant-a@test.local");
    expect(JSON.stringify(res.data)).not.toContain("wrong password");
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("gives the same answer for an unknown email", async () => {
    const res = await callRoute(loginAction, post("/login", { email: "nobody@test.local", password: "whatever" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.form).toEqual(["errors.signInFailed"]);
  });

  it("reports missing and malformed fields per field, never as a 500", async () => {
    const res = await callRoute(loginAction, post("/login", { email: "not-an-email", password: "" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.email).toEqual(["errors.emailInvalid"]);
    expect(res.data.fieldErrors.password).toEqual(["errors.passwordRequired"]);
    expect(res.data.values.email).toBe("not-an-email");
    expect(res.data.values).not.toHaveProperty("password");
  });

  it("signs in: an HttpOnly, SameSite=Lax session cookie and a redirect", async () => {
    const res = await callRoute(loginAction, post("/login", { email: "applicant-a@test.local", password: PASSWORD, redirectTo: "/calls/abc" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/calls/abc");
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^grants_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it("never redirects off-site after signing in", async () => {
    for (const redirectTo of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      const res = await callRoute(loginAction, post("/login", { email: "applicant-a@test.local", password: PASSWORD, redirectTo }));
      expect(res.headers.get("Location"), redirectTo).toBe("/dashboard");
    }
  });

  it("sends someone already signed in from the sign-in page to the dashboard", async () => {
    const cookie = await signInAs("applicant-a@test.local");
    const res = await callRoute(loginLoader, get("/login", { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    const anonymous = await callRoute(loginLoader, get("/login?redirectTo=%2Fcalls%2Fx"));
    expect(anonymous.data).toEqual({ redirectTo: "/calls/x" });
  });

  it("signs out: the session ends and the cookie is cleared", async () => {
    const cookie = await signInAs("applicant-a@test.local");
    const res = await callRoute(logoutAction, post("/logout", {}, { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    expect(res.headers.get("Set-Cookie")).toMatch(/^grants_session=;.*Max-Age=0/i);
    const after = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(after.status).toBe(401);
    const getLogout = await callRoute(logoutLoader, get("/logout"));
    expect(getLogout.status).toBe(302);
  });
});

describe("dashboard", () => {
  it("is a 401 error response without a session", async () => {
    const res = await callRoute(dashboardLoader, get("/dashboard"));
    expect(res.thrown).toBe(true);
    expect(res.status).toBe(401);
    expect(res.data.error.code).toBe("unauthenticated");
  });

  it("shows an applicant their organisation's proposals and not another organisation's", async () => {
    const cookie = await signInAs("applicant-a@test.local");
    const res = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("applicant");
    expect(res.data.organisations.map((o: { id: string }) => o.id)).toEqual([ids.orgA]);
    const refs = res.data.organisations.flatMap((o: { proposals: { reference: string }[] }) => o.proposals.map((p) => p.reference)).sort();
    expect(refs).toEqual(["P-A-1", "P-A-2"]);
    expect(JSON.stringify(res.data)).not.toContain("Beta confidential proposal");
    const submitted = res.data.organisations[0].proposals.find((p: { reference: string }) => p.reference === "P-A-1");
    expect(submitted.stateLabel).toBe("Submitted");
    expect(submitted.call.title).toBe("Diaspora engagement for development 2026");
    expect(submitted.call.isPublic).toBe(true);
    expect(submitted.nextStep).toMatch(/check it for completeness/);
  });

  it("shows a grant manager every call with its proposal count and the counts by state", async () => {
    const cookie = await signInAs("manager@test.local");
    const res = await callRoute(dashboardLoader, get("/dashboard?lang=fr", { cookie }));
    expect(res.data.kind).toBe("manager");
    const open = res.data.calls.find((c: { reference: string }) => c.reference === "MD-2026-01");
    expect(open.proposalCount).toBe(3);
    expect(open.stateLabel).toBe("Ouvert");
    expect(res.data.calls.map((c: { reference: string }) => c.reference)).toContain("MD-2026-99");
    const byState = Object.fromEntries(res.data.byState.map((s: { state: string; count: number }) => [s.state, s.count]));
    expect(byState).toMatchObject({ draft: 1, published: 1, open: 1, closed: 1, awarded: 0 });
  });

  it("shows an evaluator the placeholder and the number of open calls", async () => {
    const cookie = await signInAs("evaluator@test.local");
    const res = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(res.data).toMatchObject({ kind: "evaluator", openCalls: 2 });
  });

  it("shows an admin the users by role and the latest audit events", async () => {
    const cookie = await signInAs("admin@test.local");
    const res = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(res.data.kind).toBe("admin");
    const byRole = Object.fromEntries(res.data.users.map((u: { role: string; count: number }) => [u.role, u.count]));
    expect(byRole).toEqual({ APPLICANT: 2, EVALUATOR: 1, GRANT_MANAGER: 1, ADMIN: 1 });
    expect(res.data.events.length).toBeGreaterThan(0);
    expect(res.data.events.length).toBeLessThanOrEqual(20);
    expect(res.data.events[0].action).toBe("sign_in");
    expect(res.data.events[0].actorName).toBe("Adam Admin");
  });
});

describe("call page", () => {
  it("shows an open call to anonymous visitors with its grid and documents", async () => {
    const res = await callRoute(callLoader, get(`/calls/${ids.openCall}`), { callId: ids.openCall });
    expect(res.status).toBe(200);
    const call = res.data.call;
    expect(call.title).toBe("Diaspora engagement for development 2026");
    expect(call.isPublic).toBe(true);
    expect(call.applicantTypes[0].code).toBe("CSO");
    expect(call.requiredDocuments).toEqual([{ code: "statutes", name: "Statutes", stage: "full_application", required: true }]);
    expect(call.grids).toHaveLength(1);
    expect(call.grids[0].sections[0].total).toBe(15);
    expect(call.grids[0].passMark).toBe(30);
    expect(call.fullApplicationDeadline).not.toBeNull();
  });

  it("shows a closed call, in French with ?lang=fr", async () => {
    const res = await callRoute(callLoader, get(`/calls/${ids.closedCall}?lang=fr`), { callId: ids.closedCall });
    expect(res.status).toBe(200);
    expect(res.data.call.title).toBe("Protection des migrants 2025");
  });

  it("is a 404 for a draft call to anonymous visitors and applicants", async () => {
    const anonymous = await callRoute(callLoader, get(`/calls/${ids.draftCall}`), { callId: ids.draftCall });
    expect(anonymous.status).toBe(404);
    expect(anonymous.data.error.message).toBe("errors.notFound");
    expect(JSON.stringify(anonymous.data)).not.toContain("Secret draft call");
    const cookie = await signInAs("applicant-a@test.local");
    const applicant = await callRoute(callLoader, get(`/calls/${ids.draftCall}`, { cookie }), { callId: ids.draftCall });
    expect(applicant.status).toBe(404);
  });

  it("lets staff preview a draft call", async () => {
    const cookie = await signInAs("manager@test.local");
    const res = await callRoute(callLoader, get(`/calls/${ids.draftCall}`, { cookie }), { callId: ids.draftCall });
    expect(res.status).toBe(200);
    expect(res.data.call.isPublic).toBe(false);
    expect(res.data.call.staffStateLabel).toBe("Draft");
  });

  it("is a 404 for an unknown call", async () => {
    const res = await callRoute(callLoader, get("/calls/does-not-exist"), { callId: "does-not-exist" });
    expect(res.status).toBe(404);
  });
});

describe("language switch", () => {
  it("sets the lang cookie and goes back to the page without ?lang=", async () => {
    const res = await callRoute(languageAction, post("/language", { lang: "fr", redirectTo: "/calls/x?lang=en&tab=1" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/calls/x?tab=1");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^lang=fr;/);
    const root = await callRoute(rootLoader, get("/", { cookie: cookieFrom(cookie) }));
    expect(root.data.locale).toBe("fr");
  });

  it("never redirects off-site", async () => {
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/a/..//evil.example"]) {
      const res = await callRoute(languageAction, post("/language", { lang: "en", redirectTo }));
      const location = res.headers.get("Location") ?? "";
      expect(location.startsWith("/") && !location.startsWith("//"), `${redirectTo} → ${location}`).toBe(true);
    }
  });

  it("refuses an unknown language with a field error", async () => {
    const res = await callRoute(languageAction, post("/language", { lang: "de", redirectTo: "/" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.lang).toEqual(["errors.languageInvalid"]);
  });
});
