// Account security against a real database, through the routes' loaders and actions:
// sign-in limits, password reset by email, the account page, sessions, two-factor sign-in,
// the "staff must use two-factor" rule, and the development outbox.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { issueToken } from "~/modules/auth/tokens.server.ts";
import { timeStep } from "~/modules/auth/totp.server.ts";
import { action as accountAction, loader as accountLoader } from "~/routes/account._index.tsx";
import { action as sessionsAction, loader as sessionsLoader } from "~/routes/account.sessions.tsx";
import { action as twoFactorAction, loader as twoFactorLoader } from "~/routes/account.two-factor.tsx";
import { action as securityAction, loader as securityLoader } from "~/routes/admin.security.tsx";
import { loader as dashboardLoader } from "~/routes/dashboard.tsx";
import { loader as outboxLoader } from "~/routes/dev.outbox.tsx";
import { action as forgotAction, loader as forgotLoader } from "~/routes/forgot-password.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { action as stepAction, loader as stepLoader } from "~/routes/login_.two-factor.tsx";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.tsx";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { callRoute, cookieFrom, get, post } from "../support/route-call.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";

const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new passphrase";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const MINUTE = 60_000;

let t: TestDb;
let ipCounter = 0;
/** A fresh documentation address per call, so per-address limits only bite where a test wants them. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function makeUser(email: string, role: "APPLICANT" | "EVALUATOR" | "GRANT_MANAGER" | "ADMIN" = "APPLICANT", extra: { locale?: "en" | "fr"; name?: string } = {}) {
  return t.prisma.user.create({ data: { email, name: extra.name ?? email.split("@")[0]!, role, locale: extra.locale ?? "en", passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() } });
}

function login(email: string, password = PASSWORD, ip = freshIp(), redirectTo = "/dashboard") {
  return callRoute(loginAction, post("/login", { email, password, redirectTo }, { headers: { "X-Client-Address": ip, "User-Agent": FIREFOX } }));
}

async function signInAs(email: string, password = PASSWORD): Promise<string> {
  const res = await login(email, password);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

async function sessionsOf(userId: string) {
  return t.prisma.session.findMany({ where: { userId } });
}

/** Moves every recorded attempt back in time, as if `minutes` had passed. */
async function letTimePass(minutes: number) {
  const rows = await t.prisma.loginAttempt.findMany({ where: { key: { startsWith: "email:" } } });
  const ipRows = await t.prisma.loginAttempt.findMany({ where: { key: { startsWith: "ip:" } } });
  for (const r of [...rows, ...ipRows]) await t.prisma.loginAttempt.update({ where: { id: r.id }, data: { at: new Date(r.at.getTime() - minutes * MINUTE) } });
}

function codeFor(secret: string, stepOffset = 0): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(timeStep(new Date()) + stepOffset), 6);
}

/** Signs in a staff member (made a grant manager if new) and turns two-factor sign-in on; returns the secret and the cookie. */
async function enrol(email: string): Promise<{ secret: string; cookie: string }> {
  if (!(await t.prisma.user.findUnique({ where: { email } }))) await makeUser(email, "GRANT_MANAGER");
  const cookie = await signInAs(email);
  expect((await callRoute(twoFactorAction, post("/account/two-factor", { intent: "start" }, { cookie }))).status).toBe(302);
  const page = await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }));
  const secret: string = page.data.pending.secret;
  const done = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: codeFor(secret) }, { cookie }));
  expect(done.status, JSON.stringify(done.data)).toBe(302);
  return { secret, cookie };
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  delete process.env.APP_URL;
  await t?.close();
});

// First in the file on purpose: pruning runs at most once a minute per process, and the
// first recorded attempt of this process is the one that prunes.
describe("old sign-in attempts", () => {
  it("are pruned along the way by sign-ins", async () => {
    await t.prisma.loginAttempt.create({ data: { key: "email:old@test.local", succeeded: false, at: new Date(Date.now() - 3 * 24 * 60 * MINUTE) } });
    await makeUser("pruner@test.local");
    await signInAs("pruner@test.local");
    expect(await t.prisma.loginAttempt.count({ where: { key: "email:old@test.local" } })).toBe(0);
    expect(await t.prisma.loginAttempt.count({ where: { key: "email:pruner@test.local", succeeded: true } })).toBe(1);
  });
});

