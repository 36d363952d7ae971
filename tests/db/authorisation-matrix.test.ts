// Every route of the app (read from the built route manifest, so a new route cannot be
// forgotten) visited as six people: anonymous, an applicant of organisation A, one of
// organisation B, an evaluator, a grant manager and an admin. Each answer must match the
// table below; organisation B never reaches A's records, and no post ever gets a 5xx.
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";
import { buildWorld, PERSONAS, type Persona, type World } from "../support/personas.ts";

type Expect = Record<Persona, number>;
const row = (anonymous: number, applicantA: number, applicantB: number, evaluator: number, manager: number, admin: number): Expect => ({ anonymous, applicantA, applicantB, evaluator, manager, admin });

const PUBLIC = row(200, 200, 200, 200, 200, 200);
const SIGNED_IN = row(401, 200, 200, 200, 200, 200);
const ADMIN_ONLY = row(401, 403, 403, 403, 403, 200);
const STAFF_ONLY = row(401, 403, 403, 200, 200, 200);
const MANAGER_ONLY = row(401, 403, 403, 403, 200, 403);
const MANAGER_OR_ADMIN = row(401, 403, 403, 403, 200, 200);
const ANONYMOUS_ONLY = row(200, 302, 302, 302, 302, 302);
const REDIRECT = row(302, 302, 302, 302, 302, 302);

