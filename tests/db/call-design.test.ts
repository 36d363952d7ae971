// Designing a call through its pages' loaders and actions, against a real database: a grant
// manager starts a draft, saves it half-done, is told what is missing, completes it,
// publishes and opens it; a published call takes a deadline extension and a clarification
// as notices and refuses anything else. Applicants, evaluators and anonymous visitors are
// refused on every page and every action (posted directly); bad input never makes a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { callToFormValues, formValuesToFields, type CallFormValues } from "~/modules/calls/call-schema.ts";
import { CALL_JOBS } from "~/modules/calls/deadlines.server.ts";
import { action as overviewAction, loader as overviewLoader } from "~/routes/manage.calls.$callId._index.tsx";
import { action as editAction, loader as editLoader } from "~/routes/manage.calls.$callId.edit.tsx";
import { action as noticesAction, loader as noticesLoader } from "~/routes/manage.calls.$callId.notices.tsx";
import { loader as listLoader } from "~/routes/manage.calls._index.tsx";
import { action as newAction, loader as newLoader } from "~/routes/manage.calls.new.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { startJobs, stopJobs } from "~/utils/jobs.server.ts";
import { instantToLocalString } from "~/utils/zoned-time.ts";
import { callRoute, cookieFrom, get, post, type RouteResult } from "../support/route-call.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const PASSWORD = "correct horse battery staple";
const DAY = 86_400_000;
const ZONE = "Europe/Vienna";

let t: TestDb;
const cookies = { manager: "", admin: "", applicant: "", evaluator: "" };

/** A browser form post with repeated fields (name[] lists). */
function postFields(path: string, fields: [string, string][], cookie?: string): Request {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

async function signInAs(email: string): Promise<string> {
  const res = await callRoute(loginAction, post("/login", { email, password: PASSWORD, redirectTo: "/dashboard" }));
  expect(res.status).toBe(302);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

const callRow = (id: string) => t.prisma.call.findUniqueOrThrow({ where: { id } });
const audits = (id: string) => t.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { at: "asc" } });
const local = (daysFromNow: number, time = "17:00") => `${instantToLocalString(new Date(Date.now() + daysFromNow * DAY), ZONE).slice(0, 10)}T${time}`;
const idFromLocation = (res: RouteResult) => /\/manage\/calls\/([^/?]+)/.exec(res.headers.get("Location") ?? "")?.[1] ?? "";

async function newDraft(procedure: "OPEN" | "RESTRICTED", titleEn = ""): Promise<string> {
  const res = await callRoute(newAction, post("/manage/calls/new", { procedure, titleEn, titleFr: "" }, { cookie: cookies.manager }));
  expect(res.status).toBe(302);
  return idFromLocation(res);
}

async function formValues(id: string): Promise<{ values: CallFormValues; version: number }> {
  const res = await callRoute(editLoader, get(`/manage/calls/${id}/edit`, { cookie: cookies.manager }), { callId: id });
  expect(res.status).toBe(200);
  return { values: res.data.values, version: res.data.call.version };
}

function save(id: string, values: CallFormValues, version: number, cookie = cookies.manager, extra: [string, string][] = [["intent", "save"]]) {
  return callRoute(editAction, postFields(`/manage/calls/${id}/edit`, [...formValuesToFields(values, version), ...extra], cookie), { callId: id });
}