describe("sign-in rate limits", () => {
  it("locks an account after 5 wrong passwords, refusing even the right one, with one message for known and unknown emails", async () => {
    const user = await makeUser("locked@test.local");
    for (let i = 0; i < 5; i++) {
      const res = await login("locked@test.local", "wrong password");
      expect(res.data.fieldErrors.form).toEqual(["errors.signInFailed"]);
    }
    for (let i = 0; i < 5; i++) await login("ghost@test.local", "wrong password");

    const known = await login("locked@test.local", PASSWORD);
    expect(known.status).toBe(400);
    expect(known.data.fieldErrors).toEqual({ form: ["account.errors.tooManyAttempts"] });
    expect(known.headers.get("Set-Cookie")).toBeNull();
    const unknown = await login("ghost@test.local", PASSWORD);
    expect(unknown.status).toBe(400);
    expect(unknown.data.fieldErrors).toEqual(known.data.fieldErrors);
    expect(await sessionsOf(user.id)).toHaveLength(0);

    const lock = await t.prisma.auditEvent.findFirst({ where: { action: "sign_in_locked_account", entityId: user.id } });
    expect(lock).not.toBeNull();
    const failed = await t.prisma.auditEvent.findFirst({ where: { action: "sign_in_failed", entityId: user.id } });
    expect(failed?.ipAddress).toMatch(/^198\.51\.100\./);

    // 15 minutes later the lock is over.
    await letTimePass(16);
    expect((await login("locked@test.local", PASSWORD)).status).toBe(302);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    await makeUser("forgetful@test.local");
    for (let i = 0; i < 4; i++) await login("forgetful@test.local", "wrong password");
    await signInAs("forgetful@test.local");
    for (let i = 0; i < 4; i++) await login("forgetful@test.local", "wrong password");
    expect((await login("forgetful@test.local", PASSWORD)).status).toBe(302);
  });

  it("locks an address after 20 failures across accounts, while other addresses still sign in", async () => {
    await makeUser("victim@test.local");
    const attacker = "203.0.113.66";
    for (let i = 0; i < 20; i++) {
      const res = await login(`guess${i % 5}@test.local`, "wrong password", attacker);
      expect(res.data.fieldErrors.form).toEqual(["errors.signInFailed"]);
    }
    const fromAttacker = await login("victim@test.local", PASSWORD, attacker);
    expect(fromAttacker.status).toBe(400);
    expect(fromAttacker.data.fieldErrors.form).toEqual(["account.errors.tooManyAttempts"]);
    expect(await t.prisma.auditEvent.count({ where: { action: "sign_in_locked_address", ipAddress: attacker } })).toBe(1);
    expect((await login("victim@test.local", PASSWORD, "203.0.113.67")).status).toBe(302);
  });
});

