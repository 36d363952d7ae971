// Staff accounts against a real database: inviting staff (email in the outbox, single-use
// expiring links, the invitee signed in with the invited role), who may use the admin pages
// and actions (and who gets 401/403), role changes and disabling with their guards and audit
// events, the users list and the audit log with their filters, field errors for bad input;
// then the same pages rendered by the production server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { loader as auditLoader } from "~/routes/admin.audit.tsx";
import { action as invitationsAction, loader as invitationsLoader } from "~/routes/admin.invitations.tsx";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$userId.tsx";
import { loader as usersLoader } from "~/routes/admin.users._index.tsx";
import { action as inviteAction, loader as inviteLoader } from "~/routes/admin.users.invite.tsx";
import { loader as dashboardLoader } from "~/routes/dashboard.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { action as acceptAction, loader as acceptLoader } from "~/routes/staff-invitation.$token.tsx";
import { startHttpApp, sameOrigin, type HttpApp } from "../support/http-app.ts";
import { callRoute, cookieFrom, get, post, type RouteResult } from "../support/route-call.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const PASSWORD = "correct horse battery staple";
const ADMIN_IP = "203.0.113.7";
const FROM_ADMIN = { "x-client-address": ADMIN_IP };

let t: TestDb;
const ids = { admin: "", manager: "", evaluator: "", applicant: "", loner: "", org: "" };

async function seed() {
  const p = t.prisma;
  const hash = await hashPassword(PASSWORD);
  const verified = new Date();
  const org = await p.organisation.create({ data: { legalName: "Alpha Diaspora Network", acronym: "ADN", typeCode: "CSO", countryCode: "SN" } });
  ids.org = org.id;
  const admin = await p.user.create({ data: { email: "admin@test.local", name: "Adam Admin", passwordHash: hash, role: "ADMIN", emailVerifiedAt: verified } });
  const manager = await p.user.create({ data: { email: "manager@test.local", name: "Marie Manager", passwordHash: hash, role: "GRANT_MANAGER", emailVerifiedAt: verified, totpEnabledAt: verified } });
  const evaluator = await p.user.create({ data: { email: "evaluator@test.local", name: "Eve Evaluator", passwordHash: hash, role: "EVALUATOR", locale: "fr" } });
  const applicant = await p.user.create({
    data: { email: "applicant@test.local", name: "Awa Applicant", passwordHash: hash, role: "APPLICANT", emailVerifiedAt: verified, memberships: { create: { organisationId: org.id, role: "OWNER" } } },
  });
  const loner = await p.user.create({ data: { email: "loner@test.local", name: "Lou Loner", passwordHash: hash, role: "APPLICANT" } });
  Object.assign(ids, { admin: admin.id, manager: manager.id, evaluator: evaluator.id, applicant: applicant.id, loner: loner.id });
}

/** Signs in through the login action; returns the Cookie header for later requests. */
async function signInAs(email: string, password = PASSWORD): Promise<string> {
  const res = await callRoute(loginAction, post("/login", { email, password, redirectTo: "/dashboard" }));
  expect(res.status, `sign in ${email}`).toBe(302);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

// The manager has two-factor on in the seed only as a flag for the list; sign-in then stops at
// the code step. A session is made directly for it instead.
async function sessionFor(userId: string): Promise<string> {
  return cookieFrom(await createSessionCookie(userId, { ipAddress: "198.51.100.1", userAgent: "test" }));
}

const cookies = { admin: "", manager: "", evaluator: "", applicant: "" };

/** The newest invitation email to `to`, with the token and language of its link. */
async function invitationEmail(to: string) {
  const message = await t.prisma.emailMessage.findFirst({ where: { to, template: "staffInvitation" }, orderBy: { createdAt: "desc" } });
  if (!message) throw new Error(`no invitation email to ${to}`);
  const match = /https?:\/\/\S+\/staff-invitation\/([A-Za-z0-9_-]+)\?lang=(en|fr)/.exec(message.text);
  if (!match) throw new Error(`no link in: ${message.text}`);
  return { message, link: match[0], token: match[1]!, lang: match[2]! };
}

function invite(fields: Record<string, string>, cookie = cookies.admin) {
  return callRoute(inviteAction, post("/admin/users/invite", fields, { cookie, headers: FROM_ADMIN }));
}

function accept(token: string, fields: Record<string, string>, opts: { cookie?: string } = {}) {
  return callRoute(acceptAction, post(`/staff-invitation/${token}`, fields, { cookie: opts.cookie, headers: { "x-client-address": "192.0.2.50" } }), { token });
}

function userPost(userId: string, fields: Record<string, string>, cookie = cookies.admin) {
  return callRoute(userAction, post(`/admin/users/${userId}`, fields, { cookie, headers: FROM_ADMIN }), { userId });
}

/** Today in Vienna, as the audit filter reads dates. */
function viennaDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Vienna" }).format(new Date(Date.now() + offsetDays * 24 * 3600_000));
}

beforeAll(async () => {
  t = await createTestDb();
  await seed();
  cookies.admin = await signInAs("admin@test.local");
  cookies.evaluator = await signInAs("evaluator@test.local");
  cookies.applicant = await signInAs("applicant@test.local");
  cookies.manager = await sessionFor(ids.manager);
});

afterAll(async () => {
  await t?.close();
});