/** Everything a restricted call needs, on top of the default grids it starts with. */
function complete(values: CallFormValues): CallFormValues {
  return {
    ...values,
    titleEn: "Migration and mobility partnerships 2027",
    titleFr: "Partenariats pour la migration et la mobilité 2027",
    descriptionEn: "Restricted call: concept notes first.",
    descriptionFr: "Appel restreint : notes succinctes d’abord.",
    dialogueCodes: ["RABAT", "KHARTOUM"],
    jvapDomainCodes: ["D2", "D5"],
    applicantTypeCodes: ["CSO", "DIASPORA"],
    leadLocations: ["AU", "EU"],
    targetMaxCountries: "3",
    targetMinAuCountries: "1",
    allowAlone: true,
    maxCoApplicants: "2",
    exactCoApplicants: "",
    euLeadNeedsAuCoApplicant: true,
    diasporaExempt: true,
    totalBudget: "1 200 000",
    minGrant: "100,000",
    maxGrant: "300 000,00",
    maxCofinancing: "90",
    conceptNoteDeadline: local(30),
    fullApplicationDeadline: local(90),
    documents: [{ key: "d0", code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note succincte", stage: "CONCEPT_NOTE", required: true }],
  };
}

beforeAll(async () => {
  t = await createTestDb();
  const hash = await hashPassword(PASSWORD);
  const org = await t.prisma.organisation.create({ data: { legalName: "Association Test", typeCode: "CSO", countryCode: "SN" } });
  await t.prisma.user.create({ data: { email: "manager@test.local", name: "Marie Manager", passwordHash: hash, role: "GRANT_MANAGER" } });
  await t.prisma.user.create({ data: { email: "admin@test.local", name: "Adam Admin", passwordHash: hash, role: "ADMIN" } });
  await t.prisma.user.create({ data: { email: "evaluator@test.local", name: "Eve Evaluator", passwordHash: hash, role: "EVALUATOR" } });
  await t.prisma.user.create({ data: { email: "applicant@test.local", name: "Awa Applicant", passwordHash: hash, role: "APPLICANT", memberships: { create: { organisationId: org.id, role: "OWNER" } } } });
  cookies.manager = await signInAs("manager@test.local");
  cookies.admin = await signInAs("admin@test.local");
  cookies.evaluator = await signInAs("evaluator@test.local");
  cookies.applicant = await signInAs("applicant@test.local");
  await startJobs({ definitions: CALL_JOBS.filter((d) => !d.cron), pglite: t.pglite, target: t.url ? { kind: "postgres", url: t.url } : undefined, pollingIntervalSeconds: 60 });
});

afterAll(async () => {
  await stopJobs();
  await t?.close();
});

describe("a grant manager designs a restricted call from start to opening", () => {
  let id = "";

  it("starts a draft: a reference, the default grids, an audit row", async () => {
    const page = await callRoute(newLoader, get("/manage/calls/new", { cookie: cookies.manager }));
    expect(page.status).toBe(200);
    id = await newDraft("RESTRICTED", "Working title");
    const row = await callRow(id);
    expect(row).toMatchObject({ state: "draft", procedure: "RESTRICTED", titleEn: "Working title", version: 0, timeZone: ZONE });
    expect(row.reference).toMatch(/^MMD-\d{4}-\d{2}$/);
    expect((row.conceptNoteGrid as { max: number }).max).toBe(50);
    expect((row.fullApplicationGrid as { max: number }).max).toBe(100);
    expect((await audits(id)).map((a) => a.action)).toEqual(["call_created"]);
    // It is listed, in staff words.
    const list = await callRoute(listLoader, get("/manage/calls", { cookie: cookies.manager }));
    expect(list.data.calls.find((c: { id: string }) => c.id === id)).toMatchObject({ stateLabel: "Draft", proposalCount: 0 });
    expect(list.data.canCreate).toBe(true);
  });

  it("saves a half-done draft and keeps exactly what was typed", async () => {
    const { values, version } = await formValues(id);
    const res = await save(id, { ...values, titleFr: "Titre provisoire", totalBudget: "1 200 000,50", dialogueCodes: ["RABAT"] }, version);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/manage/calls/${id}/edit?saved=1`);
    const row = await callRow(id);
    expect(row).toMatchObject({ titleFr: "Titre provisoire", totalBudgetCents: 120_000_050, dialogueCodes: ["RABAT"], version: 1, state: "draft" });
    const again = await formValues(id);
    expect(again.values).toMatchObject({ titleEn: "Working title", titleFr: "Titre provisoire", totalBudget: "1200000.50", dialogueCodes: ["RABAT"] });
    const saved = (await audits(id)).at(-1)!;
    expect(saved).toMatchObject({ action: "call_draft_saved", entityType: "call" });
    expect((saved.data as { changed: string[] }).changed.sort()).toEqual(["dialogueCodes", "titleFr", "totalBudgetCents"]);
  });

  it("refuses to publish the incomplete call, listing the problems, and changes nothing", async () => {
    const overview = await callRoute(overviewLoader, get(`/manage/calls/${id}`, { cookie: cookies.manager }), { callId: id });
    const listed = overview.data.problems.map((p: { field: string }) => p.field);
    expect(listed).toEqual(expect.arrayContaining(["descriptionEn", "jvapDomainCodes", "minGrant", "conceptNoteDeadline", "fullApplicationDeadline"]));
    expect(overview.data.events).toEqual(["PUBLISH", "ARCHIVE"]);

    const res = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "PUBLISH", version: "1" }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(422);
    expect(res.data.formError).toMatch(/cannot be published yet/);
    expect(res.data.problems.map((p: { field: string }) => p.field)).toEqual(listed);
    expect(await callRow(id)).toMatchObject({ state: "draft", version: 1, publishedAt: null });
    expect((await audits(id)).map((a) => a.action)).not.toContain("PUBLISH");
  });

  it("publishes once complete: state, date, audit", async () => {
    const { values, version } = await formValues(id);
    expect((await save(id, complete(values), version)).status).toBe(302);
    const overview = await callRoute(overviewLoader, get(`/manage/calls/${id}`, { cookie: cookies.manager }), { callId: id });
    expect(overview.data.problems).toEqual([]);

    const res = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "PUBLISH", version: "2" }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/manage/calls/${id}?done=PUBLISH`);
    const row = await callRow(id);
    expect(row.state).toBe("published");
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(row).toMatchObject({ totalBudgetCents: 120_000_000, minGrantCents: 10_000_000, maxGrantCents: 30_000_000, maxCofinancingBp: 9_000 });
    const manager = await t.prisma.user.findUniqueOrThrow({ where: { email: "manager@test.local" } });
    expect((await audits(id)).at(-1)).toMatchObject({ action: "PUBLISH", fromState: "draft", toState: "published", actorId: manager.id });
  });

  it("opens the call and schedules its closing at the concept-note deadline", async () => {
    const before = await callRow(id);
    const overview = await callRoute(overviewLoader, get(`/manage/calls/${id}`, { cookie: cookies.manager }), { callId: id });
    expect(overview.data.events).toEqual(["OPEN"]);
    const res = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "OPEN", version: String(before.version) }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(302);
    expect((await callRow(id)).state).toBe("open");
    const jobs = await t.prisma.$queryRawUnsafe<{ start_after: Date }[]>(`SELECT start_after FROM pgboss.job WHERE name = 'close-call' AND data->>'callId' = $1`, id);
    expect(jobs.map((j) => new Date(j.start_after).toISOString())).toEqual([before.conceptNoteDeadline!.toISOString()]);
  });

  it("refuses a budget change on the open call, with the reason, and keeps the stored budget", async () => {
    const row = await callRow(id);
    const values = callToFormValues(row);
    const res = await save(id, { ...values, totalBudget: "5,000,000" }, row.version);
    expect(res.status).toBe(422);
    expect(res.data.fieldErrors.form).toEqual(["callDesign.error.notDraft"]);
    expect(res.data.values.totalBudget).toBe("5,000,000");
    expect(await callRow(id)).toMatchObject({ totalBudgetCents: 120_000_000, version: row.version });
    // The edit page itself says so instead of showing the form.
    const page = await callRoute(editLoader, get(`/manage/calls/${id}/edit`, { cookie: cookies.manager }), { callId: id });
    expect(page.data).toMatchObject({ editable: false, values: null });
  });

  it("extends the concept-note deadline: later only, announced as a notice, closing rescheduled", async () => {
    const row = await callRow(id);
    const shorter = await callRoute(
      noticesAction,
      post(`/manage/calls/${id}/notices`, { _form: "extension", version: String(row.version), deadline: "conceptNoteDeadline", newDeadline: local(20) }, { cookie: cookies.manager }),
      { callId: id },
    );
    expect(shorter.status).toBe(400);
    expect(shorter.data.fieldErrors.newDeadline).toEqual(["callDesign.error.deadlineNotLater"]);
    expect(shorter.data.values.newDeadline).toBe(local(20));
    const pastFull = await callRoute(
      noticesAction,
      post(`/manage/calls/${id}/notices`, { _form: "extension", version: String(row.version), deadline: "conceptNoteDeadline", newDeadline: local(95) }, { cookie: cookies.manager }),
      { callId: id },
    );
    expect(pastFull.data.fieldErrors.newDeadline).toEqual(["callDesign.error.conceptNoteAfterFull"]);
    expect(await callRow(id)).toMatchObject({ version: row.version, conceptNoteDeadline: row.conceptNoteDeadline });
    expect(await t.prisma.callNotice.count({ where: { callId: id } })).toBe(0);

    const res = await callRoute(
      noticesAction,
      post(
        `/manage/calls/${id}/notices`,
        { _form: "extension", version: String(row.version), deadline: "conceptNoteDeadline", newDeadline: local(44, "12:00"), reasonEn: "Many asked for more time.", reasonFr: "Beaucoup ont demandé plus de temps." },
        { cookie: cookies.manager },
      ),
      { callId: id },
    );
    expect(res.status).toBe(302);
    const after = await callRow(id);
    expect(instantToLocalString(after.conceptNoteDeadline, ZONE)).toBe(local(44, "12:00"));
    expect(after.version).toBe(row.version + 1);
    const notice = await t.prisma.callNotice.findFirstOrThrow({ where: { callId: id } });
    expect(notice).toMatchObject({ kind: "deadline_extension", data: { field: "conceptNoteDeadline", from: row.conceptNoteDeadline!.toISOString(), to: after.conceptNoteDeadline!.toISOString() } });
    expect(notice.textEn).toMatch(/^The concept note deadline is extended from .+ \(Vienna time\) to .+12:00 \(Vienna time\)\. Many asked for more time\.$/);
    expect(notice.textFr).toMatch(/^La date limite des notes succinctes est prolongée du .+ \(heure de Vienne\)\. Beaucoup ont demandé plus de temps\.$/);
    expect((await audits(id)).at(-1)).toMatchObject({ action: "call_deadline_extended" });
    // The notice shows on the overview, in the reader's language.
    const overview = await callRoute(overviewLoader, get(`/manage/calls/${id}?lang=fr`, { cookie: cookies.manager }), { callId: id });
    expect(overview.data.notices).toEqual([expect.objectContaining({ kind: "deadline_extension", text: notice.textFr })]);
    const jobs = await t.prisma.$queryRawUnsafe<{ start_after: Date }[]>(`SELECT start_after FROM pgboss.job WHERE name = 'close-call' AND data->>'callId' = $1 ORDER BY start_after`, id);
    expect(jobs.map((j) => new Date(j.start_after).toISOString())).toContain(after.conceptNoteDeadline!.toISOString());
  });

  it("publishes a clarification that corrects the description", async () => {
    const row = await callRow(id);
    const res = await callRoute(
      noticesAction,
      post(
        `/manage/calls/${id}/notices`,
        { _form: "clarification", version: String(row.version), textEn: "Co-applicants may be universities.", textFr: "Les codemandeurs peuvent être des universités.", descriptionEn: "Restricted call: concept notes first. Universities may be co-applicants.", descriptionFr: row.descriptionFr },
        { cookie: cookies.manager },
      ),
      { callId: id },
    );
    expect(res.status).toBe(302);
    const after = await callRow(id);
    expect(after.descriptionEn).toBe("Restricted call: concept notes first. Universities may be co-applicants.");
    expect(after.descriptionFr).toBe(row.descriptionFr);
    const notices = await callRoute(noticesLoader, get(`/manage/calls/${id}/notices`, { cookie: cookies.manager }), { callId: id });
    expect(notices.data.notices.map((n: { kind: string }) => n.kind)).toEqual(["clarification", "deadline_extension"]);
    expect((await audits(id)).at(-1)).toMatchObject({ action: "call_clarified", data: expect.objectContaining({ descriptionChanged: true }) });
  });
});