describe("password reset by email", () => {
  it("answers the same for registered and unknown addresses, and emails only the registered one, in their language", async () => {
    await makeUser("marie@test.local", "APPLICANT", { locale: "fr", name: "Marie" });
    const known = await callRoute(forgotAction, post("/forgot-password", { email: " Marie@Test.local " }));
    const unknown = await callRoute(forgotAction, post("/forgot-password", { email: "nobody-here@test.local" }));
    expect(known.status).toBe(302);
    expect(unknown.status).toBe(302);
    expect(known.headers.get("Location")).toBe("/forgot-password?sent=1");
    expect(unknown.headers.get("Location")).toBe(known.headers.get("Location"));
    expect((await callRoute(forgotLoader, get("/forgot-password?sent=1"))).data).toEqual({ sent: true });

    expect(await t.prisma.emailMessage.count({ where: { to: "nobody-here@test.local" } })).toBe(0);
    const mails = await t.prisma.emailMessage.findMany({ where: { to: "marie@test.local" } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Réinitialisez votre mot de passe");
    expect(mails[0]!.text).toMatch(/http:\/\/localhost\/reset-password\?token=[\w-]+/);
  });

  it("refuses a malformed address with a field message", async () => {
    const res = await callRoute(forgotAction, post("/forgot-password", { email: "not an email" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.email).toEqual(["errors.emailInvalid"]);
    expect(res.data.values.email).toBe("not an email");
  });

  it("builds the link from APP_URL when it is set", async () => {
    await makeUser("appurl@test.local");
    process.env.APP_URL = "https://grants.example.org/";
    try {
      await callRoute(forgotAction, post("/forgot-password", { email: "appurl@test.local" }));
    } finally {
      delete process.env.APP_URL;
    }
    const mail = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "appurl@test.local" } });
    expect(mail.text).toContain("https://grants.example.org/reset-password?token=");
  });

  it("sets the new password once: every session ends, the old password stops working, the owner is told", async () => {
    const user = await makeUser("reset@test.local");
    const cookieA = await signInAs("reset@test.local");
    await signInAs("reset@test.local");
    expect(await sessionsOf(user.id)).toHaveLength(2);

    await callRoute(forgotAction, post("/forgot-password", { email: "reset@test.local" }));
    const mail = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "reset@test.local", template: "resetPassword" } });
    const link = new URL(mail.text.match(/http:\/\/\S+/)![0]);
    const token = link.searchParams.get("token")!;

    const page = await callRoute(resetLoader, get(`${link.pathname}${link.search}`));
    expect(page.data).toEqual({ state: "form", token });

    const short = await callRoute(resetAction, post("/reset-password", { token, password: "short", confirmPassword: "short" }));
    expect(short.status).toBe(400);
    expect(short.data.fieldErrors.password).toEqual(["account.errors.passwordTooShort"]);
    expect(short.data.values).toEqual({ token });
    const mismatch = await callRoute(resetAction, post("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: "something else entirely" }));
    expect(mismatch.data.fieldErrors.confirmPassword).toEqual(["account.errors.confirmMismatch"]);
    expect(JSON.stringify(mismatch.data)).not.toContain(NEW_PASSWORD);

    const done = await callRoute(resetAction, post("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/reset-password?done=1");
    expect(await sessionsOf(user.id)).toHaveLength(0);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: cookieA }))).status).toBe(401);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordChangedAt).not.toBeNull();
    expect(await t.prisma.auditEvent.count({ where: { action: "password_reset", entityId: user.id } })).toBe(1);
    expect(await t.prisma.emailMessage.count({ where: { to: "reset@test.local", template: "passwordChanged" } })).toBe(1);

    expect((await login("reset@test.local", PASSWORD)).data.fieldErrors.form).toEqual(["errors.signInFailed"]);
    expect((await login("reset@test.local", NEW_PASSWORD)).status).toBe(302);

    // The link worked once.
    expect((await callRoute(resetLoader, get(`/reset-password?token=${token}`))).data.state).toBe("invalid");
    const again = await callRoute(resetAction, post("/reset-password", { token, password: "yet another passphrase", confirmPassword: "yet another passphrase" }));
    expect(again.status).toBe(400);
    expect(again.data.fieldErrors.token).toEqual(["account.reset.invalidTitle"]);
    expect((await login("reset@test.local", NEW_PASSWORD)).status).toBe(302);
  });

  it("refuses an expired link and an invented one", async () => {
    const user = await makeUser("expired@test.local");
    const token = await issueToken({ purpose: "RESET_PASSWORD", email: user.email, userId: user.id, now: new Date(Date.now() - 2 * 60 * MINUTE) });
    expect((await callRoute(resetLoader, get(`/reset-password?token=${token}`))).data.state).toBe("invalid");
    const res = await callRoute(resetAction, post("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.token).toEqual(["account.reset.invalidTitle"]);
    expect((await callRoute(resetLoader, get("/reset-password?token=made-up"))).data.state).toBe("invalid");
    expect((await callRoute(resetLoader, get("/reset-password"))).data.state).toBe("invalid");
    expect((await login("expired@test.local", PASSWORD)).status).toBe(302);
  });

  it("sends at most 3 reset emails per address per quarter hour", async () => {
    await makeUser("flooded@test.local");
    for (let i = 0; i < 5; i++) expect((await callRoute(forgotAction, post("/forgot-password", { email: "flooded@test.local" }))).status).toBe(302);
    expect(await t.prisma.emailMessage.count({ where: { to: "flooded@test.local" } })).toBe(3);
  });
});