describe("an admin invites a grant manager", () => {
  let token = "";

  it("queues the invitation email in the chosen language, with the link, and audits it", async () => {
    const res = await invite({ email: "  New.Manager@Example.org ", role: "GRANT_MANAGER", locale: "fr" });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/admin\/invitations\?sent=/);

    const email = await invitationEmail("new.manager@example.org");
    token = email.token;
    expect(email.message.locale).toBe("fr");
    expect(email.message.subject).toBe("Vous êtes invité·e sur la plateforme des subventions");
    expect(email.message.text).toContain("Adam Admin");
    expect(email.message.text).toContain("gestionnaire de subventions");
    expect(email.lang).toBe("fr");
    expect(email.link.startsWith("http://localhost/staff-invitation/")).toBe(true);
    expect(email.message.html).toContain(`<a href="${email.link}">`);

    const row = await t.prisma.authToken.findFirstOrThrow({ where: { email: "new.manager@example.org", purpose: "STAFF_INVITATION" } });
    expect(row).toMatchObject({ role: "GRANT_MANAGER", invitedById: ids.admin, usedAt: null });
    // Only the hash is stored, never the secret in the link.
    expect(JSON.stringify(row)).not.toContain(token);

    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "staff_invited", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: ids.admin, ipAddress: ADMIN_IP, entityType: "invitation", toState: "GRANT_MANAGER" });
    expect(audit.data).toMatchObject({ email: "new.manager@example.org", role: "GRANT_MANAGER", locale: "fr" });

    const sentId = new URL(location, "http://x").searchParams.get("sent");
    const list = await callRoute(invitationsLoader, get(location, { cookie: cookies.admin }));
    expect(list.status).toBe(200);
    expect(list.data.sent).toEqual({ email: "new.manager@example.org" });
    expect(list.data.rows.map((r: { id: string }) => r.id)).toContain(sentId);
    const pending = list.data.rows.find((r: { id: string }) => r.id === sentId);
    expect(pending).toMatchObject({ email: "new.manager@example.org", role: "GRANT_MANAGER", invitedBy: { name: "Adam Admin", email: "admin@test.local" } });
    expect(Date.parse(pending.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
  });

  it("shows the invitee who invited them and the role, without using the link", async () => {
    const res = await callRoute(acceptLoader, get(`/staff-invitation/${token}?lang=fr`), { token });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ state: "valid", email: "new.manager@example.org", role: "GRANT_MANAGER", inviterName: "Adam Admin" });
    const again = await callRoute(acceptLoader, get(`/staff-invitation/${token}`), { token });
    expect(again.data.state).toBe("valid");
  });

  it("answers bad input with field errors, keeps the name but never the passwords, and leaves the link usable", async () => {
    const empty = await accept(token, {});
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.data.fieldErrors).sort()).toEqual(["locale", "name", "password", "passwordConfirm"]);

    const res = await accept(token, { name: "Nadia Manager", password: "short", passwordConfirm: "different", locale: "de" });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.password).toEqual(["staff.errors.passwordTooShort"]);
    expect(res.data.fieldErrors.passwordConfirm).toEqual(["staff.errors.passwordMismatch"]);
    expect(res.data.fieldErrors.locale).toEqual(["staff.errors.languageRequired"]);
    expect(res.data.values.name).toBe("Nadia Manager");
    expect(JSON.stringify(res.data)).not.toContain("short");
    expect(JSON.stringify(res.data)).not.toContain("different");

    const mismatch = await accept(token, { name: "Nadia Manager", password: "a long enough password", passwordConfirm: "another long password", locale: "fr" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.fieldErrors).toEqual({ passwordConfirm: ["staff.errors.passwordMismatch"] });

    const blankName = await accept(token, { name: "   ", password: "a long enough password", passwordConfirm: "a long enough password", locale: "fr" });
    expect(blankName.data.fieldErrors).toEqual({ name: ["staff.errors.nameRequired"] });

    expect(await t.prisma.user.count({ where: { email: "new.manager@example.org" } })).toBe(0);
    expect((await callRoute(acceptLoader, get(`/staff-invitation/${token}`), { token })).data.state).toBe("valid");
  });

  it("creates the account with the invited role and a confirmed email, and signs the invitee in", async () => {
    const res = await accept(token, { name: "Nadia Manager", password: "a long enough password", passwordConfirm: "a long enough password", locale: "fr" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/dashboard");
    const cookie = cookieFrom(res.headers.get("Set-Cookie"));
    expect(cookie).toMatch(/^grants_session=/);

    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "new.manager@example.org" } });
    expect(user).toMatchObject({ name: "Nadia Manager", role: "GRANT_MANAGER", locale: "fr", disabledAt: null });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(user.passwordHash).not.toContain("a long enough password");

    const dashboard = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(dashboard.status).toBe(200);
    expect(dashboard.data).toMatchObject({ kind: "manager", role: "GRANT_MANAGER", name: "Nadia Manager" });

    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "invitation_accepted", entityId: user.id } });
    expect(audit).toMatchObject({ actorId: user.id, entityType: "user", toState: "GRANT_MANAGER", ipAddress: "192.0.2.50" });

    // The password chosen works for signing in later.
    await signInAs("new.manager@example.org", "a long enough password");
  });

  it("is single use: the link then shows a clear message and cannot create a second account", async () => {
    const page = await callRoute(acceptLoader, get(`/staff-invitation/${token}`), { token });
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ state: "invalid" });
    const again = await accept(token, { name: "Someone Else", password: "another long password", passwordConfirm: "another long password", locale: "en" });
    expect(again.status).toBe(410);
    expect(again.data.fieldErrors.form).toEqual(["staff.invitation.invalidBody"]);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    expect(await t.prisma.user.count({ where: { email: "new.manager@example.org" } })).toBe(1);
  });

  it("refuses an unknown or malformed token with the same message", async () => {
    for (const bad of ["nope", "x".repeat(500), ""]) {
      const res = await callRoute(acceptLoader, get(`/staff-invitation/${bad}`), { token: bad });
      expect(res.status, bad).toBe(410);
      expect(res.data.state).toBe("invalid");
    }
  });
});