/** Route id → the paths that exercise it and what each person must get. */
function table(w: World): Record<string, { path: string; expect: Expect }[]> {
  return {
    root: [],
    "routes/_index": [{ path: "/", expect: PUBLIC }],
    "routes/$": [{ path: "/no-such-page", expect: row(404, 404, 404, 404, 404, 404) }],
    "routes/healthz": [{ path: "/healthz", expect: PUBLIC }],
    // A page with the language choice, for browsers without JavaScript.
    "routes/language": [{ path: "/language", expect: PUBLIC }],
    "routes/login": [{ path: "/login", expect: ANONYMOUS_ONLY }],
    "routes/login_.two-factor": [{ path: "/login/two-factor", expect: REDIRECT }],
    "routes/logout": [{ path: "/logout", expect: REDIRECT }],
    "routes/signup": [{ path: "/signup", expect: ANONYMOUS_ONLY }],
    "routes/forgot-password": [{ path: "/forgot-password", expect: PUBLIC }],
    // A bad link shows a page that says so and offers a new one.
    "routes/reset-password": [{ path: "/reset-password?token=not-a-token", expect: PUBLIC }],
    "routes/verify-email._index": [{ path: "/verify-email?token=not-a-token", expect: PUBLIC }],
    "routes/verify-email.resend": [{ path: "/verify-email/resend", expect: PUBLIC }],
    "routes/verify-email.pending": [{ path: "/verify-email/pending", expect: row(401, 302, 302, 302, 302, 302) }],
    "routes/invitations.$token": [{ path: "/invitations/not-a-token", expect: PUBLIC }],
    "routes/staff-invitation.$token": [{ path: "/staff-invitation/not-a-token", expect: row(410, 410, 410, 410, 410, 410) }],
    "routes/dev.outbox": [{ path: "/dev/outbox", expect: PUBLIC }],
    "routes/dashboard": [{ path: "/dashboard", expect: SIGNED_IN }],
    "routes/calls._index": [{ path: "/calls", expect: PUBLIC }],
    "routes/calls.$callId": [
      { path: `/calls/${w.openCall}`, expect: PUBLIC },
      // Drafts are not public; staff may preview them.
      { path: `/calls/${w.draftCall}`, expect: row(404, 404, 404, 404, 200, 200) },
      { path: "/calls/no-such-call", expect: row(404, 404, 404, 404, 404, 404) },
    ],
    "routes/account._index": [{ path: "/account", expect: SIGNED_IN }],
    "routes/account.sessions": [{ path: "/account/sessions", expect: SIGNED_IN }],
    "routes/account.two-factor": [{ path: "/account/two-factor", expect: STAFF_ONLY }],
    "routes/admin.users._index": [{ path: "/admin/users", expect: ADMIN_ONLY }],
    "routes/admin.users.invite": [{ path: "/admin/users/invite", expect: ADMIN_ONLY }],
    "routes/admin.users.$userId": [{ path: `/admin/users/${w.users.applicantA.id}`, expect: ADMIN_ONLY }],
    "routes/admin.invitations": [{ path: "/admin/invitations", expect: ADMIN_ONLY }],
    "routes/admin.security": [{ path: "/admin/security", expect: ADMIN_ONLY }],
    "routes/admin.audit": [{ path: "/admin/audit", expect: MANAGER_OR_ADMIN }],
    // An applicant with one organisation is taken straight to it.
    "routes/organisation._index": [{ path: "/organisation", expect: row(401, 302, 302, 403, 403, 403) }],
    "routes/organisation.new": [{ path: "/organisation/new", expect: row(401, 200, 200, 403, 403, 403) }],
    "routes/organisation.members": [{ path: "/organisation/members", expect: row(401, 302, 302, 403, 403, 403) }],
    "routes/organisation.$organisationId._index": [{ path: `/organisation/${w.orgA}`, expect: row(401, 200, 404, 404, 200, 200) }],
    // Staff who may read an organisation learn that it exists, but only its members and admins edit it.
    "routes/organisation.$organisationId.edit": [{ path: `/organisation/${w.orgA}/edit`, expect: row(401, 200, 404, 404, 403, 200) }],
    "routes/organisation.$organisationId.members": [{ path: `/organisation/${w.orgA}/members`, expect: row(401, 200, 404, 404, 200, 200) }],
    // A presigned link for members and grant managers; admins manage accounts, not documents.
    "routes/organisation.documents.$documentId.download": [{ path: `/organisation/documents/${w.documentA}/download`, expect: row(401, 302, 404, 404, 302, 404) }],
    "routes/manage.calls._index": [{ path: "/manage/calls", expect: MANAGER_OR_ADMIN }],
    "routes/manage.calls.new": [{ path: "/manage/calls/new", expect: MANAGER_ONLY }],
    "routes/manage.calls.$callId._index": [{ path: `/manage/calls/${w.draftCall}`, expect: MANAGER_OR_ADMIN }],
    "routes/manage.calls.$callId.edit": [{ path: `/manage/calls/${w.draftCall}/edit`, expect: MANAGER_ONLY }],
    // Admins may read a call's notices; only grant managers post them.
    "routes/manage.calls.$callId.proposals": [{ path: `/manage/calls/${w.openCall}/proposals`, expect: MANAGER_ONLY }],
    "routes/manage.calls.$callId.proposals[.]csv": [{ path: `/manage/calls/${w.openCall}/proposals.csv`, expect: MANAGER_ONLY }],
    "routes/manage.proposals.$proposalId": [
      { path: `/manage/proposals/${w.submittedProposalA}`, expect: MANAGER_ONLY },
      // Staff never see a draft: it is the applicant's until submitted.
      { path: `/manage/proposals/${w.proposalA}`, expect: row(401, 403, 403, 403, 404, 403) },
    ],
    "routes/api.uploads": [{ path: "/api/uploads", expect: row(405, 405, 405, 405, 405, 405) }],
    "routes/api.uploads.$documentId.complete": [{ path: `/api/uploads/${w.documentA}/complete`, expect: row(405, 405, 405, 405, 405, 405) }],
    "routes/documents.$documentId.download": [{ path: `/documents/${w.documentA}/download`, expect: row(401, 302, 404, 404, 302, 404) }],
    "routes/proposals.$proposalId.documents": [{ path: `/proposals/${w.proposalA}/documents`, expect: row(401, 200, 404, 404, 200, 404) }],
    // Staff have no proposals of their own: the list is simply empty for them.
    "routes/proposals._index": [{ path: "/proposals", expect: SIGNED_IN }],
    // Organisation A already has a proposal for this call and is taken to it.
    "routes/proposals.new": [{ path: `/proposals/new?call=${w.openCall}`, expect: row(401, 302, 200, 403, 403, 403) }],
    "routes/proposals.$proposalId._index": [{ path: `/proposals/${w.proposalA}`, expect: row(401, 200, 404, 404, 404, 403) }],
    "routes/proposals.$proposalId.$section": [{ path: `/proposals/${w.proposalA}/summary`, expect: row(401, 200, 404, 404, 404, 403) }],
    "routes/proposals.$proposalId.submit": [{ path: `/proposals/${w.proposalA}/submit`, expect: row(401, 200, 404, 404, 404, 403) }],
    "routes/proposals.$proposalId.receipt": [{ path: `/proposals/${w.submittedProposalA}/receipt`, expect: row(401, 200, 404, 404, 404, 403) }],
    "routes/manage.calls.$callId.notices": [{ path: `/manage/calls/${w.openCall}/notices`, expect: MANAGER_OR_ADMIN }],
    // Reports: the grantee's members write them (grant managers are sent to the review page);
    // managers review submitted ones (of a draft they see the due date, not the content).
    "routes/grants.$grantId.reports.$reportId": [{ path: `/grants/${w.grantA}/reports/${w.reportA}`, expect: row(401, 200, 404, 403, 302, 403) }],
    "routes/manage.reports._index": [{ path: "/manage/reports", expect: MANAGER_ONLY }],
    // Grants: managers prepare (from a proposal; not-awarded ones get a page saying so), edit and pay;
    // the grantee's members read their own grant (managers are sent to the staff page).
    "routes/manage.grants.new": [
      { path: `/manage/grants/new?proposalId=${w.evaluatedProposalA}`, expect: MANAGER_ONLY },
      { path: "/manage/grants/new?proposalId=no-such-proposal", expect: row(401, 403, 403, 403, 404, 403) },
    ],
    "routes/manage.grants.$grantId._index": [
      { path: `/manage/grants/${w.grantA}`, expect: MANAGER_ONLY },
      { path: "/manage/grants/no-such-grant", expect: row(401, 403, 403, 403, 404, 403) },
    ],
    "routes/manage.grants.$grantId.contract": [{ path: `/manage/grants/${w.grantA}/contract`, expect: MANAGER_ONLY }],
    "routes/manage.grants.$grantId.payments": [{ path: `/manage/grants/${w.grantA}/payments`, expect: MANAGER_ONLY }],
    "routes/grants._index": [{ path: "/grants", expect: row(401, 200, 200, 403, 302, 403) }],
    "routes/grants.$grantId._index": [
      { path: `/grants/${w.grantA}`, expect: row(401, 200, 404, 403, 302, 403) },
      { path: "/grants/no-such-grant", expect: row(401, 404, 404, 403, 302, 403) },
    ],
    "routes/manage.reports.$reportId": [
      { path: `/manage/reports/${w.reportA}`, expect: MANAGER_ONLY },
      { path: "/manage/reports/no-such-report", expect: row(401, 403, 403, 403, 404, 403) },
    ],
    // The assessor's pages: evaluators only (grant managers read evaluations on their own pages).
    "routes/assess._index": [{ path: "/assess", expect: row(401, 403, 403, 200, 403, 403) }],
    "routes/assess.calls.$callId.declaration": [
      { path: `/assess/calls/${w.evaluationCall}/declaration`, expect: row(401, 403, 403, 200, 403, 403) },
      // No assignment in the open call: the assessor learns nothing of it.
      { path: `/assess/calls/${w.openCall}/declaration`, expect: row(401, 403, 403, 404, 403, 403) },
    ],
    "routes/assess.$evaluationId": [
      { path: `/assess/${w.evaluationA}`, expect: row(401, 403, 403, 200, 403, 403) },
      { path: "/assess/no-such-evaluation", expect: row(401, 403, 403, 404, 403, 403) },
    ],
    // documentA is organisation A's but was not submitted with the evaluated proposal.
    "routes/assess.$evaluationId.documents.$documentId": [{ path: `/assess/${w.evaluationA}/documents/${w.documentA}`, expect: row(401, 403, 403, 404, 403, 403) }],
    // The portfolio and its exports: grant managers only (admins have no right on grants).
    "routes/manage.portfolio": [
      { path: "/manage/portfolio", expect: MANAGER_ONLY },
      { path: `/manage/portfolio?callId=${w.evaluationCall}&status=in_implementation&page=2`, expect: MANAGER_ONLY },
    ],
    "routes/manage.portfolio.grants[.]csv": [{ path: "/manage/portfolio/grants.csv", expect: MANAGER_ONLY }],
    "routes/manage.portfolio.jvap[.]csv": [{ path: "/manage/portfolio/jvap.csv", expect: MANAGER_ONLY }],
    "routes/manage.portfolio.jvap[.]json": [{ path: "/manage/portfolio/jvap.json", expect: MANAGER_ONLY }],
    "routes/manage.workflows": [{ path: "/manage/workflows", expect: MANAGER_OR_ADMIN }],
    // The grant manager's evaluation pages: assignment, results and their export, one evaluation.
    "routes/manage.calls.$callId.evaluation": [
      { path: `/manage/calls/${w.evaluationCall}/evaluation`, expect: MANAGER_ONLY },
      { path: `/manage/calls/${w.evaluationCall}/evaluation?stage=FULL_APPLICATION`, expect: MANAGER_ONLY },
      { path: "/manage/calls/no-such-call/evaluation", expect: row(401, 403, 403, 403, 404, 403) },
    ],
    "routes/manage.calls.$callId.results": [
      { path: `/manage/calls/${w.evaluationCall}/results?stage=CONCEPT_NOTE`, expect: MANAGER_ONLY },
      { path: "/manage/calls/no-such-call/results", expect: row(401, 403, 403, 403, 404, 403) },
    ],
    "routes/manage.calls.$callId.results[.]csv": [{ path: `/manage/calls/${w.evaluationCall}/results.csv?stage=CONCEPT_NOTE`, expect: MANAGER_ONLY }],
    "routes/manage.evaluations.$evaluationId": [
      { path: `/manage/evaluations/${w.evaluationA}`, expect: MANAGER_ONLY },
      { path: "/manage/evaluations/no-such-evaluation", expect: row(401, 403, 403, 403, 404, 403) },
    ],
  };
}

