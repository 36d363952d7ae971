// Registration and organisations against a real database and an embedded S3 store: the
// routes' loaders and actions are called with real Request objects. Sign-up, email
// confirmation, organisation registration, scoping between organisations, documents,
// invitations, the last-owner rule, and bad input everywhere (field errors, never a 500).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { issueToken } from "~/modules/auth/tokens.server.ts";
import { applyEmbeddedS3Env, startEmbeddedS3, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { resetStorageClient } from "~/modules/documents/storage.server.ts";
import { MAX_INVITATIONS_PER_ADDRESS_PER_HOUR } from "~/modules/organisations/members.server.ts";
import { createOrganisation } from "~/modules/organisations/organisations.server.ts";
import { MAX_EMAILS_PER_HOUR } from "~/modules/organisations/registration.server.ts";
import { OrganisationSchema } from "~/modules/organisations/schemas.ts";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitations.$token.tsx";
import { action as orgAction, loader as orgLoader } from "~/routes/organisation.$organisationId._index.tsx";
import { action as editAction, loader as editLoader } from "~/routes/organisation.$organisationId.edit.tsx";
import { action as membersAction, loader as membersLoader } from "~/routes/organisation.$organisationId.members.tsx";
import { loader as orgIndexLoader } from "~/routes/organisation._index.tsx";
import { loader as downloadLoader } from "~/routes/organisation.documents.$documentId.download.tsx";
import { loader as membersRedirectLoader } from "~/routes/organisation.members.tsx";
import { action as newOrgAction, loader as newOrgLoader } from "~/routes/organisation.new.tsx";
import { action as signupAction, loader as signupLoader } from "~/routes/signup.tsx";
import { action as verifyAction, loader as verifyLoader } from "~/routes/verify-email._index.tsx";
import { loader as pendingLoader } from "~/routes/verify-email.pending.tsx";
import { action as resendAction } from "~/routes/verify-email.resend.tsx";
import { AppError } from "~/utils/errors.ts";
import { callRoute, cookieFrom, get, post } from "../support/route-call.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const PASSWORD = "a long enough password";
const ENV_KEYS = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "S3_REGION"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let t: TestDb;
let s3: EmbeddedS3;
let s3Dir: string;

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(os.tmpdir(), "grants-org-s3-"));
  s3 = await startEmbeddedS3({ directory: s3Dir, bucket: "org-documents" });
  applyEmbeddedS3Env(s3);
  t = await createTestDb();
});