describe("invitation links", () => {
  it("refuses an expired link", async () => {
    expect((await invite({ email: "late@example.org", role: "EVALUATOR", locale: "en" })).status).toBe(302);
    const { token, message } = await invitationEmail("late@example.org");
    expect(message.subject).toBe("You are invited to the grants platform");
    expect(message.text).toContain("evaluator");
    await t.prisma.authToken.updateMany({ where: { email: "late@example.org" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const page = await callRoute(acceptLoader, get(`/staff-invitation/${token}`), { token });
    expect(page.status).toBe(410);
    expect(page.data.state).toBe("invalid");
    const res = await accept(token, { name: "Late Comer", password: "a long enough password", passwordConfirm: "a long enough password", locale: "en" });
    expect(res.status).toBe(410);
    expect(res.data.fieldErrors.form).toEqual(["staff.invitation.invalidBody"]);
    expect(await t.prisma.user.count({ where: { email: "late@example.org" } })).toBe(0);
    // Expired invitations are not listed as pending.
    const list = await callRoute(invitationsLoader, get("/admin/invitations", { cookie: cookies.admin }));
    expect(list.data.rows.map((r: { email: string }) => r.email)).not.toContain("late@example.org");
  });

  it("replaces an earlier invitation to the same address", async () => {
    await invite({ email: "twice@example.org", role: "EVALUATOR", locale: "en" });
    const first = await invitationEmail("twice@example.org");
    await invite({ email: "twice@example.org", role: "ADMIN", locale: "en" });
    const second = await invitationEmail("twice@example.org");
    expect(second.token).not.toBe(first.token);
    expect((await callRoute(acceptLoader, get("/"), { token: first.token })).data.state).toBe("invalid");
    expect((await callRoute(acceptLoader, get("/"), { token: second.token })).data).toMatchObject({ state: "valid", role: "ADMIN" });
    const latest = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "staff_invited" }, orderBy: { at: "desc" } });
    expect(latest.data).toMatchObject({ email: "twice@example.org", replacedInvitations: 1 });
  });

  it("can be revoked by an admin: the link stops working and the revocation is audited", async () => {
    await invite({ email: "revoked@example.org", role: "EVALUATOR", locale: "en" });
    const { token } = await invitationEmail("revoked@example.org");
    const row = await t.prisma.authToken.findFirstOrThrow({ where: { email: "revoked@example.org", usedAt: null } });
    const res = await callRoute(invitationsAction, post("/admin/invitations", { invitationId: row.id }, { cookie: cookies.admin, headers: FROM_ADMIN }));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, revoked: "revoked@example.org" });
    expect((await callRoute(acceptLoader, get("/"), { token })).data.state).toBe("invalid");
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "invitation_revoked", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: ids.admin, ipAddress: ADMIN_IP, fromState: "pending", toState: "revoked" });

    const again = await callRoute(invitationsAction, post("/admin/invitations", { invitationId: row.id }, { cookie: cookies.admin }));
    expect(again.status).toBe(400);
    expect(again.data.fieldErrors.invitationId).toEqual(["staff.errors.invitationNotPending"]);
    const missing = await callRoute(invitationsAction, post("/admin/invitations", {}, { cookie: cookies.admin }));
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors.invitationId).toEqual(["staff.errors.invitationRequired"]);
    const unknown = await callRoute(invitationsAction, post("/admin/invitations", { invitationId: "does-not-exist" }, { cookie: cookies.admin }));
    expect(unknown.status).toBe(400);
  });

  it("refuses to invite an address that already has an account, with a field message", async () => {
    const before = await t.prisma.emailMessage.count();
    for (const email of ["applicant@test.local", "MANAGER@test.local"]) {
      const res = await invite({ email, role: "EVALUATOR", locale: "en" });
      expect(res.status, email).toBe(400);
      expect(res.data.fieldErrors).toEqual({ email: ["staff.errors.emailTaken"] });
      expect(res.data.values).toMatchObject({ email: email.toLowerCase(), role: "EVALUATOR", locale: "en" });
    }
    expect(await t.prisma.emailMessage.count()).toBe(before);
  });

  it("answers bad input on the invitation form with a message per field, never a 500", async () => {
    const empty = await invite({});
    expect(empty.status).toBe(400);
    expect(empty.data.fieldErrors.email).toContain("staff.errors.emailRequired");
    expect(empty.data.fieldErrors.role).toEqual(["staff.errors.roleRequired"]);
    expect(empty.data.fieldErrors.locale).toEqual(["staff.errors.languageRequired"]);

    const wrong = await invite({ email: "not-an-email", role: "APPLICANT", locale: "de" });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.email).toEqual(["staff.errors.emailInvalid"]);
    // Staff roles only: nobody is invited as an applicant.
    expect(wrong.data.fieldErrors.role).toEqual(["staff.errors.roleRequired"]);
    expect(wrong.data.values).toEqual({ email: "not-an-email", role: "APPLICANT", locale: "de" });

    const long = await invite({ email: `${"a".repeat(250)}@example.org`, role: "ADMIN", locale: "en" });
    expect(long.data.fieldErrors.email).toContain("staff.errors.emailTooLong");

    const broken = await callRoute(inviteAction, new Request("http://localhost/admin/users/invite", { method: "POST", headers: { Cookie: cookies.admin, "Content-Type": "multipart/form-data; boundary=x" }, body: "garbage" }));
    expect(broken.status).toBe(400);
  });
});