let t: TestDb;
let app: HttpApp;
let world: World;
let build: ServerBuild;

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  world = await buildWorld(t.prisma);
  build = (await import(/* @vite-ignore */ path.resolve("build/server/index.js"))) as ServerBuild;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

async function visit(pathname: string, persona: Persona, method = "GET"): Promise<number> {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    redirect: "manual",
    headers: { Cookie: world.cookies[persona], ...(method === "GET" ? {} : { ...sameOrigin(app.url), "Content-Type": "application/x-www-form-urlencoded" }) },
    body: method === "GET" ? undefined : "",
  });
  await res.arrayBuffer();
  return res.status === 303 ? 302 : res.status;
}

describe("the authorisation matrix", () => {
  it("has an expectation for every route in the manifest", () => {
    const known = Object.keys(table(world));
    const routes = Object.keys(build.routes);
    expect(routes.filter((id) => !known.includes(id)), "routes without an expectation").toEqual([]);
    expect(known.filter((id) => !routes.includes(id)), "expectations for routes that no longer exist").toEqual([]);
  });

  it("answers every route as expected for every person", async () => {
    const mismatches: string[] = [];
    let visits = 0;
    for (const [id, cases] of Object.entries(table(world))) {
      for (const c of cases) {
        for (const persona of PERSONAS) {
          const status = await visit(c.path, persona);
          visits += 1;
          if (status !== c.expect[persona]) mismatches.push(`${id} ${c.path} as ${persona}: got ${status}, expected ${c.expect[persona]}`);
        }
      }
    }
    console.log(`authorisation matrix: ${Object.keys(build.routes).length} routes, ${visits} visits (${PERSONAS.length} people)`);
    expect(mismatches).toEqual([]);
  }, 240_000);

  it("never answers an empty post with a 5xx, and refuses anonymous posts to private routes", async () => {
    const failures: string[] = [];
    for (const [id, cases] of Object.entries(table(world))) {
      const route = build.routes[id];
      // Signing out would end the sessions the other checks use; it is tested on its own.
      if (!route?.module.action || !cases[0] || id === "routes/logout") continue;
      for (const persona of PERSONAS) {
        const status = await visit(cases[0].path, persona, "POST");
        if (status >= 500) failures.push(`${id} as ${persona}: ${status}`);
        if (cases[0].expect.anonymous === 401 && persona === "anonymous" && status !== 401) failures.push(`${id} anonymous post: ${status}, expected 401`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("keeps organisation A's records out of organisation B's reach, by URL and by form", async () => {
    const before = await t.prisma.organisation.findUniqueOrThrow({ where: { id: world.orgA } });
    const post = (p: string, fields: Record<string, string>) =>
      fetch(`${app.url}${p}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: world.cookies.applicantB, ...sameOrigin(app.url), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      }).then((r) => r.status);
    expect(await post(`/organisation/${world.orgA}/edit`, { legalName: "Taken over", typeCode: "CSO", countryCode: "SN" })).toBe(404);
    expect(await post(`/organisation/${world.orgA}/members`, { intent: "invite", email: "intruder@example.org" })).toBe(404);
    const after = await t.prisma.organisation.findUniqueOrThrow({ where: { id: world.orgA } });
    expect(after.legalName).toBe(before.legalName);
    expect(await t.prisma.authToken.count({ where: { email: "intruder@example.org" } })).toBe(0);
    const page = await fetch(`${app.url}/organisation/${world.orgA}`, { headers: { Cookie: world.cookies.applicantB } });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("Association Teranga Migration");
  });
});
