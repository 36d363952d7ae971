// Registration and documents over real HTTP through the production server layer (CSRF
// check, client address, multipart streaming, the download redirect): what a browser
// without JavaScript does. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";

let t: TestDb;
let app: HttpApp;

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const PASSWORD = "kora melody sunrise 7";
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function formPost(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams(fields).toString(),
    headers: { ...sameOrigin(app.url), "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

function uploadPost(path: string, kind: string, file: { name: string; bytes: Uint8Array; type: string }, cookie: string) {
  const form = new FormData();
  form.append("kind", kind);
  form.append("file", new File([Buffer.from(file.bytes)], file.name, { type: file.type }));
  return fetch(`${app.url}${path}`, { method: "POST", redirect: "manual", body: form, headers: { ...sameOrigin(app.url), Cookie: cookie } });
}

describe("registration over HTTP", () => {
  it("signs up, confirms, registers an organisation, uploads and downloads its statutes", async () => {
    const signup = await formPost("/signup", { name: "Kofi Mensah", email: "kofi@example.org", password: PASSWORD, locale: "en" });
    expect(signup.status).toBe(200);
    expect(await signup.text()).toContain("Check your email");

    const email = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "kofi@example.org", template: "verifyEmail" } });
    const link = new URL(/https?:\/\/\S+/.exec(email.text)![0]);
    // Without APP_URL the link points at the address the request came to.
    expect(link.origin).toBe(app.url);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Confirm my email address");

    const confirmed = await formPost("/verify-email", { token: link.searchParams.get("token")! });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/organisation/new");
    const setCookie = confirmed.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    const cookie = setCookie.split(";")[0]!;

    const form = await fetch(`${app.url}/organisation/new`, { headers: { Cookie: cookie } });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Register your organisation");

    const bad = await formPost("/organisation/new", { legalName: "", typeCode: "CSO", countryCode: "GH", yearFounded: "3000" }, cookie);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter the organisation’s legal name.");
    expect(badHtml).toContain("Enter a year between 1800 and this year");
    expect(badHtml).toContain('value="3000"');

    const created = await formPost("/organisation/new", { legalName: "Accra Migrants Forum", typeCode: "CSO", countryCode: "GH", yearFounded: "2015" }, cookie);
    expect(created.status).toBe(302);
    const orgPath = created.headers.get("location")!.split("?")[0]!;
    const organisationId = orgPath.split("/")[2]!;
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: "organisation_created", entityId: organisationId } });
    // The address comes from the server layer (the socket), not from anything the client wrote.
    expect(audit.ipAddress).toMatch(/127\.0\.0\.1/);

    const lying = await uploadPost(orgPath, "statutes", { name: "statutes.pdf", bytes: PNG, type: "application/pdf" }, cookie);
    expect(lying.status).toBe(400);
    expect(await lying.text()).toContain("content does not match its name");

    const ok = await uploadPost(orgPath, "statutes", { name: "statutes.pdf", bytes: PDF, type: "application/pdf" }, cookie);
    expect(ok.status).toBe(302);
    const doc = await t.prisma.document.findFirstOrThrow({ where: { organisationId } });
    expect(doc).toMatchObject({ kind: "statutes", contentType: "application/pdf", sizeBytes: PDF.byteLength });

    const download = await fetch(`${app.url}/organisation/documents/${doc.id}/download`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(download.status).toBe(302);
    expect(download.headers.get("cache-control")).toContain("no-store");
    const file = await fetch(download.headers.get("location")!);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("statutes.pdf");
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);

    // Someone else, signed in, gets 404 for the same link.
    await formPost("/signup", { name: "Other", email: "other@example.org", password: PASSWORD, locale: "en" });
    const otherEmail = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "other@example.org" } });
    const otherLink = new URL(/https?:\/\/\S+/.exec(otherEmail.text)![0]);
    const otherConfirmed = await formPost("/verify-email", { token: otherLink.searchParams.get("token")! });
    const otherCookie = (otherConfirmed.headers.get("set-cookie") ?? "").split(";")[0]!;
    const denied = await fetch(`${app.url}/organisation/documents/${doc.id}/download`, { redirect: "manual", headers: { Cookie: otherCookie } });
    expect(denied.status).toBe(404);
    expect(denied.headers.get("location")).toBeNull();
    expect((await fetch(`${app.url}${orgPath}`, { headers: { Cookie: otherCookie } })).status).toBe(404);
  });

  it("refuses an upload announced bigger than 10 MB without reading it, with a message", async () => {
    const signup = await formPost("/signup", { name: "Big File", email: "big@example.org", password: PASSWORD, locale: "en" });
    expect(signup.status).toBe(200);
    const email = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "big@example.org" } });
    const token = new URL(/https?:\/\/\S+/.exec(email.text)![0]).searchParams.get("token")!;
    const cookie = ((await formPost("/verify-email", { token })).headers.get("set-cookie") ?? "").split(";")[0]!;
    const created = await formPost("/organisation/new", { legalName: "Big Files Ltd", typeCode: "SOCIAL_ENTERPRISE", countryCode: "NG", yearFounded: "2019" }, cookie);
    const orgPath = created.headers.get("location")!.split("?")[0]!;
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PDF);
    const res = await uploadPost(orgPath, "statutes", { name: "huge.pdf", bytes: big, type: "application/pdf" }, cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("larger than 10 MB");
    expect(await t.prisma.document.count({ where: { organisation: { legalName: "Big Files Ltd" } } })).toBe(0);
  });
});