afterAll(async () => {
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

// ---------------------------------------------------------------- helpers

const ORG_FORM = {
  legalName: "Association Sénégalaise pour la Migration",
  acronym: "ASM",
  typeCode: "CSO",
  countryCode: "SN",
  registrationNumber: "SN-DKR-2011-B-4821",
  yearFounded: "2011",
  address: "Sicap Liberté 6, Dakar",
  website: "https://asm.example.org",
};

// The client address as the server layer passes it on (server/app.ts sets it from the socket and trusted proxies).
const FROM = { "X-Client-Address": "203.0.113.7" };

async function latestEmail(to: string, template?: string) {
  return t.prisma.emailMessage.findFirst({ where: { to, ...(template ? { template } : {}) }, orderBy: { createdAt: "desc" } });
}

function linkIn(text: string): URL {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return new URL(match[0]);
}

async function cookieFor(userId: string): Promise<string> {
  return cookieFrom(await createSessionCookie(userId, {}));
}

let seq = 0;
/** A confirmed applicant, optionally owner or member of an organisation. */
async function applicant(opts: { locale?: "en" | "fr"; verified?: boolean; role?: "APPLICANT" | "GRANT_MANAGER" | "ADMIN"; email?: string } = {}) {
  seq += 1;
  const user = await t.prisma.user.create({
    data: {
      email: opts.email ?? `person${seq}@example.org`,
      name: `Person ${seq}`,
      passwordHash: await hashPassword(PASSWORD),
      role: opts.role ?? "APPLICANT",
      locale: opts.locale ?? "en",
      emailVerifiedAt: opts.verified === false ? null : new Date(),
    },
  });
  return { user, cookie: await cookieFor(user.id) };
}

async function organisationOwnedBy(userId: string, name = `Organisation ${++seq}`) {
  return t.prisma.organisation.create({ data: { legalName: name, typeCode: "CSO", countryCode: "SN", yearFounded: 2010, members: { create: { userId, role: "OWNER" } } } });
}

async function addMember(organisationId: string, role: "OWNER" | "MEMBER" = "MEMBER") {
  const person = await applicant();
  await t.prisma.membership.create({ data: { userId: person.user.id, organisationId, role } });
  return person;
}

function upload(pathname: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array; type?: string } | null, cookie: string): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
  return new Request(`http://localhost${pathname}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const EXE_BYTES = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0]);

// ---------------------------------------------------------------- sign-up and confirmation

describe("sign-up, confirmation and the first organisation", () => {
  it("signs up, emails the link in the chosen language, confirms, registers an organisation and makes the creator its owner", async () => {
    const signupPage = await callRoute(signupLoader, get("/signup"));
    expect(signupPage.status).toBe(200);

    const res = await callRoute(signupAction, post("/signup", { name: "Awa Diop", email: "Awa.Diop@Example.org", password: PASSWORD, locale: "fr", role: "ADMIN" }, { headers: FROM }));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, email: "awa.diop@example.org" });
    expect(res.headers.get("Set-Cookie")).toBeNull();

    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "awa.diop@example.org" } });
    expect(user).toMatchObject({ role: "APPLICANT", locale: "fr", emailVerifiedAt: null, name: "Awa Diop" });
    expect(user.passwordHash).not.toContain(PASSWORD);

    const email = await latestEmail("awa.diop@example.org");
    expect(email).toMatchObject({ template: "verifyEmail", locale: "fr", subject: "Confirmez votre adresse e-mail", status: "outbox" });
    const link = linkIn(email!.text);
    expect(link.origin).toBe("http://localhost");
    expect(link.pathname).toBe("/verify-email");
    const token = link.searchParams.get("token")!;
    expect(token.length).toBeGreaterThan(20);
    // Only the hash is stored.
    expect(await t.prisma.authToken.count({ where: { tokenHash: token } })).toBe(0);

    const page = await callRoute(verifyLoader, get(`/verify-email?token=${encodeURIComponent(token)}`));
    expect(page.data).toMatchObject({ usable: true, token });
    // Opening the link (what a mail scanner does) confirms nothing by itself.
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();

    const confirmed = await callRoute(verifyAction, post("/verify-email", { token }, { headers: FROM }));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/organisation/new");
    const cookie = cookieFrom(confirmed.headers.get("Set-Cookie"));
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date);

    const form = await callRoute(newOrgLoader, get("/organisation/new?lang=fr", { cookie }));
    expect(form.status).toBe(200);
    const senegal = form.data.options.countries.find((c: { code: string }) => c.code === "SN");
    expect(senegal.name).toBe("Sénégal");
    expect(form.data.options.types.map((c: { code: string }) => c.code)).toContain("DIASPORA");

    const created = await callRoute(newOrgAction, post("/organisation/new", ORG_FORM, { cookie, headers: FROM }));
    expect(created.status).toBe(302);
    const location = created.headers.get("Location")!;
    expect(location).toMatch(/^\/organisation\/[^/?]+\?done=created$/);
    const organisationId = location.split("/")[2]!.split("?")[0]!;
    const membership = await t.prisma.membership.findUniqueOrThrow({ where: { userId_organisationId: { userId: user.id, organisationId } } });
    expect(membership.role).toBe("OWNER");
    const org = await t.prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } });
    expect(org).toMatchObject({ legalName: ORG_FORM.legalName, yearFounded: 2011, countryCode: "SN", website: "https://asm.example.org/" });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "organisation_created", entityId: organisationId } });
    expect(audit).toMatchObject({ actorId: user.id, ipAddress: "203.0.113.7", entityType: "organisation" });
    expect(await t.prisma.auditEvent.count({ where: { action: "user_registered", entityId: user.id } })).toBe(1);

    const view = await callRoute(orgLoader, get(`/organisation/${organisationId}`, { cookie }), { organisationId });
    expect(view.data.profile).toMatchObject({ legalName: ORG_FORM.legalName, viewerRole: "OWNER", canEdit: true, memberCount: 1 });
    const index = await callRoute(orgIndexLoader, get("/organisation", { cookie }));
    expect(index.status).toBe(302);
    expect(index.headers.get("Location")).toBe(`/organisation/${organisationId}`);
    const members = await callRoute(membersRedirectLoader, get("/organisation/members", { cookie }));
    expect(members.headers.get("Location")).toBe(`/organisation/${organisationId}/members`);
  });

  it("gives the same answer for an address that already has an account, and creates nothing", async () => {
    const { user } = await applicant({ email: "taken@example.org", locale: "fr" });
    const before = { users: await t.prisma.user.count(), tokens: await t.prisma.authToken.count(), hash: user.passwordHash };
    const fresh = await callRoute(signupAction, post("/signup", { name: "New Person", email: "new-person@example.org", password: PASSWORD, locale: "en" }));
    const dup = await callRoute(signupAction, post("/signup", { name: "Impostor", email: "TAKEN@example.org", password: "another long password", locale: "en" }));
    expect(dup.status).toBe(fresh.status);
    expect(Object.keys(dup.data)).toEqual(Object.keys(fresh.data));
    expect(dup.data).toEqual({ ok: true, email: "taken@example.org" });
    expect(await t.prisma.user.count()).toBe(before.users + 1);
    expect(await t.prisma.authToken.count()).toBe(before.tokens + 1);
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ name: user.name, passwordHash: before.hash, locale: "fr" });
    // The owner of the address is told, in their own language.
    const note = await latestEmail("taken@example.org");
    expect(note).toMatchObject({ template: "accountExists", locale: "fr" });
  });

  it("sends an unconfirmed account a fresh link instead, and stops after a few emails an hour", async () => {
    const first = await callRoute(signupAction, post("/signup", { name: "Slow Reader", email: "slow@example.org", password: PASSWORD, locale: "en" }));
    expect(first.status).toBe(200);
    const oldLink = linkIn((await latestEmail("slow@example.org"))!.text);
    const again = await callRoute(signupAction, post("/signup", { name: "Slow Reader", email: "slow@example.org", password: PASSWORD, locale: "en" }));
    expect(again.data).toEqual(first.data);
    expect(await t.prisma.user.count({ where: { email: "slow@example.org" } })).toBe(1);
    const newLink = linkIn((await latestEmail("slow@example.org"))!.text);
    expect(newLink.searchParams.get("token")).not.toBe(oldLink.searchParams.get("token"));
    // The older link no longer works.
    const old = await callRoute(verifyLoader, get(`/verify-email${oldLink.search}`));
    expect(old.data.usable).toBe(false);
    for (let i = 0; i < MAX_EMAILS_PER_HOUR + 2; i++) await callRoute(resendAction, post("/verify-email/resend", { email: "slow@example.org" }));
    expect(await t.prisma.emailMessage.count({ where: { to: "slow@example.org", template: "verifyEmail" } })).toBe(MAX_EMAILS_PER_HOUR);
  });

  it("uses a confirmation link once; a used or unknown link shows a clear message, never a 500", async () => {
    await callRoute(signupAction, post("/signup", { name: "Once Only", email: "once@example.org", password: PASSWORD, locale: "en" }));
    const token = linkIn((await latestEmail("once@example.org"))!.text).searchParams.get("token")!;
    const ok = await callRoute(verifyAction, post("/verify-email", { token }));
    expect(ok.status).toBe(302);
    const second = await callRoute(verifyAction, post("/verify-email", { token }));
    expect(second.status).toBe(400);
    expect(second.data.fieldErrors.form).toEqual(["registration.verify.invalidBody"]);
    expect(second.headers.get("Set-Cookie")).toBeNull();
    const page = await callRoute(verifyLoader, get(`/verify-email?token=${token}`));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ usable: false, token: "" });
    for (const bad of ["", "nonsense", "x".repeat(500)]) {
      const res = await callRoute(verifyAction, post("/verify-email", { token: bad }));
      expect(res.status, bad).toBe(400);
      expect((await callRoute(verifyLoader, get(`/verify-email?token=${bad}`))).data.usable).toBe(false);
    }
  });

  it("refuses an expired link", async () => {
    const { user } = await applicant({ verified: false });
    const token = await issueToken({ purpose: "VERIFY_EMAIL", email: user.email, userId: user.id, now: new Date(Date.now() - 49 * 3600_000) });
    const res = await callRoute(verifyAction, post("/verify-email", { token }));
    expect(res.status).toBe(400);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
  });

  it("answers a resend request the same way for any address", async () => {
    const unknown = await callRoute(resendAction, post("/verify-email/resend", { email: "nobody@example.org" }));
    const { user } = await applicant();
    const verified = await callRoute(resendAction, post("/verify-email/resend", { email: user.email }));
    expect(unknown.status).toBe(200);
    expect(verified.status).toBe(200);
    expect(Object.keys(unknown.data)).toEqual(Object.keys(verified.data));
    expect(await t.prisma.emailMessage.count({ where: { to: { in: ["nobody@example.org", user.email] } } })).toBe(0);
  });

  it("sends someone who came from an invitation back to it after confirming", async () => {
    await callRoute(signupAction, post("/signup", { name: "Invitee", email: "back@example.org", password: PASSWORD, locale: "en", redirectTo: "/invitations/abc" }));
    const link = linkIn((await latestEmail("back@example.org"))!.text);
    expect(link.searchParams.get("next")).toBe("/invitations/abc");
    const page = await callRoute(verifyLoader, get(`/verify-email${link.search}`));
    const res = await callRoute(verifyAction, post("/verify-email", { token: page.data.token, next: "//evil.example/x" }));
    // A foreign "next" is ignored.
    expect(res.headers.get("Location")).toBe("/organisation/new");
  });
});

describe("accounts whose email address is not confirmed", () => {
  it("can sign in but cannot register an organisation: the page sends them to confirm, the service refuses", async () => {
    const { user, cookie } = await applicant({ verified: false });
    const page = await callRoute(newOrgLoader, get("/organisation/new", { cookie }));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/verify-email\/pending/);
    const post1 = await callRoute(newOrgAction, post("/organisation/new", ORG_FORM, { cookie }));
    expect(post1.status).toBe(302);
    expect(post1.headers.get("Location")).toMatch(/^\/verify-email\/pending/);
    const pending = await callRoute(pendingLoader, get("/verify-email/pending", { cookie }));
    expect(pending.status).toBe(200);
    expect(pending.data.email).toBe(user.email);
    const input = OrganisationSchema.parse(ORG_FORM);
    await expect(createOrganisation({ id: user.id, role: "APPLICANT", organisationIds: [] }, input, { ipAddress: null })).rejects.toMatchObject({ code: "forbidden", message: "registration.errors.emailNotVerified" });
    expect(await t.prisma.membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it("cannot accept an invitation until confirmed", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const invitee = await applicant({ verified: false });
    const token = await issueToken({ purpose: "ORGANISATION_INVITATION", email: invitee.user.email, organisationId: org.id, invitedById: owner.user.id });
    const page = await callRoute(invitationLoader, get(`/invitations/${token}`, { cookie: invitee.cookie }), { token });
    expect(page.data.view.status).toBe("unverified");
    const res = await callRoute(invitationAction, post(`/invitations/${token}`, {}, { cookie: invitee.cookie }), { token });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.form).toEqual(["registration.errors.emailNotVerified"]);
    expect(await t.prisma.membership.count({ where: { userId: invitee.user.id } })).toBe(0);
  });

  it("staff are never offered organisation registration", async () => {
    const staff = await applicant({ role: "GRANT_MANAGER" });
    const res = await callRoute(newOrgLoader, get("/organisation/new", { cookie: staff.cookie }));
    expect(res.status).toBe(403);
    const index = await callRoute(orgIndexLoader, get("/organisation", { cookie: staff.cookie }));
    expect(index.status).toBe(403);
  });

  it("anonymous visitors are asked to sign in", async () => {
    for (const [fn, url, params] of [
      [newOrgLoader, "/organisation/new", {}],
      [orgIndexLoader, "/organisation", {}],
      [orgLoader, "/organisation/x", { organisationId: "x" }],
      [membersLoader, "/organisation/x/members", { organisationId: "x" }],
      [downloadLoader, "/organisation/documents/x/download", { documentId: "x" }],
    ] as const) {
      const res = await callRoute(fn, get(url), params);
      expect(res.status, url).toBe(401);
    }
  });
});

// ---------------------------------------------------------------- scoping between organisations

describe("an applicant of organisation B and organisation A's records", () => {
  let a: { owner: Awaited<ReturnType<typeof applicant>>; orgId: string; docId: string };
  let b: { owner: Awaited<ReturnType<typeof applicant>>; orgId: string };

  beforeAll(async () => {
    const ownerA = await applicant();
    const orgA = await organisationOwnedBy(ownerA.user.id, "Alpha Network");
    const up = await callRoute(orgAction, upload(`/organisation/${orgA.id}`, { kind: "statutes" }, { name: "statutes.pdf", bytes: PDF_BYTES, type: "application/pdf" }, ownerA.cookie), { organisationId: orgA.id });
    expect(up.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { organisationId: orgA.id } });
    a = { owner: ownerA, orgId: orgA.id, docId: doc.id };
    const ownerB = await applicant();
    const orgB = await organisationOwnedBy(ownerB.user.id, "Beta Centre");
    b = { owner: ownerB, orgId: orgB.id };
  });

  it("gets 404 for A's page, edit form, members page and document download", async () => {
    const cookie = b.owner.cookie;
    const id = a.orgId;
    expect((await callRoute(orgLoader, get(`/organisation/${id}`, { cookie }), { organisationId: id })).status).toBe(404);
    expect((await callRoute(editLoader, get(`/organisation/${id}/edit`, { cookie }), { organisationId: id })).status).toBe(404);
    expect((await callRoute(membersLoader, get(`/organisation/${id}/members`, { cookie }), { organisationId: id })).status).toBe(404);
    const download = await callRoute(downloadLoader, get(`/organisation/documents/${a.docId}/download`, { cookie }), { documentId: a.docId });
    expect(download.status).toBe(404);
    expect(download.headers.get("Location")).toBeNull();
    // A made-up id looks the same as another organisation's.
    expect((await callRoute(orgLoader, get("/organisation/does-not-exist", { cookie }), { organisationId: "does-not-exist" })).status).toBe(404);
  });

  it("cannot change A by posting A's id: edit, upload, delete, invite, remove", async () => {
    const cookie = b.owner.cookie;
    const id = a.orgId;
    const edit = await callRoute(editAction, post(`/organisation/${id}/edit`, { ...ORG_FORM, legalName: "Hijacked" }, { cookie }), { organisationId: id });
    expect(edit.status).toBe(404);
    expect((await t.prisma.organisation.findUniqueOrThrow({ where: { id } })).legalName).toBe("Alpha Network");

    const up = await callRoute(orgAction, upload(`/organisation/${id}`, { kind: "statutes" }, { name: "x.pdf", bytes: PDF_BYTES }, cookie), { organisationId: id });
    expect(up.status).toBe(404);
    expect(await t.prisma.document.count({ where: { organisationId: id } })).toBe(1);

    const del = await callRoute(orgAction, post(`/organisation/${id}`, { intent: "delete", documentId: a.docId }, { cookie }), { organisationId: id });
    expect(del.status).toBe(404);
    // A's document id posted to B's own page: not found either.
    const delViaB = await callRoute(orgAction, post(`/organisation/${b.orgId}`, { intent: "delete", documentId: a.docId }, { cookie }), { organisationId: b.orgId });
    expect(delViaB.status).toBe(404);
    expect(await t.prisma.document.count({ where: { id: a.docId } })).toBe(1);

    const invite = await callRoute(membersAction, post(`/organisation/${id}/members`, { intent: "invite", email: "spy@example.org" }, { cookie }), { organisationId: id });
    expect(invite.status).toBe(404);
    const remove = await callRoute(membersAction, post(`/organisation/${id}/members`, { intent: "remove", userId: a.owner.user.id }, { cookie }), { organisationId: id });
    expect(remove.status).toBe(404);
    expect(await t.prisma.membership.count({ where: { organisationId: id } })).toBe(1);
    expect(await t.prisma.authToken.count({ where: { email: "spy@example.org" } })).toBe(0);
  });

  it("A's own member downloads through a short-lived presigned link with the original bytes", async () => {
    const res = await callRoute(downloadLoader, get(`/organisation/documents/${a.docId}/download`, { cookie: a.owner.cookie }), { documentId: a.docId });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!);
    expect(location.origin).toBe(s3.endpoint);
    expect(Number(location.searchParams.get("X-Amz-Expires"))).toBeLessThanOrEqual(60);
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PDF_BYTES))).toBe(true);
  });
});

// ---------------------------------------------------------------- profile and documents

describe("the profile and documents", () => {
  it("any member edits the profile; the change is audited field by field", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id, "Gamma Association");
    const member = await addMember(org.id);
    const page = await callRoute(editLoader, get(`/organisation/${org.id}/edit`, { cookie: member.cookie }), { organisationId: org.id });
    expect(page.status).toBe(200);
    expect(page.data.values.legalName).toBe("Gamma Association");
    const res = await callRoute(
      editAction,
      post(`/organisation/${org.id}/edit`, { ...ORG_FORM, legalName: "Gamma Association for Diaspora", typeCode: "DIASPORA", countryCode: "FR", "originCountryCodes[]": "ML" }, { cookie: member.cookie, headers: FROM }),
      { organisationId: org.id },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/organisation/${org.id}?done=saved`);
    const after = await t.prisma.organisation.findUniqueOrThrow({ where: { id: org.id } });
    expect(after).toMatchObject({ legalName: "Gamma Association for Diaspora", typeCode: "DIASPORA", originCountryCodes: ["ML"] });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "organisation_updated", entityId: org.id } });
    expect(audit.actorId).toBe(member.user.id);
    expect(audit.ipAddress).toBe("203.0.113.7");
    expect((audit.data as { changes: Record<string, { from: unknown; to: unknown }> }).changes.legalName).toEqual({ from: "Gamma Association", to: "Gamma Association for Diaspora" });
  });

  it("uploads the statutes and the certificate as PDF, JPEG or PNG, checked by content", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const url = `/organisation/${org.id}`;
    const params = { organisationId: org.id };
    const pdf = await callRoute(orgAction, upload(url, { kind: "statutes" }, { name: "Statuts de l'association.pdf", bytes: PDF_BYTES, type: "application/pdf" }, owner.cookie), params);
    expect(pdf.status).toBe(302);
    expect(pdf.headers.get("Location")).toBe(`${url}?done=uploaded#documents`);
    const png = await callRoute(orgAction, upload(url, { kind: "registration_certificate" }, { name: "certificate.png", bytes: PNG_BYTES, type: "image/png" }, owner.cookie), params);
    expect(png.status).toBe(302);
    const docs = await t.prisma.document.findMany({ where: { organisationId: org.id }, orderBy: { createdAt: "asc" } });
    expect(docs.map((d) => [d.kind, d.contentType, d.filename])).toEqual([
      ["statutes", "application/pdf", "Statuts de l'association.pdf"],
      ["registration_certificate", "image/png", "certificate.png"],
    ]);
    expect(docs.every((d) => d.uploadedById === owner.user.id)).toBe(true);
    expect(await t.prisma.auditEvent.count({ where: { action: "organisation_document_uploaded", entityId: org.id } })).toBe(2);
    const view = await callRoute(orgLoader, get(url, { cookie: owner.cookie }), params);
    expect(view.data.documents.documents).toHaveLength(2);

    const del = await callRoute(orgAction, post(url, { intent: "delete", documentId: docs[0]!.id }, { cookie: owner.cookie }), params);
    expect(del.status).toBe(302);
    expect(await t.prisma.document.count({ where: { organisationId: org.id } })).toBe(1);
  });

  it("refuses a file that lies about its type, an executable, an empty or oversized file, with a message", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const url = `/organisation/${org.id}`;
    const params = { organisationId: org.id };
    const cases = [
      [{ name: "statutes.pdf", bytes: PNG_BYTES, type: "application/pdf" }, "organisation.documents.errors.fileMismatch"],
      [{ name: "statutes.pdf", bytes: EXE_BYTES, type: "application/pdf" }, "organisation.documents.errors.fileType"],
      [{ name: "setup.exe", bytes: EXE_BYTES, type: "application/x-msdownload" }, "organisation.documents.errors.fileType"],
      [{ name: "empty.pdf", bytes: new Uint8Array(0) }, "organisation.documents.errors.fileEmpty"],
      [{ name: "huge.pdf", bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25) }, "organisation.documents.errors.fileTooLarge"],
      [null, "organisation.documents.errors.fileRequired"],
    ] as const;
    for (const [file, message] of cases) {
      const res = await callRoute(orgAction, upload(url, { kind: "statutes" }, file, owner.cookie), params);
      expect(res.status, message).toBe(400);
      expect(res.data.fieldErrors.file, message).toEqual([message]);
      expect(res.data.values.kind).toBe("statutes");
    }
    const noKind = await callRoute(orgAction, upload(url, { kind: "passport" }, { name: "a.pdf", bytes: PDF_BYTES }, owner.cookie), params);
    expect(noKind.status).toBe(400);
    expect(noKind.data.fieldErrors.kind).toEqual(["organisation.documents.errors.kindRequired"]);
    expect(await t.prisma.document.count({ where: { organisationId: org.id } })).toBe(0);
  });
});

