// Real HTTP requests through the production server layer: health, security headers, CSRF
// refusal, sign-in cookie flags, sign-out, and a denied page for anonymous visitors.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";

let t: TestDb;
let app: HttpApp;

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  await t.prisma.user.create({
    data: { email: "manager@example.org", name: "Grace Manager", role: "GRANT_MANAGER", passwordHash: await hashPassword("correct horse battery"), emailVerifiedAt: new Date() },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

/** A request on `agent` (keep-alive, one socket), answered with its status and how long it took. */
function timedRequest(agent: http.Agent, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { agent, method: init.method ?? "GET", headers: init.headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${path} within 15 s`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("the server over HTTP", () => {
  it("answers /healthz with the database and the bucket both ok", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", bucket: "ok" });
  });

  it("sends security headers, CSP included, on pages", async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBeTruthy();
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("refuses a cross-site POST and a POST that says nothing about its origin", async () => {
    const body = form({ email: "manager@example.org", password: "correct horse battery" });
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    const crossSite = await fetch(`${app.url}/login`, { method: "POST", body, redirect: "manual", headers: { ...headers, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const wrongOrigin = await fetch(`${app.url}/login`, { method: "POST", body, redirect: "manual", headers: { ...headers, Origin: "https://evil.example" } });
    expect(wrongOrigin.status).toBe(403);
    const bare = await fetch(`${app.url}/login`, { method: "POST", body, redirect: "manual", headers });
    expect(bare.status).toBe(403);
    expect(await t.prisma.session.count()).toBe(0);
  });

  it("signs in with an HttpOnly, SameSite=Lax session cookie, then signs out", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) },
      body: form({ email: "Manager@Example.org ", password: "correct horse battery" }),
    });
    expect([302, 303]).toContain(res.status);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^grants_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await t.prisma.session.count()).toBe(1);
    const session = cookie.split(";")[0]!;

    const dashboard = await fetch(`${app.url}/dashboard`, { headers: { Cookie: session } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("Grace Manager");

    const out = await fetch(`${app.url}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: session, ...sameOrigin(app.url) } });
    expect([302, 303]).toContain(out.status);
    expect(await t.prisma.session.count()).toBe(0);
    const after = await fetch(`${app.url}/dashboard`, { headers: { Cookie: session }, redirect: "manual" });
    expect(after.status).toBe(401);
  });

  it("gives a wrong password the same answer as an unknown email, and keeps the email", async () => {
    const post = (email: string) =>
      fetch(`${app.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) },
        body: form({ email, password: "wrong password" }),
      });
    const known = await post("manager@example.org");
    const unknown = await post("nobody@example.org");
    expect(known.status).toBe(400);
    expect(unknown.status).toBe(400);
    // Per-response CSP nonces differ; everything else must be identical.
    const strip = (html: string) => html.replace(/nonce="[^"]*"/g, "");
    const [a, b] = [strip(await known.text()), strip(await unknown.text())];
    expect(a).toContain("manager@example.org");
    expect(a.replaceAll("manager@example.org", "X")).toBe(b.replaceAll("nobody@example.org", "X"));
    expect(known.headers.get("set-cookie")).toBeNull();
  });

  it("answers the next request on a kept-alive connection at once after refusing a post it did not read", async () => {
    // A visitor whose session ended posts a long form (a proposal's text): refused before the
    // body is read. The rest of that body must not hold up their next page on the same connection.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = form({ intent: "save", narrative: "x".repeat(2_000_000) });
      const refused = await timedRequest(agent, "/proposals/new", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, "Sec-Fetch-Site": "same-origin" } });
      expect(refused.status).toBeGreaterThanOrEqual(300);
      const next = await timedRequest(agent, "/healthz");
      expect(next.status).toBe(200);
      expect(next.ms).toBeLessThan(2_000);
    } finally {
      agent.destroy();
    }
  });

  it("never answers a malformed form post with a 500", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "multipart/form-data; boundary=broken", ...sameOrigin(app.url) },
      body: "--nonsense",
    });
    expect(res.status).toBeLessThan(500);
  });
});