describe("the account page", () => {
  it("is for signed-in users only", async () => {
    expect((await callRoute(accountLoader, get("/account"))).status).toBe(401);
    expect((await callRoute(accountAction, post("/account", { intent: "profile", name: "X", locale: "fr" }))).status).toBe(401);
    expect((await callRoute(sessionsLoader, get("/account/sessions"))).status).toBe(401);
    expect((await callRoute(sessionsAction, post("/account/sessions", { intent: "revokeOthers" }))).status).toBe(401);
  });

  it("saves the name and the language, and the page follows the language at once", async () => {
    const user = await makeUser("profile@test.local");
    const cookie = await signInAs("profile@test.local");
    const page = await callRoute(accountLoader, get("/account", { cookie }));
    expect(page.data.profile).toMatchObject({ email: "profile@test.local", locale: "en" });

    const empty = await callRoute(accountAction, post("/account", { intent: "profile", name: "  ", locale: "fr" }, { cookie }));
    expect(empty.status).toBe(400);
    expect(empty.data.fieldErrors.name).toEqual(["account.errors.nameRequired"]);
    expect(empty.data.values.locale).toBe("fr");
    const badLocale = await callRoute(accountAction, post("/account", { intent: "profile", name: "Awa", locale: "de" }, { cookie }));
    expect(badLocale.data.fieldErrors.locale).toEqual(["errors.languageInvalid"]);

    const saved = await callRoute(accountAction, post("/account", { intent: "profile", name: "Awa Diallo", locale: "fr" }, { cookie }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/account?saved=profile");
    expect(saved.headers.get("Set-Cookie")).toMatch(/^lang=fr;/);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: "Awa Diallo", locale: "fr" });
  });

  it("changes the password: the current one is required, other sessions end, this one stays", async () => {
    const user = await makeUser("changer@test.local");
    const here = await signInAs("changer@test.local");
    const elsewhere = await signInAs("changer@test.local");

    const wrong = await callRoute(accountAction, post("/account", { intent: "password", currentPassword: "not it at all", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, { cookie: here }));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.currentPassword).toEqual(["account.errors.currentPasswordWrong"]);
    expect(wrong.data.values).toEqual({ intent: "password" });
    const mismatch = await callRoute(accountAction, post("/account", { intent: "password", currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: "different words here" }, { cookie: here }));
    expect(mismatch.data.fieldErrors.confirmPassword).toEqual(["account.errors.confirmMismatch"]);
    expect(JSON.stringify(mismatch.data)).not.toContain(PASSWORD);
    const same = await callRoute(accountAction, post("/account", { intent: "password", currentPassword: PASSWORD, newPassword: PASSWORD, confirmPassword: PASSWORD }, { cookie: here }));
    expect(same.data.fieldErrors.newPassword).toEqual(["account.errors.passwordUnchanged"]);
    expect(await sessionsOf(user.id)).toHaveLength(2);

    const ok = await callRoute(accountAction, post("/account", { intent: "password", currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, { cookie: here }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/account?saved=password");
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: here }))).status).toBe(200);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: elsewhere }))).status).toBe(401);
    expect(await t.prisma.emailMessage.count({ where: { to: "changer@test.local", template: "passwordChanged" } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { action: "password_changed", entityId: user.id } })).toBe(1);
    expect((await login("changer@test.local", PASSWORD)).status).toBe(400);
    expect((await login("changer@test.local", NEW_PASSWORD)).status).toBe(302);
  });
});