describe("who may use the admin pages", () => {
  let invitationId = "";
  const calls = (cookie?: string): [string, () => Promise<RouteResult<{ error: { code: string } }>>][] => {
    const opts = { cookie };
    return [
      ["GET /admin/users", () => callRoute(usersLoader, get("/admin/users", opts))],
      ["GET /admin/users?role=ADMIN", () => callRoute(usersLoader, get("/admin/users?role=ADMIN&q=admin", opts))],
      ["GET /admin/users/invite", () => callRoute(inviteLoader, get("/admin/users/invite", opts))],
      ["POST /admin/users/invite", () => callRoute(inviteAction, post("/admin/users/invite", { email: "sneaky@example.org", role: "ADMIN", locale: "en" }, opts))],
      ["POST /admin/users/invite (bad input)", () => callRoute(inviteAction, post("/admin/users/invite", {}, opts))],
      ["GET /admin/users/:id", () => callRoute(userLoader, get(`/admin/users/${ids.admin}`, opts), { userId: ids.admin })],
      ["GET /admin/users/:unknown", () => callRoute(userLoader, get("/admin/users/nobody", opts), { userId: "nobody" })],
      ["POST role change to ADMIN for the manager", () => callRoute(userAction, post(`/admin/users/${ids.manager}`, { intent: "role", role: "ADMIN" }, opts), { userId: ids.manager })],
      ["POST role change to ADMIN for the evaluator", () => callRoute(userAction, post(`/admin/users/${ids.evaluator}`, { intent: "role", role: "ADMIN" }, opts), { userId: ids.evaluator })],
      ["POST disable the admin", () => callRoute(userAction, post(`/admin/users/${ids.admin}`, { intent: "disable" }, opts), { userId: ids.admin })],
      ["POST enable", () => callRoute(userAction, post(`/admin/users/${ids.loner}`, { intent: "enable" }, opts), { userId: ids.loner })],
      ["POST bad intent", () => callRoute(userAction, post(`/admin/users/${ids.loner}`, { intent: "delete" }, opts), { userId: ids.loner })],
      ["GET /admin/invitations", () => callRoute(invitationsLoader, get("/admin/invitations", opts))],
      ["POST revoke", () => callRoute(invitationsAction, post("/admin/invitations", { invitationId }, opts))],
    ];
  };

  beforeAll(async () => {
    await invite({ email: "pending@example.org", role: "EVALUATOR", locale: "en" });
    invitationId = (await t.prisma.authToken.findFirstOrThrow({ where: { email: "pending@example.org", usedAt: null } })).id;
  });

  it("anonymous visitors get 401 on every page and action", async () => {
    for (const [label, call] of calls()) {
      const res = await call();
      expect(res.status, label).toBe(401);
      expect(res.data.error.code, label).toBe("unauthenticated");
    }
  });

  for (const who of ["applicant", "evaluator", "manager"] as const) {
    it(`the ${who} gets 403 on every page and action, and nothing changes`, async () => {
      const before = { roles: await t.prisma.user.findMany({ select: { id: true, role: true, disabledAt: true }, orderBy: { id: "asc" } }), tokens: await t.prisma.authToken.count(), audits: await t.prisma.auditEvent.count({ where: { action: { in: ["staff_invited", "role_changed", "user_disabled", "user_enabled", "invitation_revoked"] } } }) };
      for (const [label, call] of calls(cookies[who])) {
        const res = await call();
        expect(res.status, `${who}: ${label}`).toBe(403);
        expect(res.data.error.code, label).toBe("forbidden");
      }
      expect(await t.prisma.user.findMany({ select: { id: true, role: true, disabledAt: true }, orderBy: { id: "asc" } })).toEqual(before.roles);
      expect(await t.prisma.authToken.count()).toBe(before.tokens);
      expect(await t.prisma.auditEvent.count({ where: { action: { in: ["staff_invited", "role_changed", "user_disabled", "user_enabled", "invitation_revoked"] } } })).toBe(before.audits);
      expect((await t.prisma.authToken.findUniqueOrThrow({ where: { id: invitationId } })).usedAt).toBeNull();
    });
  }

  it("the admin may use every page", async () => {
    for (const res of [
      await callRoute(usersLoader, get("/admin/users", { cookie: cookies.admin })),
      await callRoute(inviteLoader, get("/admin/users/invite", { cookie: cookies.admin })),
      await callRoute(userLoader, get(`/admin/users/${ids.manager}`, { cookie: cookies.admin }), { userId: ids.manager }),
      await callRoute(invitationsLoader, get("/admin/invitations", { cookie: cookies.admin })),
      await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.admin })),
    ]) {
      expect(res.status).toBe(200);
    }
    const unknown = await callRoute(userLoader, get("/admin/users/nobody", { cookie: cookies.admin }), { userId: "nobody" });
    expect(unknown.status).toBe(404);
  });

  it("the audit log is open to the grant manager and the admin, not to applicants or evaluators", async () => {
    expect((await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.manager }))).status).toBe(200);
    expect((await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.admin }))).status).toBe(200);
    expect((await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.applicant }))).status).toBe(403);
    expect((await callRoute(auditLoader, get("/admin/audit?action=sign_in", { cookie: cookies.evaluator }))).status).toBe(403);
    expect((await callRoute(auditLoader, get("/admin/audit"))).status).toBe(401);
  });
});