// ---------------------------------------------------------------- members and invitations

describe("members and invitations", () => {
  it("an owner invites a colleague in the owner's language; the colleague signs up through the link, confirms, accepts and becomes a member", async () => {
    const owner = await applicant({ locale: "fr" });
    const org = await organisationOwnedBy(owner.user.id, "Delta Diaspora");
    const params = { organisationId: org.id };
    const invited = await callRoute(membersAction, post(`/organisation/${org.id}/members`, { intent: "invite", email: "Colleague@Example.org" }, { cookie: owner.cookie, headers: FROM }), params);
    expect(invited.status).toBe(200);
    expect(invited.data).toMatchObject({ ok: true, done: "invited", email: "colleague@example.org" });
    const email = await latestEmail("colleague@example.org", "organisationInvitation");
    expect(email).toMatchObject({ locale: "fr", subject: "Rejoignez Delta Diaspora sur la plateforme des subventions" });
    const link = linkIn(email!.text);
    const token = decodeURIComponent(link.pathname.split("/")[2]!);
    const list = await callRoute(membersLoader, get(`/organisation/${org.id}/members`, { cookie: owner.cookie }), params);
    expect(list.data.invitations.map((i: { email: string }) => i.email)).toEqual(["colleague@example.org"]);

    const anonymous = await callRoute(invitationLoader, get(link.pathname), { token });
    expect(anonymous.data.view).toMatchObject({ status: "anonymous", email: "colleague@example.org", organisation: { name: "Delta Diaspora" }, inviter: owner.user.name });

    await callRoute(signupAction, post("/signup", { name: "Colleague", email: "colleague@example.org", password: PASSWORD, locale: "en", redirectTo: link.pathname }));
    const verifyLink = linkIn((await latestEmail("colleague@example.org", "verifyEmail"))!.text);
    const confirmed = await callRoute(verifyAction, post("/verify-email", { token: verifyLink.searchParams.get("token")!, next: verifyLink.searchParams.get("next")! }));
    expect(confirmed.headers.get("Location")).toBe(link.pathname);
    const cookie = cookieFrom(confirmed.headers.get("Set-Cookie"));

    const ready = await callRoute(invitationLoader, get(link.pathname, { cookie }), { token });
    expect(ready.data.view.status).toBe("ready");
    const accepted = await callRoute(invitationAction, post(link.pathname, {}, { cookie, headers: FROM }), { token });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toBe(`/organisation/${org.id}?done=joined`);
    const colleague = await t.prisma.user.findUniqueOrThrow({ where: { email: "colleague@example.org" } });
    const membership = await t.prisma.membership.findUniqueOrThrow({ where: { userId_organisationId: { userId: colleague.id, organisationId: org.id } } });
    expect(membership.role).toBe("MEMBER");
    expect(await t.prisma.auditEvent.count({ where: { action: "member_invited", entityId: org.id } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { action: "member_joined", entityId: org.id, actorId: colleague.id } })).toBe(1);

    // The link is used up.
    const again = await callRoute(invitationLoader, get(link.pathname, { cookie }), { token });
    expect(again.data.view.status).toBe("invalid");
    const members = await callRoute(membersLoader, get(`/organisation/${org.id}/members`, { cookie: owner.cookie }), params);
    expect(members.data.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.user.email, "OWNER"],
      ["colleague@example.org", "MEMBER"],
    ]);
    expect(members.data.invitations).toEqual([]);
  });

  it("an invitation is for the invited address only, and a staff account cannot join", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const other = await applicant();
    const staff = await applicant({ role: "GRANT_MANAGER", email: "staffer@example.org" });
    const forOther = await issueToken({ purpose: "ORGANISATION_INVITATION", email: "someone-else@example.org", organisationId: org.id, invitedById: owner.user.id });
    const wrong = await callRoute(invitationLoader, get(`/invitations/${forOther}`, { cookie: other.cookie }), { token: forOther });
    expect(wrong.data.view.status).toBe("wrong_account");
    const refused = await callRoute(invitationAction, post(`/invitations/${forOther}`, {}, { cookie: other.cookie }), { token: forOther });
    expect(refused.status).toBe(400);

    const invite = await callRoute(membersAction, post(`/organisation/${org.id}/members`, { intent: "invite", email: "staffer@example.org" }, { cookie: owner.cookie }), { organisationId: org.id });
    expect(invite.status).toBe(200);
    const token = decodeURIComponent(linkIn((await latestEmail("staffer@example.org"))!.text).pathname.split("/")[2]!);
    const page = await callRoute(invitationLoader, get(`/invitations/${token}`, { cookie: staff.cookie }), { token });
    expect(page.data.view.status).toBe("staff");
    const res = await callRoute(invitationAction, post(`/invitations/${token}`, {}, { cookie: staff.cookie }), { token });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.form).toEqual(["organisation.invitation.staff"]);
    expect(await t.prisma.membership.count({ where: { userId: { in: [staff.user.id, other.user.id] } } })).toBe(0);
  });

  it("a member sees the members but cannot invite, remove or change roles (403)", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const member = await addMember(org.id);
    const params = { organisationId: org.id };
    const list = await callRoute(membersLoader, get(`/organisation/${org.id}/members`, { cookie: member.cookie }), params);
    expect(list.status).toBe(200);
    expect(list.data).toMatchObject({ canManage: false, viewerRole: "MEMBER", invitations: [] });
    for (const fields of [
      { intent: "invite", email: "friend@example.org" },
      { intent: "remove", userId: owner.user.id },
      { intent: "make-owner", userId: member.user.id },
      { intent: "make-member", userId: owner.user.id },
    ] as Record<string, string>[]) {
      const res = await callRoute(membersAction, post(`/organisation/${org.id}/members`, fields, { cookie: member.cookie }), params);
      expect(res.status, fields.intent).toBe(403);
    }
    const roles = await t.prisma.membership.findMany({ where: { organisationId: org.id }, orderBy: { role: "asc" } });
    expect(roles.map((r) => r.role).sort()).toEqual(["MEMBER", "OWNER"]);
    expect(await t.prisma.authToken.count({ where: { email: "friend@example.org" } })).toBe(0);
  });

  it("the last owner can be neither removed nor demoted; with a second owner, an owner may step down", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const member = await addMember(org.id);
    const url = `/organisation/${org.id}/members`;
    const params = { organisationId: org.id };
    const act = (fields: Record<string, string>, cookie = owner.cookie) => callRoute(membersAction, post(url, fields, { cookie, headers: FROM }), params);

    for (const fields of [{ intent: "make-member", userId: owner.user.id }, { intent: "remove", userId: owner.user.id }] as Record<string, string>[]) {
      const res = await act(fields);
      expect(res.status).toBe(400);
      expect(res.data.fieldErrors.form).toEqual(["organisation.members.errors.lastOwner"]);
    }
    expect((await t.prisma.membership.findUniqueOrThrow({ where: { userId_organisationId: { userId: owner.user.id, organisationId: org.id } } })).role).toBe("OWNER");

    expect((await act({ intent: "make-owner", userId: member.user.id })).data).toMatchObject({ ok: true, done: "roleChanged" });
    const stepDown = await act({ intent: "make-member", userId: owner.user.id });
    expect(stepDown.data).toMatchObject({ ok: true });
    const roles = Object.fromEntries((await t.prisma.membership.findMany({ where: { organisationId: org.id } })).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.user.id]: "MEMBER", [member.user.id]: "OWNER" });
    // The former owner is a member now: member management is closed to them.
    expect((await act({ intent: "remove", userId: member.user.id })).status).toBe(403);
    // The new (only) owner cannot leave either.
    const leave = await act({ intent: "remove", userId: member.user.id }, member.cookie);
    expect(leave.data.fieldErrors.form).toEqual(["organisation.members.errors.lastOwner"]);
    const removed = await act({ intent: "remove", userId: owner.user.id }, member.cookie);
    expect(removed.data).toMatchObject({ ok: true, done: "removed" });
    expect(await t.prisma.membership.count({ where: { organisationId: org.id } })).toBe(1);
    const audits = await t.prisma.auditEvent.findMany({ where: { entityId: org.id, action: { in: ["member_role_changed", "member_removed"] } }, orderBy: { at: "asc" } });
    expect(audits.map((a) => [a.action, a.fromState, a.toState])).toEqual([
      ["member_role_changed", "MEMBER", "OWNER"],
      ["member_role_changed", "OWNER", "MEMBER"],
      ["member_removed", "MEMBER", null],
    ]);
    expect(audits.every((a) => a.ipAddress === "203.0.113.7")).toBe(true);
  });

  it("two owners demoting each other at the same time leave one owner", async () => {
    const first = await applicant();
    const org = await organisationOwnedBy(first.user.id);
    const second = await addMember(org.id, "OWNER");
    const url = `/organisation/${org.id}/members`;
    const params = { organisationId: org.id };
    const results = await Promise.all([
      callRoute(membersAction, post(url, { intent: "make-member", userId: second.user.id }, { cookie: first.cookie }), params),
      callRoute(membersAction, post(url, { intent: "make-member", userId: first.user.id }, { cookie: second.cookie }), params),
    ]);
    expect(results.map((r) => r.status).sort()).not.toEqual([200, 200]);
    expect(await t.prisma.membership.count({ where: { organisationId: org.id, role: "OWNER" } })).toBe(1);
  });

  it("an owner cancels a pending invitation and the link stops working", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const params = { organisationId: org.id };
    const url = `/organisation/${org.id}/members`;
    await callRoute(membersAction, post(url, { intent: "invite", email: "maybe@example.org" }, { cookie: owner.cookie }), params);
    // A second invitation replaces the first.
    await callRoute(membersAction, post(url, { intent: "invite", email: "maybe@example.org" }, { cookie: owner.cookie }), params);
    const list = await callRoute(membersLoader, get(url, { cookie: owner.cookie }), params);
    expect(list.data.invitations).toHaveLength(1);
    const token = decodeURIComponent(linkIn((await latestEmail("maybe@example.org"))!.text).pathname.split("/")[2]!);
    const revoked = await callRoute(membersAction, post(url, { intent: "revoke-invitation", invitationId: list.data.invitations[0].id }, { cookie: owner.cookie }), params);
    expect(revoked.data).toMatchObject({ ok: true, done: "revoked" });
    expect((await callRoute(invitationLoader, get(`/invitations/${token}`), { token })).data.view.status).toBe("invalid");
    const twice = await callRoute(membersAction, post(url, { intent: "revoke-invitation", invitationId: list.data.invitations[0].id }, { cookie: owner.cookie }), params);
    expect(twice.status).toBe(400);
  });

  it("refuses to invite someone who is already a member", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const member = await addMember(org.id);
    const res = await callRoute(membersAction, post(`/organisation/${org.id}/members`, { intent: "invite", email: member.user.email }, { cookie: owner.cookie }), { organisationId: org.id });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.email).toEqual(["organisation.members.errors.alreadyMember"]);
    expect(res.data.values.email).toBe(member.user.email);
  });
});