describe("two managers at once", () => {
  it("refuses a save made on a stale version, keeping the typed values, and names the conflict", async () => {
    const id = await newDraft("OPEN");
    const { values, version } = await formValues(id);
    expect((await save(id, { ...values, titleEn: "First manager's title" }, version)).status).toBe(302);
    const stale = await save(id, { ...values, titleEn: "Second manager's title" }, version);
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors.form).toEqual(["callDesign.error.conflict"]);
    expect(stale.data.values.titleEn).toBe("Second manager's title");
    expect(stale.data.version).toBe(version + 1);
    expect((await callRow(id)).titleEn).toBe("First manager's title");
    // Knowingly saving again (the form now carries the latest version) replaces it.
    expect((await save(id, stale.data.values, stale.data.version)).status).toBe(302);
    expect((await callRow(id)).titleEn).toBe("Second manager's title");
  });

  it("refuses to open a published call whose deadline has passed, saying what to do", async () => {
    const call = await t.prisma.call.create({
      data: { reference: "LATE-OPEN", titleEn: "Late", titleFr: "En retard", state: "published", publishedAt: new Date(), fullApplicationDeadline: new Date(Date.now() - DAY) },
    });
    const res = await callRoute(overviewAction, post(`/manage/calls/${call.id}`, { intent: "OPEN", version: "0" }, { cookie: cookies.manager }), { callId: call.id });
    expect(res.status).toBe(422);
    expect(res.data.formError).toBe("The deadline of this call has passed. Extend the deadline before opening the call.");
    expect(await callRow(call.id)).toMatchObject({ state: "published", version: 0 });
  });

  it("refuses a lifecycle step sent on a stale version", async () => {
    const id = await newDraft("OPEN");
    const res = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "ARCHIVE", version: "7" }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(409);
    expect((await callRow(id)).state).toBe("draft");
  });
});