describe("sessions", () => {
  it("lists one's sessions in words, marks this device, and never shows session ids", async () => {
    await makeUser("lister@test.local");
    const cookie = await signInAs("lister@test.local");
    await signInAs("lister@test.local");
    const res = await callRoute(sessionsLoader, get("/account/sessions", { cookie }));
    expect(res.status).toBe(200);
    expect(res.data.sessions).toHaveLength(2);
    expect(res.data.sessions[0]).toMatchObject({ current: true, device: { browser: "Firefox", os: "Linux" } });
    expect(res.data.sessions[1].current).toBe(false);
    expect(res.data.sessions[1].ipAddress).toMatch(/^198\.51\.100\./);
    const sessionId = cookie.split("=")[1]!;
    expect(JSON.stringify(res.data)).not.toContain(sessionId);
  });

  it("ends another of one's own sessions", async () => {
    const user = await makeUser("ender@test.local");
    const cookie = await signInAs("ender@test.local");
    const other = await signInAs("ender@test.local");
    const list = await callRoute(sessionsLoader, get("/account/sessions", { cookie }));
    const target = list.data.sessions.find((s: { current: boolean }) => !s.current);
    const res = await callRoute(sessionsAction, post("/account/sessions", { intent: "revoke", session: target.handle }, { cookie }));
    expect(res.status).toBe(302);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: other }))).status).toBe(401);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie }))).status).toBe(200);
    expect(await sessionsOf(user.id)).toHaveLength(1);

    const current = (await callRoute(sessionsLoader, get("/account/sessions", { cookie }))).data.sessions[0];
    const self = await callRoute(sessionsAction, post("/account/sessions", { intent: "revoke", session: current.handle }, { cookie }));
    expect(self.status).toBe(400);
    expect(await sessionsOf(user.id)).toHaveLength(1);
  });

  it("refuses to end another user's session, by its handle or by its id", async () => {
    const owner = await makeUser("owner@test.local");
    const ownerCookie = await signInAs("owner@test.local");
    await makeUser("intruder@test.local");
    const intruderCookie = await signInAs("intruder@test.local");
    const ownerHandle = (await callRoute(sessionsLoader, get("/account/sessions", { cookie: ownerCookie }))).data.sessions[0].handle;
    const ownerId = ownerCookie.split("=")[1]!;

    for (const session of [ownerHandle, ownerId]) {
      const res = await callRoute(sessionsAction, post("/account/sessions", { intent: "revoke", session }, { cookie: intruderCookie }));
      expect(res.status).toBe(404);
      expect(res.data.error.message).toBe("account.sessions.notFound");
    }
    expect(await sessionsOf(owner.id)).toHaveLength(1);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: ownerCookie }))).status).toBe(200);
    const list = await callRoute(sessionsLoader, get("/account/sessions", { cookie: intruderCookie }));
    expect(list.data.sessions).toHaveLength(1);
  });

  it("signs out all other sessions at once", async () => {
    const user = await makeUser("everywhere@test.local");
    const cookie = await signInAs("everywhere@test.local");
    for (let i = 0; i < 3; i++) await signInAs("everywhere@test.local");
    const res = await callRoute(sessionsAction, post("/account/sessions", { intent: "revokeOthers" }, { cookie }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account/sessions?ended=3&all=1");
    expect(await sessionsOf(user.id)).toHaveLength(1);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie }))).status).toBe(200);
    const bad = await callRoute(sessionsAction, post("/account/sessions", { intent: "explode" }, { cookie }));
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.intent).toEqual(["errors.badForm"]);
  });
});