describe("role changes", () => {
  it("changes a role, audits who/when/where and from → to, and applies at once to the person's session", async () => {
    const evaluatorCookie = await signInAs("evaluator@test.local");
    const res = await userPost(ids.evaluator, { intent: "role", role: "GRANT_MANAGER" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/users/${ids.evaluator}?done=role`);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.evaluator } })).role).toBe("GRANT_MANAGER");
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "role_changed", entityId: ids.evaluator } });
    expect(audit).toMatchObject({ actorId: ids.admin, ipAddress: ADMIN_IP, entityType: "user", fromState: "EVALUATOR", toState: "GRANT_MANAGER" });
    expect(audit.data).toMatchObject({ from: "EVALUATOR", to: "GRANT_MANAGER", email: "evaluator@test.local" });
    expect(Date.now() - audit.at.getTime()).toBeLessThan(60_000);

    const dashboard = await callRoute(dashboardLoader, get("/dashboard", { cookie: evaluatorCookie }));
    expect(dashboard.data.kind).toBe("manager");

    // The audit log shows it in words.
    const log = await callRoute(auditLoader, get(`/admin/audit?action=role_changed&record=${ids.evaluator}`, { cookie: cookies.admin }));
    expect(log.data.rows).toHaveLength(1);
    expect(log.data.rows[0]).toMatchObject({ actorName: "Adam Admin", actorEmail: "admin@test.local", ipAddress: ADMIN_IP, actionLabel: "Role changed", entityLabel: "User account", fromLabel: "Evaluator", toLabel: "Grant manager", recordName: "Eve Evaluator (evaluator@test.local)", recordLink: `/admin/users/${ids.evaluator}` });
    const fr = await callRoute(auditLoader, get(`/admin/audit?action=role_changed&record=${ids.evaluator}&lang=fr`, { cookie: cookies.admin }));
    expect(fr.data.rows[0]).toMatchObject({ actionLabel: "Rôle modifié" });

    // Back, for the other tests.
    expect((await userPost(ids.evaluator, { intent: "role", role: "EVALUATOR" })).status).toBe(302);
  });

  it("refuses to make staff of an applicant who belongs to an organisation, but not of one who does not", async () => {
    const res = await userPost(ids.applicant, { intent: "role", role: "EVALUATOR" });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ role: ["staff.errors.applicantInOrganisation"] });
    expect(res.data.values).toEqual({ intent: "role", role: "EVALUATOR" });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.applicant } })).role).toBe("APPLICANT");
    const details = await callRoute(userLoader, get(`/admin/users/${ids.applicant}`, { cookie: cookies.admin }), { userId: ids.applicant });
    expect(details.data.user).toMatchObject({ inOrganisation: true, organisations: [{ id: ids.org, name: "Alpha Diaspora Network (ADN)" }] });

    const loner = await userPost(ids.loner, { intent: "role", role: "EVALUATOR" });
    expect(loner.status).toBe(302);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.loner } })).role).toBe("EVALUATOR");
  });

  it("gives staff roles only, and says so for anything else", async () => {
    for (const role of ["APPLICANT", "", "SUPERUSER"]) {
      const res = await userPost(ids.loner, { intent: "role", role });
      expect(res.status, role).toBe(400);
      expect(res.data.fieldErrors.role, role).toEqual(["staff.errors.roleRequired"]);
    }
    const same = await userPost(ids.loner, { intent: "role", role: "EVALUATOR" });
    expect(same.status).toBe(400);
    expect(same.data.fieldErrors.role).toEqual(["staff.errors.roleUnchanged"]);
    const intent = await userPost(ids.loner, { intent: "delete" });
    expect(intent.status).toBe(400);
    expect(intent.data.fieldErrors.intent).toEqual(["staff.errors.intentInvalid"]);
    const nothing = await userPost(ids.loner, {});
    expect(nothing.status).toBe(400);
    const unknown = await callRoute(userAction, post("/admin/users/nobody", { intent: "role", role: "ADMIN" }, { cookie: cookies.admin }), { userId: "nobody" });
    expect(unknown.status).toBe(404);
  });

  it("the last active administrator cannot be demoted, even by themselves", async () => {
    const res = await userPost(ids.admin, { intent: "role", role: "GRANT_MANAGER" });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ role: ["staff.errors.lastAdminDemote"] });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.admin } })).role).toBe("ADMIN");
    const details = await callRoute(userLoader, get(`/admin/users/${ids.admin}`, { cookie: cookies.admin }), { userId: ids.admin });
    expect(details.data.user).toMatchObject({ isSelf: true, isLastActiveAdmin: true });

    // A disabled administrator does not count as another one.
    const dormant = await t.prisma.user.create({ data: { email: "dormant-admin@test.local", name: "Dora Dormant", role: "ADMIN", disabledAt: new Date() } });
    expect((await userPost(ids.admin, { intent: "role", role: "GRANT_MANAGER" })).data.fieldErrors.role).toEqual(["staff.errors.lastAdminDemote"]);

    // With a second active administrator, one may step down.
    expect((await userPost(dormant.id, { intent: "enable" })).status).toBe(302);
    expect((await callRoute(userLoader, get(`/admin/users/${ids.admin}`, { cookie: cookies.admin }), { userId: ids.admin })).data.user.isLastActiveAdmin).toBe(false);
    expect((await userPost(dormant.id, { intent: "role", role: "EVALUATOR" })).status).toBe(302);
    expect((await userPost(ids.admin, { intent: "role", role: "GRANT_MANAGER" })).data.fieldErrors.role).toEqual(["staff.errors.lastAdminDemote"]);
  });
});

describe("disabling and enabling accounts", () => {
  it("disabling signs the person out everywhere: their cookie stops working at once", async () => {
    const managerCookie = await sessionFor(ids.manager);
    const other = await sessionFor(ids.manager);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: managerCookie }))).status).toBe(200);
    expect(await t.prisma.session.count({ where: { userId: ids.manager } })).toBeGreaterThanOrEqual(2);

    const res = await userPost(ids.manager, { intent: "disable" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/users/${ids.manager}?done=disabled`);
    expect(await t.prisma.session.count({ where: { userId: ids.manager } })).toBe(0);
    for (const cookie of [managerCookie, other]) {
      const after = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
      expect(after.status).toBe(401);
    }
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "user_disabled", entityId: ids.manager } });
    expect(audit).toMatchObject({ actorId: ids.admin, ipAddress: ADMIN_IP, fromState: "active", toState: "disabled" });
    expect((audit.data as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(2);

    // Signing in again is refused with the usual message.
    const login = await callRoute(loginAction, post("/login", { email: "manager@test.local", password: PASSWORD }));
    expect(login.status).toBe(400);

    const again = await userPost(ids.manager, { intent: "disable" });
    expect(again.status).toBe(400);
    expect(again.data.fieldErrors).toEqual({ form: ["staff.errors.alreadyDisabled"] });

    const list = await callRoute(usersLoader, get("/admin/users?status=disabled", { cookie: cookies.admin }));
    expect(list.data.rows.map((r: { email: string }) => r.email)).toEqual(["manager@test.local"]);
  });

  it("enabling lets the person sign in again, and is audited", async () => {
    const res = await userPost(ids.manager, { intent: "enable" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/users/${ids.manager}?done=enabled`);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.manager } })).disabledAt).toBeNull();
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "user_enabled", entityId: ids.manager } });
    expect(audit).toMatchObject({ actorId: ids.admin, ipAddress: ADMIN_IP, fromState: "disabled", toState: "active" });
    const cookie = await sessionFor(ids.manager);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie }))).status).toBe(200);
    cookies.manager = cookie;

    const again = await userPost(ids.manager, { intent: "enable" });
    expect(again.status).toBe(400);
    expect(again.data.fieldErrors).toEqual({ form: ["staff.errors.notDisabled"] });
  });

  it("the last active administrator cannot be disabled, and no admin disables their own account", async () => {
    const res = await userPost(ids.admin, { intent: "disable" });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ form: ["staff.errors.lastAdminDisable"] });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: ids.admin } })).disabledAt).toBeNull();
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: cookies.admin }))).status).toBe(200);

    const second = await t.prisma.user.create({ data: { email: "second-admin@test.local", name: "Sam Second", role: "ADMIN", passwordHash: await hashPassword(PASSWORD) } });
    const self = await userPost(ids.admin, { intent: "disable" });
    expect(self.data.fieldErrors).toEqual({ form: ["staff.errors.disableSelf"] });
    // Another admin may disable the second one; then the first is the last again.
    expect((await userPost(second.id, { intent: "disable" })).status).toBe(302);
    expect((await userPost(ids.admin, { intent: "disable" })).data.fieldErrors).toEqual({ form: ["staff.errors.lastAdminDisable"] });
  });
});

describe("the users list", () => {
  beforeAll(async () => {
    const hash = await hashPassword(PASSWORD);
    await t.prisma.user.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ email: `bulk${String(i).padStart(2, "0")}@bulk.test`, name: `Zz Bulk ${String(i).padStart(2, "0")}`, role: "APPLICANT" as const, passwordHash: hash })),
    });
  });

  it("shows role, organisations, confirmed email, two-factor, last sign-in and status", async () => {
    const res = await callRoute(usersLoader, get("/admin/users?q=test.local", { cookie: cookies.admin }));
    expect(res.status).toBe(200);
    const byEmail = Object.fromEntries(res.data.rows.map((r: { email: string }) => [r.email, r]));
    expect(byEmail["applicant@test.local"]).toMatchObject({ role: "APPLICANT", organisations: [{ id: ids.org, name: "ADN" }], emailVerified: true, twoFactor: false, disabledAt: null });
    expect(byEmail["applicant@test.local"].lastSignInAt).not.toBeNull();
    expect(byEmail["manager@test.local"]).toMatchObject({ role: "GRANT_MANAGER", twoFactor: true, emailVerified: true });
    expect(byEmail["evaluator@test.local"]).toMatchObject({ emailVerified: false });
    expect(byEmail["dormant-admin@test.local"].lastSignInAt).toBeNull();
    expect(byEmail["second-admin@test.local"].disabledAt).not.toBeNull();
  });

  it("filters by role and status and searches name or email, case-insensitively", async () => {
    const admins = await callRoute(usersLoader, get("/admin/users?role=ADMIN", { cookie: cookies.admin }));
    expect(admins.data.rows.map((r: { email: string }) => r.email).sort()).toEqual(["admin@test.local", "second-admin@test.local"]);
    const active = await callRoute(usersLoader, get("/admin/users?role=ADMIN&status=active", { cookie: cookies.admin }));
    expect(active.data.rows.map((r: { email: string }) => r.email)).toEqual(["admin@test.local"]);
    const byName = await callRoute(usersLoader, get("/admin/users?q=MARIE", { cookie: cookies.admin }));
    expect(byName.data.rows.map((r: { email: string }) => r.email)).toEqual(["manager@test.local"]);
    const byEmail = await callRoute(usersLoader, get("/admin/users?q=Loner%40", { cookie: cookies.admin }));
    expect(byEmail.data.rows.map((r: { name: string }) => r.name)).toEqual(["Lou Loner"]);
    const none = await callRoute(usersLoader, get("/admin/users?q=nobody-at-all", { cookie: cookies.admin }));
    expect(none.data).toMatchObject({ total: 0, rows: [], page: 1, pageCount: 1 });
  });

  it("paginates in pages of 25, keeping the filters", async () => {
    const first = await callRoute(usersLoader, get("/admin/users?q=bulk.test", { cookie: cookies.admin }));
    expect(first.data).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.data.rows).toHaveLength(25);
    const second = await callRoute(usersLoader, get("/admin/users?q=bulk.test&page=2", { cookie: cookies.admin }));
    expect(second.data.rows.map((r: { email: string }) => r.email)).toEqual(["bulk25@bulk.test", "bulk26@bulk.test", "bulk27@bulk.test", "bulk28@bulk.test", "bulk29@bulk.test"]);
    // A page past the end shows the last one.
    const past = await callRoute(usersLoader, get("/admin/users?q=bulk.test&page=9", { cookie: cookies.admin }));
    expect(past.data.page).toBe(2);
  });

  it("answers bad filters with field errors, never a 500", async () => {
    const res = await callRoute(usersLoader, get(`/admin/users?role=KING&status=gone&page=abc&q=${"x".repeat(201)}`, { cookie: cookies.admin }));
    expect(res.status).toBe(400);
    expect(res.data.filterErrors).toEqual({
      role: ["staff.errors.roleFilterInvalid"],
      status: ["staff.errors.statusFilterInvalid"],
      page: ["staff.errors.pageInvalid"],
      q: ["staff.errors.searchTooLong"],
    });
    expect(res.data.filters).toMatchObject({ role: "KING", status: "gone" });
    expect(res.data.rows.length).toBeGreaterThan(0);
    const negative = await callRoute(usersLoader, get("/admin/users?page=-1", { cookie: cookies.admin }));
    expect(negative.data.filterErrors.page).toEqual(["staff.errors.pageInvalid"]);
  });
});

describe("the audit log", () => {
  it("filters by action, type of record, actor email and record", async () => {
    const invited = await callRoute(auditLoader, get("/admin/audit?action=staff_invited", { cookie: cookies.manager }));
    expect(invited.status).toBe(200);
    expect(invited.data.rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(invited.data.rows.map((r: { action: string }) => r.action))).toEqual(new Set(["staff_invited"]));
    expect(invited.data.rows[0]).toMatchObject({ entityType: "invitation", entityLabel: "Staff invitation", actionLabel: "Staff member invited", ipAddress: ADMIN_IP, actorEmail: "admin@test.local" });
    expect(invited.data.rows.map((r: { recordName: string }) => r.recordName)).toContain("new.manager@example.org");
    // The manager may read the log but not open user accounts: no links to them.
    const forManager = await callRoute(auditLoader, get(`/admin/audit?entityType=user&record=${ids.evaluator}`, { cookie: cookies.manager }));
    expect(forManager.data.rows.length).toBeGreaterThan(0);
    expect(forManager.data.rows.every((r: { recordLink: string | null }) => r.recordLink === null)).toBe(true);

    const invitations = await callRoute(auditLoader, get("/admin/audit?entityType=invitation", { cookie: cookies.admin }));
    expect(new Set(invitations.data.rows.map((r: { action: string }) => r.action))).toEqual(new Set(["staff_invited", "invitation_revoked"]));

    const byActor = await callRoute(auditLoader, get("/admin/audit?actor=EVALUATOR%40test", { cookie: cookies.admin }));
    expect(byActor.data.rows.length).toBeGreaterThan(0);
    expect(new Set(byActor.data.rows.map((r: { actorEmail: string }) => r.actorEmail))).toEqual(new Set(["evaluator@test.local"]));

    const combined = await callRoute(auditLoader, get(`/admin/audit?action=user_disabled&actor=admin%40test.local&record=${ids.manager}`, { cookie: cookies.admin }));
    expect(combined.data.rows).toHaveLength(1);
    expect(combined.data.rows[0]).toMatchObject({ fromLabel: "Active", toLabel: "Disabled", recordName: "Marie Manager (manager@test.local)" });

    // The filter lists offer the actions and record types in the log, in words.
    expect(invited.data.actions).toContainEqual({ code: "role_changed", label: "Role changed" });
    expect(invited.data.entityTypes).toContainEqual({ code: "invitation", label: "Staff invitation" });
  });

  it("filters by a date range, in days of the facility's time zone", async () => {
    const today = await callRoute(auditLoader, get(`/admin/audit?from=${viennaDay()}&to=${viennaDay()}`, { cookie: cookies.admin }));
    const all = await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.admin }));
    expect(today.data.total).toBe(all.data.total);
    const tomorrow = await callRoute(auditLoader, get(`/admin/audit?from=${viennaDay(1)}`, { cookie: cookies.admin }));
    expect(tomorrow.data).toMatchObject({ total: 0, rows: [] });
    const yesterday = await callRoute(auditLoader, get(`/admin/audit?to=${viennaDay(-1)}`, { cookie: cookies.admin }));
    expect(yesterday.data.total).toBe(0);

    // An old event falls inside its own day only.
    const old = await t.prisma.auditEvent.create({ data: { at: new Date("2026-03-10T23:30:00Z"), action: "seed", entityType: "user", entityId: ids.admin } });
    // 23:30 UTC on 10 March is 00:30 on 11 March in Vienna.
    const day = await callRoute(auditLoader, get("/admin/audit?from=2026-03-11&to=2026-03-11", { cookie: cookies.admin }));
    expect(day.data.rows.map((r: { id: string }) => r.id)).toEqual([old.id]);
    const before = await callRoute(auditLoader, get("/admin/audit?from=2026-03-10&to=2026-03-10", { cookie: cookies.admin }));
    expect(before.data.total).toBe(0);
  });

  it("paginates in SQL", async () => {
    const first = await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.admin }));
    expect(first.data.pageSize).toBe(50);
    if (first.data.total <= 50) {
      await t.prisma.auditEvent.createMany({ data: Array.from({ length: 51 }, (_, i) => ({ action: "bulk_test", entityType: "user", entityId: `bulk-${i}` })) });
    }
    const again = await callRoute(auditLoader, get("/admin/audit", { cookie: cookies.admin }));
    expect(again.data.rows).toHaveLength(50);
    expect(again.data.pageCount).toBeGreaterThanOrEqual(2);
    const second = await callRoute(auditLoader, get("/admin/audit?page=2", { cookie: cookies.admin }));
    expect(second.data.page).toBe(2);
    const firstIds = new Set(again.data.rows.map((r: { id: string }) => r.id));
    expect(second.data.rows.some((r: { id: string }) => firstIds.has(r.id))).toBe(false);
  });

  it("answers bad filters with field errors, never a 500", async () => {
    const res = await callRoute(auditLoader, get("/admin/audit?from=2026-02-30&to=yesterday&action=drop%20table&entityType=%3Cscript%3E&record=a%20b&page=0", { cookie: cookies.admin }));
    expect(res.status).toBe(400);
    expect(res.data.filterErrors).toEqual({
      from: ["staff.errors.dateInvalid"],
      to: ["staff.errors.dateInvalid"],
      action: ["staff.errors.codeInvalid"],
      entityType: ["staff.errors.codeInvalid"],
      record: ["staff.errors.recordInvalid"],
      page: ["staff.errors.pageInvalid"],
    });
    expect(res.data.filters.from).toBe("2026-02-30");
    const reversed = await callRoute(auditLoader, get("/admin/audit?from=2026-06-17&to=2026-06-01", { cookie: cookies.admin }));
    expect(reversed.status).toBe(400);
    expect(reversed.data.filterErrors).toEqual({ to: ["staff.errors.dateRange"] });
  });
});

describe("over HTTP, through the production server", () => {
  let app: HttpApp;
  let session = "";

  beforeAll(async () => {
    app = await startHttpApp();
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) },
      body: new URLSearchParams({ email: "admin@test.local", password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(302);
    session = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  });
  afterAll(async () => {
    await app?.close();
  });

  const page = (path: string, cookie = session) => fetch(`${app.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const postForm = (path: string, fields: Record<string, string>, cookie = session) =>
    fetch(`${app.url}${path}`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) }, body: new URLSearchParams(fields).toString() });

  it("renders every admin page in English and French", async () => {
    const expectations: [string, RegExp][] = [
      ["/admin/users", /User accounts/],
      ["/admin/users?lang=fr", /Comptes utilisateurs/],
      ["/admin/users/invite", /Invite a staff member/],
      [`/admin/users/${ids.manager}`, /Marie Manager/],
      [`/admin/users/${ids.manager}?lang=fr`, /Désactiver le compte/],
      ["/admin/invitations", /Pending staff invitations/],
      ["/admin/audit", /Audit log/],
      ["/admin/audit?lang=fr", /Journal d’audit/],
    ];
    for (const [path, text] of expectations) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toMatch(text);
    }
  });

  it("shows field errors in the page for bad filters and bad forms, keeping what was typed", async () => {
    const filters = await page("/admin/audit?from=2026-02-30");
    expect(filters.status).toBe(400);
    expect(await filters.text()).toContain("Enter a real date, like 2026-06-17.");
    const form = await postForm("/admin/users/invite", { email: "applicant@test.local", role: "EVALUATOR", locale: "en" });
    expect(form.status).toBe(400);
    const html = await form.text();
    expect(html).toContain("This email address already belongs to an account.");
    expect(html).toContain('value="applicant@test.local"');
  });

  it("lets an invitee accept over HTTP and lands them on the dashboard", async () => {
    expect((await postForm("/admin/users/invite", { email: "http-invitee@example.org", role: "EVALUATOR", locale: "en" })).status).toBe(302);
    const { token, link } = await invitationEmail("http-invitee@example.org");
    expect(link.startsWith(`${app.url}/staff-invitation/`)).toBe(true);
    const view = await page(`/staff-invitation/${token}`, "");
    expect(view.status).toBe(200);
    const viewHtml = await view.text();
    expect(viewHtml).toContain("Adam Admin invited you to work on the platform as: Evaluator.");
    const bad = await postForm(`/staff-invitation/${token}`, { name: "Hana Http", password: "short", passwordConfirm: "short", locale: "en" }, "");
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Choose a password of at least 10 characters.");
    expect(badHtml).toContain('value="Hana Http"');
    const ok = await postForm(`/staff-invitation/${token}`, { name: "Hana Http", password: "a long enough password", passwordConfirm: "a long enough password", locale: "en" }, "");
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/dashboard");
    const cookie = (ok.headers.get("set-cookie") ?? "").split(";")[0]!;
    const dashboard = await page("/dashboard", cookie);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("Hana Http");
    const used = await page(`/staff-invitation/${token}`, "");
    expect(used.status).toBe(410);
    expect(await used.text()).toContain("This invitation link no longer works");
    // The new evaluator cannot open the admin pages.
    expect((await page("/admin/users", cookie)).status).toBe(403);
  });
});