describe("who may do what", () => {
  let draftId = "";
  let openId = "";

  beforeAll(async () => {
    draftId = await newDraft("OPEN", "Denial test draft");
    openId = (
      await t.prisma.call.create({
        data: { reference: "DENY-OPEN", titleEn: "Open call", titleFr: "Appel ouvert", state: "open", publishedAt: new Date(), fullApplicationDeadline: new Date(Date.now() + 30 * DAY) },
      })
    ).id;
  });

  const pages = () => [
    { name: "list", run: (cookie?: string) => callRoute(listLoader, get("/manage/calls", { cookie })) },
    { name: "new page", run: (cookie?: string) => callRoute(newLoader, get("/manage/calls/new", { cookie })) },
    { name: "overview", run: (cookie?: string) => callRoute(overviewLoader, get(`/manage/calls/${draftId}`, { cookie }), { callId: draftId }) },
    { name: "edit page", run: (cookie?: string) => callRoute(editLoader, get(`/manage/calls/${draftId}/edit`, { cookie }), { callId: draftId }) },
    { name: "notices page", run: (cookie?: string) => callRoute(noticesLoader, get(`/manage/calls/${openId}/notices`, { cookie }), { callId: openId }) },
  ];
  const actions = () => [
    { name: "create", run: (cookie?: string) => callRoute(newAction, post("/manage/calls/new", { procedure: "OPEN", titleEn: "Sneaky" }, { cookie })) },
    { name: "save", run: (cookie?: string) => callRoute(editAction, post(`/manage/calls/${draftId}/edit`, { version: "0", procedure: "OPEN", titleEn: "Hijacked", intent: "save" }, { cookie }), { callId: draftId }) },
    { name: "add a row", run: (cookie?: string) => callRoute(editAction, post(`/manage/calls/${draftId}/edit`, { intent: "add-document" }, { cookie }), { callId: draftId }) },
    { name: "publish", run: (cookie?: string) => callRoute(overviewAction, post(`/manage/calls/${draftId}`, { intent: "PUBLISH", version: "0" }, { cookie }), { callId: draftId }) },
    { name: "archive", run: (cookie?: string) => callRoute(overviewAction, post(`/manage/calls/${draftId}`, { intent: "ARCHIVE", version: "0" }, { cookie }), { callId: draftId }) },
    { name: "close", run: (cookie?: string) => callRoute(overviewAction, post(`/manage/calls/${openId}`, { intent: "CLOSE", version: "0" }, { cookie }), { callId: openId }) },
    {
      name: "extend",
      run: (cookie?: string) =>
        callRoute(noticesAction, post(`/manage/calls/${openId}/notices`, { _form: "extension", version: "0", deadline: "fullApplicationDeadline", newDeadline: local(60) }, { cookie }), { callId: openId }),
    },
    { name: "clarify", run: (cookie?: string) => callRoute(noticesAction, post(`/manage/calls/${openId}/notices`, { _form: "clarification", version: "0", textEn: "x", textFr: "x" }, { cookie }), { callId: openId }) },
  ];

  async function unchanged() {
    expect(await callRow(draftId)).toMatchObject({ state: "draft", version: 0, titleEn: "Denial test draft" });
    expect(await callRow(openId)).toMatchObject({ state: "open", version: 0 });
    expect(await t.prisma.callNotice.count({ where: { callId: openId } })).toBe(0);
    expect(await t.prisma.call.count({ where: { titleEn: "Sneaky" } })).toBe(0);
  }

  it("answers anonymous visitors 401 on every page and action", async () => {
    for (const target of [...pages(), ...actions()]) {
      const res = await target.run();
      expect(res.status, target.name).toBe(401);
    }
    await unchanged();
  });

  for (const role of ["applicant", "evaluator"] as const) {
    it(`answers ${role}s 403 on every page and action, even posted directly`, async () => {
      for (const target of [...pages(), ...actions()]) {
        const res = await target.run(cookies[role]);
        expect(res.status, `${role} ${target.name}`).toBe(403);
        expect(JSON.stringify(res.data), target.name).not.toContain("Denial test draft");
      }
      await unchanged();
    });
  }

  it("lets an admin read the list, the overview and the notices, and nothing else", async () => {
    const readable = ["list", "overview", "notices page"];
    for (const target of pages()) {
      const res = await target.run(cookies.admin);
      expect(res.status, target.name).toBe(readable.includes(target.name) ? 200 : 403);
    }
    const overview = await callRoute(overviewLoader, get(`/manage/calls/${draftId}`, { cookie: cookies.admin }), { callId: draftId });
    expect(overview.data).toMatchObject({ canEdit: false, events: ["ARCHIVE"] });
    const list = await callRoute(listLoader, get("/manage/calls", { cookie: cookies.admin }));
    expect(list.data.canCreate).toBe(false);
    for (const target of actions().filter((a) => a.name !== "archive")) {
      const res = await target.run(cookies.admin);
      expect(res.status, `admin ${target.name}`).toBe(403);
    }
    await unchanged();
  });

  it("hides nothing behind a 500 for a call that does not exist", async () => {
    const res = await callRoute(overviewLoader, get("/manage/calls/nope", { cookie: cookies.manager }), { callId: "nope" });
    expect(res.status).toBe(404);
    const save = await callRoute(editAction, post("/manage/calls/nope/edit", { version: "0", procedure: "OPEN", intent: "save" }, { cookie: cookies.manager }), { callId: "nope" });
    expect(save.status).toBe(404);
    const publish = await callRoute(overviewAction, post("/manage/calls/nope", { intent: "PUBLISH", version: "0" }, { cookie: cookies.manager }), { callId: "nope" });
    expect(publish.status).toBe(404);
  });
});