describe("two-factor sign-in", () => {
  it("is for staff: applicants get 403", async () => {
    await makeUser("applicant-2fa@test.local");
    const cookie = await signInAs("applicant-2fa@test.local");
    expect((await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }))).status).toBe(403);
    expect((await callRoute(twoFactorAction, post("/account/two-factor", { intent: "start" }, { cookie }))).status).toBe(403);
    expect((await callRoute(twoFactorLoader, get("/account/two-factor"))).status).toBe(401);
  });

  it("enrols with a confirming code, and keeps the secret encrypted", async () => {
    const user = await makeUser("enrol@test.local", "GRANT_MANAGER");
    const cookie = await signInAs("enrol@test.local");
    const before = await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }));
    expect(before.data).toMatchObject({ enabledAt: null, pending: null, required: false });
    await callRoute(twoFactorAction, post("/account/two-factor", { intent: "start" }, { cookie }));
    const page = await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }));
    const { secret, grouped, uri } = page.data.pending;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(grouped.replace(/ /g, "")).toBe(secret);
    expect(uri).toContain(`secret=${secret}`);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpSecret).toBeTruthy();
    expect(stored.totpSecret).not.toContain(secret);
    expect(stored.totpEnabledAt).toBeNull();

    const malformed = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: "12ab" }, { cookie }));
    expect(malformed.data.fieldErrors.code).toEqual(["account.errors.codeFormat"]);
    const wrongCode = String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: wrongCode }, { cookie }));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.code).toEqual(["account.errors.codeWrong"]);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();

    const code = codeFor(secret);
    const ok = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: `${code.slice(0, 3)} ${code.slice(3)}` }, { cookie }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/account/two-factor?enabled=1");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull();
    expect(await t.prisma.auditEvent.count({ where: { action: "two_factor_enabled", entityId: user.id } })).toBe(1);
    const after = await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }));
    expect(after.data.pending).toBeNull();
    expect(after.data.enabledAt).not.toBeNull();
  });

  it("asks for the code at sign-in: the pending session reaches only the code step until it is given", async () => {
    const { secret } = await enrol("twostep@test.local");
    const res = await login("twostep@test.local");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login/two-factor?redirectTo=%2Fdashboard");
    const pending = cookieFrom(res.headers.get("Set-Cookie"));

    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: pending }))).status).toBe(401);
    expect((await callRoute(accountLoader, get("/account", { cookie: pending }))).status).toBe(401);
    expect((await callRoute(sessionsLoader, get("/account/sessions", { cookie: pending }))).status).toBe(401);
    expect((await callRoute(twoFactorLoader, get("/account/two-factor", { cookie: pending }))).status).toBe(401);
    expect((await callRoute(stepLoader, get("/login/two-factor?redirectTo=%2Fdashboard", { cookie: pending }))).data).toEqual({ redirectTo: "/dashboard" });
    // Without a pending session the step sends people to sign in.
    const anonymous = await callRoute(stepLoader, get("/login/two-factor"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard");

    const wrongCode = String((Number(codeFor(secret, 1)) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await callRoute(stepAction, post("/login/two-factor", { code: wrongCode, redirectTo: "/dashboard" }, { cookie: pending }));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.code).toEqual(["account.errors.codeWrong"]);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: pending }))).status).toBe(401);

    // The enrolment used this step's code; an app a little ahead shows the next one.
    const ok = await callRoute(stepAction, post("/login/two-factor", { code: codeFor(secret, 1), redirectTo: "/dashboard" }, { cookie: pending }));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/dashboard");
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: pending }))).status).toBe(200);
    // A signed-in user visiting the step goes on.
    expect((await callRoute(stepLoader, get("/login/two-factor", { cookie: pending }))).headers.get("Location")).toBe("/dashboard");

    // The same code cannot be used twice.
    const again = cookieFrom((await login("twostep@test.local")).headers.get("Set-Cookie"));
    const replay = await callRoute(stepAction, post("/login/two-factor", { code: codeFor(secret, 1) }, { cookie: again }));
    expect(replay.status).toBe(400);
    expect(replay.data.fieldErrors.code).toEqual(["account.errors.codeReused"]);
  });

  it("counts wrong codes toward the sign-in limit", async () => {
    const { secret } = await enrol("guesser@test.local");
    const pending = cookieFrom((await login("guesser@test.local")).headers.get("Set-Cookie"));
    const right = codeFor(secret, 1);
    const wrongCode = String((Number(right) + 7) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 5; i++) {
      const res = await callRoute(stepAction, post("/login/two-factor", { code: wrongCode }, { cookie: pending, headers: { "X-Client-Address": freshIp() } }));
      expect(res.data.fieldErrors.code).toEqual(["account.errors.codeWrong"]);
    }
    const locked = await callRoute(stepAction, post("/login/two-factor", { code: right }, { cookie: pending, headers: { "X-Client-Address": freshIp() } }));
    expect(locked.status).toBe(400);
    expect(locked.data.fieldErrors.form).toEqual(["account.errors.tooManyAttempts"]);
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: pending }))).status).toBe(401);
    // Signing in again with the password does not reset the count.
    expect((await login("guesser@test.local")).data.fieldErrors.form).toEqual(["account.errors.tooManyAttempts"]);
    expect(await t.prisma.auditEvent.count({ where: { action: "two_factor_failed" } })).toBeGreaterThanOrEqual(5);
  });

  it("ends a pending session whose code comes too late, and lets the user cancel", async () => {
    const { secret } = await enrol("slow@test.local");
    const pending = cookieFrom((await login("slow@test.local")).headers.get("Set-Cookie"));
    await t.prisma.session.updateMany({ where: { id: pending.split("=")[1]! }, data: { createdAt: new Date(Date.now() - 11 * MINUTE) } });
    const late = await callRoute(stepAction, post("/login/two-factor", { code: codeFor(secret, 1) }, { cookie: pending }));
    expect(late.status).toBe(400);
    expect(late.data.fieldErrors.form).toEqual(["account.twoFactor.tooSlow"]);
    expect(await t.prisma.session.count({ where: { id: pending.split("=")[1]! } })).toBe(0);

    const next = cookieFrom((await login("slow@test.local")).headers.get("Set-Cookie"));
    const cancel = await callRoute(stepAction, post("/login/two-factor", { intent: "cancel" }, { cookie: next }));
    expect(cancel.status).toBe(302);
    expect(cancel.headers.get("Location")).toBe("/login");
    expect(cancel.headers.get("Set-Cookie")).toMatch(/^grants_session=;/);
    expect(await t.prisma.session.count({ where: { id: next.split("=")[1]! } })).toBe(0);
  });

  it("turns off only with a current code, and tells the owner", async () => {
    const user = await t.prisma.user.create({ data: { email: "off@test.local", name: "Off", role: "EVALUATOR", passwordHash: await hashPassword(PASSWORD) } });
    const { secret, cookie } = await enrol(user.email);
    const wrongCode = String((Number(codeFor(secret, 1)) + 3) % 1_000_000).padStart(6, "0");
    const wrong = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "disable", code: wrongCode }, { cookie }));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.code).toEqual(["account.errors.codeWrong"]);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull();

    const ok = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "disable", code: codeFor(secret, 1) }, { cookie }));
    expect(ok.status).toBe(302);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpEnabledAt).toBeNull();
    expect(row.totpSecret).toBeNull();
    expect(await t.prisma.auditEvent.count({ where: { action: "two_factor_disabled", entityId: user.id } })).toBe(1);
    expect(await t.prisma.emailMessage.count({ where: { to: user.email, template: "twoFactorDisabled" } })).toBe(1);
    expect((await login(user.email)).headers.get("Location")).toBe("/dashboard");
  });
});