describe("invitation limits", () => {
  it("stops invitations to one address after a few an hour, with a message", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const url = `/organisation/${org.id}/members`;
    const params = { organisationId: org.id };
    for (let i = 0; i < MAX_INVITATIONS_PER_ADDRESS_PER_HOUR; i++) {
      const res = await callRoute(membersAction, post(url, { intent: "invite", email: "popular@example.org" }, { cookie: owner.cookie }), params);
      expect(res.status).toBe(200);
    }
    const refused = await callRoute(membersAction, post(url, { intent: "invite", email: "popular@example.org" }, { cookie: owner.cookie }), params);
    expect(refused.status).toBe(400);
    expect(refused.data.fieldErrors.email).toEqual(["organisation.members.errors.tooMany"]);
    expect(await t.prisma.emailMessage.count({ where: { to: "popular@example.org" } })).toBe(MAX_INVITATIONS_PER_ADDRESS_PER_HOUR);
  });
});

// ---------------------------------------------------------------- bad input

describe("bad input on every form gives field errors and keeps the values, never a 500", () => {
  it("sign-up", async () => {
    const res = await callRoute(signupAction, post("/signup", { name: "", email: "not-an-email", password: "short", locale: "de" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({
      name: ["registration.errors.nameRequired"],
      email: ["errors.emailInvalid"],
      password: ["registration.errors.passwordTooShort"],
      locale: ["registration.errors.localeRequired"],
    });
    expect(res.data.values).toMatchObject({ email: "not-an-email", locale: "de" });
    expect(res.data.values).not.toHaveProperty("password");
    const empty = await callRoute(signupAction, post("/signup", {}));
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.data.fieldErrors).sort()).toEqual(["email", "locale", "name", "password"]);
  });

  it("a new organisation, and an edit", async () => {
    const owner = await applicant();
    const bad = { ...ORG_FORM, legalName: "", yearFounded: "1700", website: "not a url", typeCode: "DIASPORA" };
    const created = await callRoute(newOrgAction, post("/organisation/new", bad, { cookie: owner.cookie }));
    expect(created.status).toBe(400);
    expect(created.data.fieldErrors).toMatchObject({
      legalName: ["organisation.errors.legalNameRequired"],
      yearFounded: ["organisation.errors.yearInvalid"],
      website: ["organisation.errors.websiteInvalid"],
      "originCountryCodes[]": ["organisation.errors.originRequired"],
    });
    expect(created.data.values).toMatchObject({ yearFounded: "1700", website: "not a url", typeCode: "DIASPORA", address: ORG_FORM.address });
    // Unknown reference codes (a tampered form) are field errors too.
    const tampered = await callRoute(newOrgAction, post("/organisation/new", { ...ORG_FORM, typeCode: "SECRET_SERVICE", countryCode: "ZZ" }, { cookie: owner.cookie }));
    expect(tampered.status).toBe(400);
    expect(tampered.data.fieldErrors).toEqual({ typeCode: ["organisation.errors.typeRequired"], countryCode: ["organisation.errors.countryRequired"] });
    expect(tampered.data.values.legalName).toBe(ORG_FORM.legalName);
    expect(await t.prisma.membership.count({ where: { userId: owner.user.id } })).toBe(0);

    const org = await organisationOwnedBy(owner.user.id);
    const edit = await callRoute(editAction, post(`/organisation/${org.id}/edit`, { ...ORG_FORM, yearFounded: String(new Date().getFullYear() + 1) }, { cookie: owner.cookie }), { organisationId: org.id });
    expect(edit.status).toBe(400);
    expect(edit.data.fieldErrors.yearFounded).toEqual(["organisation.errors.yearInvalid"]);
    expect(edit.data.values.legalName).toBe(ORG_FORM.legalName);
  });

  it("invitations, member actions, resend, documents", async () => {
    const owner = await applicant();
    const org = await organisationOwnedBy(owner.user.id);
    const params = { organisationId: org.id };
    const url = `/organisation/${org.id}/members`;
    const invite = await callRoute(membersAction, post(url, { intent: "invite", email: "nope" }, { cookie: owner.cookie }), params);
    expect(invite.status).toBe(400);
    expect(invite.data.fieldErrors.email).toEqual(["errors.emailInvalid"]);
    expect(invite.data.values.email).toBe("nope");
    const unknownIntent = await callRoute(membersAction, post(url, { intent: "explode" }, { cookie: owner.cookie }), params);
    expect(unknownIntent.status).toBe(400);
    const noUser = await callRoute(membersAction, post(url, { intent: "remove", userId: "nobody" }, { cookie: owner.cookie }), params);
    expect(noUser.status).toBe(400);
    expect(noUser.data.fieldErrors.form).toEqual(["organisation.members.errors.notMember"]);

    const resend = await callRoute(resendAction, post("/verify-email/resend", { email: "" }));
    expect(resend.status).toBe(400);
    expect(resend.data.fieldErrors.email).toEqual(["errors.emailRequired"]);

    const del = await callRoute(orgAction, post(`/organisation/${org.id}`, { intent: "delete" }, { cookie: owner.cookie }), params);
    expect(del.status).toBe(400);
    const notMultipart = await callRoute(orgAction, post(`/organisation/${org.id}`, { kind: "statutes" }, { cookie: owner.cookie }), params);
    expect(notMultipart.status).toBe(400);
    const garbage = new Request(`http://localhost/organisation/${org.id}`, {
      method: "POST",
      body: "--x\r\nnot really multipart",
      headers: { Cookie: owner.cookie, "Content-Type": "multipart/form-data; boundary=zzz" },
    });
    const res = await callRoute(orgAction, garbage, params);
    expect(res.status).toBeLessThan(500);
  });

  it("a service refusal is an AppError with an i18n key, not a crash", async () => {
    await expect(createOrganisation(null, OrganisationSchema.parse(ORG_FORM), { ipAddress: null })).rejects.toBeInstanceOf(AppError);
  });
});