describe("bad input gets field errors, never a 500", () => {
  it("on the new-call form", async () => {
    const res = await callRoute(newAction, post("/manage/calls/new", { procedure: "SOMETIMES", titleEn: "x".repeat(400) }, { cookie: cookies.manager }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ procedure: ["callDesign.error.procedureRequired"], titleEn: ["callDesign.error.tooLong"] });
    expect(res.data.values.procedure).toBe("SOMETIMES");
  });

  it("on the call form: every unreadable field named, everything typed kept, nothing saved", async () => {
    const id = await newDraft("RESTRICTED", "Bad input");
    const { values, version } = await formValues(id);
    const typed: CallFormValues = {
      ...values,
      totalBudget: "a lot",
      minGrant: "100.000,505",
      maxCofinancing: "150",
      minDurationMonths: "six",
      conceptNoteDeadline: "next spring",
      fullApplicationDeadline: "2027-03-28T02:30",
      timeZone: "Europe/Vienna",
    };
    typed.conceptNoteGrid = { ...typed.conceptNoteGrid, sections: typed.conceptNoteGrid.sections.map((s, i) => (i === 0 ? { ...s, criteria: s.criteria.map((c, j) => (j === 0 ? { ...c, weight: "two" } : c)) } : s)) };
    const res = await save(id, typed, version);
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toMatchObject({
      totalBudget: ["callDesign.error.numberFormat"],
      minGrant: ["callDesign.error.moneyDecimals"],
      maxCofinancing: ["callDesign.error.percentRange"],
      minDurationMonths: ["callDesign.error.wholeNumber"],
      conceptNoteDeadline: ["callDesign.error.dateTimeFormat"],
      "conceptNoteGrid.sections.0.criteria.0.weight": ["callDesign.error.wholeNumber"],
    });
    expect(res.data.values.totalBudget).toBe("a lot");
    expect(res.data.values.conceptNoteGrid.sections[0].criteria[0].weight).toBe("two");
    expect(await callRow(id)).toMatchObject({ version: 0, totalBudgetCents: 0 });

    // Once the rest is fixed, the deadline in the spring-forward gap is named too.
    const gap = await save(id, { ...values, fullApplicationDeadline: "2027-03-28T02:30" }, version);
    expect(gap.status).toBe(400);
    expect(gap.data.fieldErrors).toEqual({ fullApplicationDeadline: ["callDesign.error.deadlineGap"] });
  });

  it("on a form posted by hand without its version, or with junk field names", async () => {
    const id = await newDraft("OPEN");
    const res = await callRoute(editAction, post(`/manage/calls/${id}/edit`, { procedure: "OPEN", "__proto__.x": "1", "documents.99999.code": "x", intent: "save" }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ form: ["callDesign.error.version"] });
  });

  it("with add/remove buttons without JavaScript: the rows change, nothing is saved", async () => {
    const id = await newDraft("RESTRICTED");
    const { values, version } = await formValues(id);
    const res = await save(id, { ...values, titleEn: "Typed, not saved" }, version, cookies.manager, [["intent", "add-criterion:conceptNoteGrid:0"]]);
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("rows");
    expect(res.data.values.titleEn).toBe("Typed, not saved");
    expect(res.data.values.conceptNoteGrid.sections[0].criteria.map((c: { code: string }) => c.code)).toEqual(["1.1", "1.2", "1.3", "1.4", "1.5"]);
    expect(await callRow(id)).toMatchObject({ version: 0, titleEn: "" });
  });

  it("on the lifecycle buttons", async () => {
    const id = await newDraft("OPEN");
    const res = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "DELETE_EVERYTHING", version: "0" }, { cookie: cookies.manager }), { callId: id });
    expect(res.status).toBe(400);
    expect(res.data.formError).toBe("This action is not known.");
    const impossible = await callRoute(overviewAction, post(`/manage/calls/${id}`, { intent: "AWARD", version: "0" }, { cookie: cookies.manager }), { callId: id });
    expect(impossible.status).toBe(422);
    expect(impossible.data.formError).toMatch(/not possible/);
    expect((await callRow(id)).state).toBe("draft");
  });

  it("on the notice forms", async () => {
    const call = await t.prisma.call.create({
      data: { reference: "NOTICE-BAD", titleEn: "Open", titleFr: "Ouvert", state: "open", publishedAt: new Date(), fullApplicationDeadline: new Date(Date.now() + 30 * DAY), timeZone: ZONE },
    });
    const empty = await callRoute(noticesAction, post(`/manage/calls/${call.id}/notices`, { _form: "clarification", version: "0", textEn: "", textFr: " " }, { cookie: cookies.manager }), { callId: call.id });
    expect(empty.status).toBe(400);
    expect(empty.data.fieldErrors).toEqual({ textEn: ["callDesign.error.noticeTextEn"], textFr: ["callDesign.error.noticeTextFr"] });
    const junk = await callRoute(
      noticesAction,
      post(`/manage/calls/${call.id}/notices`, { _form: "extension", version: "0", deadline: "whenever", newDeadline: "tomorrow-ish" }, { cookie: cookies.manager }),
      { callId: call.id },
    );
    expect(junk.status).toBe(400);
    expect(junk.data.fieldErrors).toEqual({ deadline: ["callDesign.error.whichDeadline"], newDeadline: ["callDesign.error.dateTimeFormat"] });
    const noConceptNote = await callRoute(
      noticesAction,
      post(`/manage/calls/${call.id}/notices`, { _form: "extension", version: "0", deadline: "conceptNoteDeadline", newDeadline: local(40) }, { cookie: cookies.manager }),
      { callId: call.id },
    );
    expect(noConceptNote.status).toBe(400);
    expect(noConceptNote.data.fieldErrors).toEqual({ deadline: ["callDesign.error.deadlineNotSet"] });
    const stale = await callRoute(
      noticesAction,
      post(`/manage/calls/${call.id}/notices`, { _form: "extension", version: "3", deadline: "fullApplicationDeadline", newDeadline: local(40) }, { cookie: cookies.manager }),
      { callId: call.id },
    );
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors.form).toEqual(["callDesign.error.conflict"]);
    expect(await t.prisma.callNotice.count({ where: { callId: call.id } })).toBe(0);
    // A draft takes no notices.
    const draft = await newDraft("OPEN");
    const onDraft = await callRoute(noticesAction, post(`/manage/calls/${draft}/notices`, { _form: "clarification", version: "0", textEn: "x", textFr: "x" }, { cookie: cookies.manager }), { callId: draft });
    expect(onDraft.status).toBe(422);
    expect(onDraft.data.fieldErrors.form).toEqual(["callDesign.error.noticeState"]);
  });

  it("on a body that is not a form", async () => {
    const id = await newDraft("OPEN");
    const request = new Request(`http://localhost/manage/calls/${id}/edit`, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x", Cookie: cookies.manager }, body: "garbage" });
    const res = await callRoute(editAction, request, { callId: id });
    expect(res.status).toBe(400);
  });
});