describe("staff must use two-factor sign-in", () => {
  it("is an administrators' setting: others get 403, anonymous visitors 401", async () => {
    expect((await callRoute(securityLoader, get("/admin/security"))).status).toBe(401);
    expect((await callRoute(securityAction, post("/admin/security", { staffTwoFactorRequired: "on" }))).status).toBe(401);
    for (const role of ["APPLICANT", "EVALUATOR", "GRANT_MANAGER"] as const) {
      const email = `not-admin-${role.toLowerCase()}@test.local`;
      await makeUser(email, role);
      const cookie = await signInAs(email);
      expect((await callRoute(securityLoader, get("/admin/security", { cookie }))).status, role).toBe(403);
      expect((await callRoute(securityAction, post("/admin/security", { staffTwoFactorRequired: "on" }, { cookie }))).status, role).toBe(403);
    }
    expect(await t.prisma.appSetting.count({ where: { key: "staffTwoFactorRequired" } })).toBe(0);
  });

  it("sends staff without two-factor to enrol before anything else, and lets them go on after", async () => {
    const admin = await makeUser("admin@test.local", "ADMIN");
    const adminCookie = await signInAs("admin@test.local");
    const page = await callRoute(securityLoader, get("/admin/security", { cookie: adminCookie }));
    expect(page.data).toMatchObject({ staffTwoFactorRequired: false, selfHasTwoFactor: false });
    const on = await callRoute(securityAction, post("/admin/security", { staffTwoFactorRequired: "on" }, { cookie: adminCookie }));
    expect(on.status).toBe(302);
    expect((await t.prisma.appSetting.findUniqueOrThrow({ where: { key: "staffTwoFactorRequired" } })).value).toBe(true);
    expect(await t.prisma.auditEvent.findFirst({ where: { action: "security_setting_changed", actorId: admin.id } })).toMatchObject({ fromState: "false", toState: "true" });

    // The admin, without two-factor, is now sent to enrol too.
    const adminAgain = await callRoute(securityLoader, get("/admin/security", { cookie: adminCookie }));
    expect(adminAgain.status).toBe(302);
    expect(adminAgain.headers.get("Location")).toBe("/account/two-factor?redirectTo=%2Fadmin%2Fsecurity");

    await makeUser("forced@test.local", "EVALUATOR");
    const cookie = await signInAs("forced@test.local");
    const dashboard = await callRoute(dashboardLoader, get("/dashboard", { cookie }));
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.get("Location")).toBe("/account/two-factor?redirectTo=%2Fdashboard");
    expect((await callRoute(sessionsLoader, get("/account/sessions", { cookie }))).headers.get("Location")).toBe("/account/two-factor?redirectTo=%2Faccount%2Fsessions");
    const posted = await callRoute(accountAction, post("/account", { intent: "profile", name: "Sneaky", locale: "en" }, { cookie }));
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe("/account/two-factor");
    const enrolPage = await callRoute(twoFactorLoader, get("/account/two-factor?redirectTo=%2Fdashboard", { cookie }));
    expect(enrolPage.status).toBe(200);
    expect(enrolPage.data).toMatchObject({ required: true, redirectTo: "/dashboard" });

    // Applicants are not concerned.
    await makeUser("free-applicant@test.local");
    const applicant = await signInAs("free-applicant@test.local");
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie: applicant }))).status).toBe(200);

    // Enrolling takes the evaluator back where they were going.
    await callRoute(twoFactorAction, post("/account/two-factor", { intent: "start", redirectTo: "/dashboard" }, { cookie }));
    const secret = (await callRoute(twoFactorLoader, get("/account/two-factor", { cookie }))).data.pending.secret;
    const done = await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: codeFor(secret), redirectTo: "/dashboard" }, { cookie }));
    expect(done.headers.get("Location")).toBe("/dashboard");
    expect((await callRoute(dashboardLoader, get("/dashboard", { cookie }))).status).toBe(200);

    // Switching the rule off (the admin enrols first, since the rule applies to them).
    const adminSecret = await (async () => {
      await callRoute(twoFactorAction, post("/account/two-factor", { intent: "start" }, { cookie: adminCookie }));
      return (await callRoute(twoFactorLoader, get("/account/two-factor", { cookie: adminCookie }))).data.pending.secret as string;
    })();
    await callRoute(twoFactorAction, post("/account/two-factor", { intent: "confirm", code: codeFor(adminSecret) }, { cookie: adminCookie }));
    const off = await callRoute(securityAction, post("/admin/security", {}, { cookie: adminCookie }));
    expect(off.status).toBe(302);
    expect((await t.prisma.appSetting.findUniqueOrThrow({ where: { key: "staffTwoFactorRequired" } })).value).toBe(false);
    expect(await t.prisma.auditEvent.count({ where: { action: "security_setting_changed" } })).toBe(2);
  });
});

describe("the development outbox", () => {
  it("lists the latest emails to anyone on a development copy, filtered by address", async () => {
    const res = await callRoute(outboxLoader, get("/dev/outbox"));
    expect(res.status).toBe(200);
    expect(res.data.messages.length).toBeGreaterThan(0);
    expect(res.data.messages[0]).toHaveProperty("subject");
    const filtered = await callRoute(outboxLoader, get("/dev/outbox?to=Marie%40test.local"));
    expect(filtered.data.messages.map((m: { to: string }) => m.to)).toEqual(["marie@test.local"]);
  });

  it("does not exist in production mode, nor when real email is configured", async () => {
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      expect((await callRoute(outboxLoader, get("/dev/outbox"))).status).toBe(404);
    } finally {
      process.env.NODE_ENV = mode;
    }
    process.env.SMTP_URL = "smtp://mail.example.org:587";
    try {
      expect((await callRoute(outboxLoader, get("/dev/outbox"))).status).toBe(404);
    } finally {
      delete process.env.SMTP_URL;
    }
    expect((await callRoute(outboxLoader, get("/dev/outbox"))).status).toBe(200);
  });
});

describe("over HTTP, through the production server", () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const form = (fields: Record<string, string>) => ({
    method: "POST",
    redirect: "manual" as const,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) },
    body: new URLSearchParams(fields).toString(),
  });

  it("serves the code step at /login/two-factor, uncached, to a pending session only", async () => {
    const { secret } = await enrol("http-2fa@test.local");
    const signIn = await fetch(`${app.url}/login`, form({ email: "http-2fa@test.local", password: PASSWORD }));
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fdashboard");
    const pending = cookieFrom(signIn.headers.get("set-cookie"));

    const step = await fetch(`${app.url}/login/two-factor`, { headers: { Cookie: pending } });
    expect(step.status).toBe(200);
    expect(step.headers.get("cache-control")).toBe("no-store");
    expect(await step.text()).toContain("Enter your sign-in code");
    expect((await fetch(`${app.url}/dashboard`, { headers: { Cookie: pending }, redirect: "manual" })).status).toBe(401);

    const done = await fetch(`${app.url}/login/two-factor`, { ...form({ code: codeFor(secret, 1), redirectTo: "/dashboard" }), headers: { ...form({}).headers, Cookie: pending } });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/dashboard");
    expect((await fetch(`${app.url}/dashboard`, { headers: { Cookie: pending }, redirect: "manual" })).status).toBe(200);
  });

  it("shows the forgot-password page and the development outbox to anonymous visitors", async () => {
    const forgot = await fetch(`${app.url}/forgot-password`);
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toContain("Reset your password");
    const outbox = await fetch(`${app.url}/dev/outbox`);
    expect(outbox.status).toBe(200);
    expect(await outbox.text()).toContain("Development outbox");
  });
});
