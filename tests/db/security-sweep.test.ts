// Every route of the build, attacked the way a careless client or a hostile one would:
// - every action, as each of the six people, gets fast-check-generated malformed bodies
//   (missing and extra fields, wrong types, huge and odd unicode strings, real and made-up
//   "intent" values, arrays for scalars; urlencoded, multipart, JSON and wrong content types)
//   with same-origin headers, so that the CSRF guard lets them through to the action: never a
//   5xx, and the database is left exactly as it was;
// - a cross-site POST is refused on every action route before it reaches the action;
// - the session and language cookies carry HttpOnly, SameSite=Lax, Path=/ and Secure;
// - every page carries the security headers, with a fresh CSP nonce on every script.
// The server runs in production mode (NODE_ENV=production), the mode whose headers and cookie
// flags matter; routes are read from the build so that a new one is swept the day it exists.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { startEmbeddedS3, applyEmbeddedS3Env, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { createApp } from "../../server/app.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin } from "../support/http-app.ts";
import { buildWorld, PERSONAS, type World } from "../support/personas.ts";
import { builtRoutes, fillPattern, loadBuild, type BuiltRoute } from "../support/route-manifest.ts";

/** Fixed, so that a failure replays: the seed of each route × person is derived from it. */
const SEED = 20_261_123;
/** 2 keeps the sweep at a few minutes; SECURITY_SWEEP_BODIES=20 for a deeper search. */
const BODIES_PER_ROUTE_AND_PERSON = Number(process.env.SECURITY_SWEEP_BODIES ?? 2);

/**
 * Tables a refused request may legitimately write, left out of the snapshot:
 * - AuditEvent: refusals that matter are recorded on purpose (failed sign-ins, lock-outs);
 * - LoginAttempt: failed sign-ins are counted for the rate limit, which is the point of it;
 * - EmailMessage: "forgot password"/"resend" answer the same whether or not an address is
 *   known, and only send mail for a known one (an accepted request, not a refused one);
 * - Session: sessions slide their expiry when used, and signing out ends one.
 */
const WRITABLE_WHEN_REFUSED = new Set(["AuditEvent", "LoginAttempt", "EmailMessage", "Session"]);

/**
 * Reference data no page writes (countries, dialogues, grids…): checksummed before and after
 * the whole sweep rather than after every request, which keeps each request's check cheap.
 */
const REFERENCE_TABLES = new Set(["Country", "CountryDialogue", "Dialogue", "JvapDomain", "CadizArea", "CadizObjective", "CrossCuttingTheme", "ApplicantType", "GridTemplate", "SeedRecord", "_prisma_migrations"]);

const ENV_KEYS = ["NODE_ENV", "SESSION_SECRET", "DATABASE_URL", "S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "S3_MODE"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let t: TestDb;
let s3: EmbeddedS3;
let s3Dir: string;
let server: Server;
let url: string;
let world: World;
let routes: BuiltRoute[];
let tables: string[];
/** The user the admin pages act on, so that disabling someone never locks a persona out. */
let victimId: string;

beforeAll(async () => {
  s3Dir = mkdtempSync(path.join(os.tmpdir(), "grants-sweep-s3-"));
  s3 = await startEmbeddedS3({ directory: s3Dir, bucket: "grants-sweep" });
  applyEmbeddedS3Env(s3);
  t = await createTestDb();
  // Production mode refuses to start without these; the app's database client is the test
  // database's (set by createTestDb), whatever DATABASE_URL says.
  Object.assign(process.env, {
    NODE_ENV: "production",
    SESSION_SECRET: "security-sweep-secret-0123456789abcdef",
    DATABASE_URL: t.url ?? "postgresql://unused@127.0.0.1:5432/unused",
    S3_MODE: "external",
  });
  world = await buildWorld(t.prisma);
  victimId = (await t.prisma.user.create({ data: { email: "victim@matrix.test", name: "Victim", role: "APPLICANT", emailVerifiedAt: new Date() } })).id;
  const build = await loadBuild();
  const app = createApp({ build, mode: "production", production: true });
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes = await builtRoutes();
  const rows = await t.prisma.$queryRawUnsafe<{ table_name: string }[]>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  tables = rows.map((r) => r.table_name).filter((name) => !WRITABLE_WHEN_REFUSED.has(name));
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
  await s3?.stop();
  await t?.close();
  if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else (process.env as Record<string, string | undefined>)[k] = savedEnv[k];
  }
});

// ------------------------------------------------------------------ helpers

/** Row count and a checksum of every row of every table that must not change. */
async function snapshot(which: "all" | "records" = "all"): Promise<Map<string, string>> {
  const sql = tables
    .filter((name) => which === "all" || !REFERENCE_TABLES.has(name))
    .map((name) => `SELECT '${name}' AS t, count(*)::int AS n, coalesce(md5(string_agg(md5(x::text), ',' ORDER BY md5(x::text))), '') AS h FROM "${name}" x`)
    .join(" UNION ALL ");
  const rows = await t.prisma.$queryRawUnsafe<{ t: string; n: number; h: string }[]>(sql);
  return new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
}

/** Values for the route parameters: the test world's records (a victim user for admin pages). */
function paramValues(route: BuiltRoute): Record<string, string> {
  const staff = route.pattern.startsWith("/manage/");
  return {
    callId: staff ? world.evaluationCall : world.openCall,
    proposalId: staff ? world.submittedProposalA : world.proposalA,
    documentId: world.documentA,
    organisationId: world.orgA,
    userId: victimId,
    token: "not-a-token",
    section: "summary",
    evaluationId: world.evaluationA,
    grantId: world.grantA,
    reportId: world.reportA,
    trancheId: world.trancheA,
    "*": "no-such-page",
  };
}

function pathOf(route: BuiltRoute): string | null {
  return fillPattern(route, paramValues(route));
}

/**
 * fetch on a connection of its own, tried once more when the connection was reset anyway.
 * The server answers a refused post (401, 403) without reading a huge body; a keep-alive
 * socket that fetch reused after such an answer stalled until the server's keep-alive timeout
 * (5 s) reset it, and those stalls were nine tenths of the sweep's three minutes. A fresh
 * connection per request (Connection: close) sends the same requests without the stalls.
 */
async function send(pathname: string, init: RequestInit): Promise<Response> {
  const once = () =>
    // A request left unanswered is reported by name rather than stalling the whole suite.
    fetch(`${url}${pathname}`, { redirect: "manual", signal: AbortSignal.timeout(20_000), ...init, headers: { ...(init.headers as Record<string, string> | undefined), Connection: "close" } });
  try {
    return await once();
  } catch (error) {
    const code = ((error as Error).cause as { code?: string } | undefined)?.code ?? "";
    if (!/ECONNRESET|EPIPE|UND_ERR_SOCKET/.test(code)) throw error;
    return once();
  }
}

/** The field names and "intent" values of the forms on a page, as the persona sees it. */

async function formsOf(pathname: string, cookie: string): Promise<{ fields: string[]; intents: string[] }> {
  const res = await send(pathname, { headers: { Cookie: cookie } });
  const html = res.status === 200 && (res.headers.get("content-type") ?? "").includes("html") ? await res.text() : (await res.arrayBuffer(), "");
  const fields = new Set<string>();
  const intents = new Set<string>();
  for (const tag of html.matchAll(/<(?:input|button|select|textarea)\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(tag[0])?.[1];
    if (!name) continue;
    fields.add(name);
    const value = /\svalue="([^"]*)"/.exec(tag[0])?.[1];
    if (name === "intent" && value !== undefined) intents.add(value);
  }
  fields.delete("intent");
  return { fields: [...fields].sort(), intents: [...intents].sort() };
}

type Encoding = "urlencoded" | "multipart" | "json" | "json-value" | "broken-multipart" | "text-plain" | "xml" | "no-content-type";
interface MalformedBody {
  encoding: Encoding;
  fields: [string, string | string[]][];
  json?: unknown;
}

const ODD_VALUES = [
  "",
  " ",
  "NaN",
  "Infinity",
  "1e309",
  "-1",
  "-0",
  "0x1F",
  "12abc",
  " 42 ",
  "9999999999999999999999999",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "\u0000",
  "a\u0000b",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "2026-02-30",
  "31/12/2026",
  "\u202Eevil",
  "\uD800",
  "é".normalize("NFD"),
  "👩🏽‍🌾🇸🇳",
];

function bodyArbitrary(fields: string[], intents: string[]): fc.Arbitrary<MalformedBody> {
  const scalar = fc.oneof(
    fc.constantFrom(...ODD_VALUES),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.integer().map(String),
    fc.double().map(String),
    // Huge: far past any field's limit.
    fc.integer({ min: 5_000, max: 60_000 }).map((n) => "x".repeat(n)),
    fc.integer({ min: 1_000, max: 10_000 }).map((n) => "é🇫🇷".repeat(n)),
  );
  // Repeating a key is how a form sends an array where one value is expected.
  const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { minLength: 2, maxLength: 3 }) });
  const key = fc.oneof(
    ...(fields.length ? [{ weight: 3, arbitrary: fc.constantFrom(...fields) }] : []),
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "a[b]", "items[]", "version", "id", "state", "role", "organisationId") },
  );
  const intent = fc.option(fc.constantFrom(...intents, "no-such-intent", "", "DELETE", "__proto__", "intent"), { nil: undefined });
  return fc
    .record({
      encoding: fc.constantFrom<Encoding>("urlencoded", "urlencoded", "multipart", "multipart", "json", "json-value", "broken-multipart", "text-plain", "xml", "no-content-type"),
      pairs: fc.array(fc.tuple(key, value), { maxLength: 6 }),
      intent,
      json: fc.jsonValue({ maxDepth: 3 }),
    })
    .map(({ encoding, pairs, intent: i, json }) => ({
      encoding,
      fields: i === undefined ? pairs : [["intent", i] as [string, string], ...pairs],
      json: encoding === "json-value" ? json : undefined,
    }));
}

function encode(body: MalformedBody): { headers: Record<string, string>; body: BodyInit } {
  const flat = body.fields.flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : [[k, v] as const]));
  switch (body.encoding) {
    case "urlencoded":
      return { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(flat.map(([k, v]) => [k, v])).toString() };
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of flat) form.append(k, v);
      // A file where a text field is expected.
      form.append(flat[0]?.[0] ?? "file", new Blob([Buffer.from("MZ\x90\x00 not a pdf")], { type: "application/pdf" }), "../../etc/passwd.pdf");
      return { headers: {}, body: form };
    }
    case "json":
      return { headers: { "Content-Type": "application/json" }, body: JSON.stringify(Object.fromEntries(body.fields)) };
    case "json-value":
      return { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body.json) };
    case "broken-multipart":
      return { headers: { "Content-Type": "multipart/form-data; boundary=----nope" }, body: `------other\r\nContent-Disposition: form-data; name="intent"\r\n\r\nx` };
    case "text-plain":
      return { headers: { "Content-Type": "text/plain" }, body: flat.map(([k, v]) => `${k}=${v}`).join("\n") };
    case "xml":
      return { headers: { "Content-Type": "application/xml" }, body: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>` };
    case "no-content-type":
      return { headers: {}, body: new Uint8Array(Buffer.from(new URLSearchParams(flat.map(([k, v]) => [k, v])).toString())) };
  }
}

/** For failure messages: the body without its huge strings. */
function describeBody(body: MalformedBody): string {
  const short = (v: string) => (v.length > 40 ? `${JSON.stringify(v.slice(0, 20))}…(${v.length} chars)` : JSON.stringify(v));
  const fields = body.fields.map(([k, v]) => `${JSON.stringify(k)}=${Array.isArray(v) ? `[${v.map(short).join(",")}]` : short(v)}`).join(" ");
  return `${body.encoding} ${fields}${body.json !== undefined ? ` json=${JSON.stringify(body.json).slice(0, 80)}` : ""}`;
}

function seedFor(...parts: string[]): number {
  return SEED ^ createHash("sha256").update(parts.join("|")).digest().readInt32BE(0);
}

/** Signing out (or revoking sessions) ends a persona's session; give it a new one. */
async function keepSessionsAlive(): Promise<void> {
  for (const persona of PERSONAS) {
    if (persona === "anonymous") continue;
    const id = decodeURIComponent(world.cookies[persona].split("=")[1] ?? "");
    if ((await t.prisma.session.count({ where: { id } })) === 0) {
      world.cookies[persona] = (await createSessionCookie(world.users[persona].id, { ipAddress: "127.0.0.1" })).split(";")[0]!;
    }
  }
}

// ------------------------------------------------------------------ the tests

describe("the route manifest", () => {
  it("gives every route's parameters a value from the test world", () => {
    const unreachable = routes.filter((r) => pathOf(r) === null).map((r) => `${r.id} (${r.pattern})`);
    expect(unreachable, "add the parameter to paramValues()").toEqual([]);
    expect(routes.filter((r) => r.hasAction).length).toBeGreaterThan(10);
  });
});

describe("cookies in production mode", () => {
  it("signs in with a session cookie that is HttpOnly, SameSite=Lax, Path=/ and Secure", async () => {
    await t.prisma.user.create({
      data: { email: "cookie@matrix.test", name: "Cookie Tester", role: "APPLICANT", passwordHash: await hashPassword("correct horse battery"), emailVerifiedAt: new Date() },
    });
    const res = await fetch(`${url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(url) },
      body: new URLSearchParams({ email: "cookie@matrix.test", password: "correct horse battery" }).toString(),
    });
    expect([302, 303]).toContain(res.status);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^grants_session=[^;]+/);
    const attributes = cookie.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toContain("secure");
    // Production sends HSTS too.
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("sets the language cookie with the same flags", async () => {
    const res = await fetch(`${url}/language`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(url) },
      body: new URLSearchParams({ lang: "fr", redirectTo: "/calls" }).toString(),
    });
    expect([302, 303]).toContain(res.status);
    const attributes = (res.headers.get("set-cookie") ?? "").split(";").map((a) => a.trim().toLowerCase());
    expect(attributes[0]).toBe("lang=fr");
    for (const flag of ["httponly", "samesite=lax", "path=/", "secure"]) expect(attributes).toContain(flag);
  });
});

describe("security headers on every page", () => {
  it("sends CSP with a fresh nonce that every script carries, nosniff, a referrer policy and no framing", async () => {
    const problems: string[] = [];
    let pages = 0;
    const nonces = new Set<string>();
    for (const route of routes.filter((r) => r.hasLoader)) {
      const pathname = pathOf(route);
      if (pathname === null || route.id === "routes/logout") continue;
      // The first person who may see the page; every answer carries the headers anyway.
      let res: Response | undefined;
      for (const persona of ["anonymous", "applicantA", "manager", "admin", "evaluator", "applicantB"] as const) {
        res?.body?.cancel().catch(() => {});
        res = await send(pathname, { headers: { Cookie: world.cookies[persona] } });
        if (res.status === 200) break;
      }
      if (!res) continue;
      pages += 1;
      const where = `${route.id} GET ${pathname} (${res.status})`;
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      if (!nonce) problems.push(`${where}: no script nonce in CSP "${csp}"`);
      else nonces.add(nonce);
      if (/script-src[^;]*'unsafe-inline'/.test(csp)) problems.push(`${where}: script-src allows 'unsafe-inline' in production`);
      for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
        if (!csp.includes(directive)) problems.push(`${where}: CSP lacks ${directive}`);
      }
      // Browsers read the first value (Fetch: "determine nosniff"); a route may repeat it.
      if (res.headers.get("x-content-type-options")?.split(",")[0]?.trim() !== "nosniff") problems.push(`${where}: X-Content-Type-Options`);
      if (res.headers.get("x-frame-options") !== "DENY") problems.push(`${where}: X-Frame-Options`);
      if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(res.headers.get("referrer-policy") ?? "")) problems.push(`${where}: Referrer-Policy`);
      if (res.headers.get("x-powered-by") !== null) problems.push(`${where}: X-Powered-By`);
      if (res.status === 200 && (res.headers.get("content-type") ?? "").includes("text/html")) {
        const html = await res.text();
        // A script without the nonce would be blocked by the browser: the page would break.
        for (const tag of html.matchAll(/<script\b[^>]*>/g)) {
          if (!tag[0].includes(`nonce="${nonce}"`)) problems.push(`${where}: a script without the response's nonce: ${tag[0].slice(0, 80)}`);
        }
      } else {
        await res.body?.cancel();
      }
    }
    console.log(`security headers: ${pages} pages checked`);
    expect(problems).toEqual([]);
    // One nonce per response, never reused.
    expect(nonces.size).toBe(pages);
  });
});

describe("cross-site posts", () => {
  it("are refused on every action route before they reach the action", async () => {
    const before = await snapshot();
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.hasAction)) {
      const pathname = pathOf(route);
      if (pathname === null) continue;
      const { intents } = await formsOf(pathname, world.cookies.manager);
      for (const persona of ["anonymous", "manager", "admin", "applicantA"] as const) {
        const res = await send(pathname, {
          method: "POST",
          headers: { Cookie: world.cookies[persona], Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: intents[0] ?? "", email: "attacker@evil.example", version: "0" }).toString(),
        });
        await res.arrayBuffer();
        checked += 1;
        if (res.status !== 403) problems.push(`${route.id} as ${persona}: ${res.status}`);
        if (res.headers.get("set-cookie")) problems.push(`${route.id} as ${persona}: set a cookie`);
      }
    }
    console.log(`cross-site posts: ${checked} refused`);
    expect(problems).toEqual([]);
    expect(changedTables(before, await snapshot())).toEqual([]);
  });
});

describe("malformed bodies on every action", () => {
  it("never get a 5xx, and a refused body never changes the database", async () => {
    const problems: string[] = [];
    const accepted: string[] = [];
    let requests = 0;
    const started = Date.now();
    const referenceBefore = await snapshot("all");
    let before = await snapshot("records");
    for (const route of routes.filter((r) => r.hasAction)) {
      const pathname = pathOf(route);
      if (pathname === null) continue;
      for (const persona of PERSONAS) {
        const forms = route.isPage ? await formsOf(pathname, world.cookies[persona]) : { fields: [], intents: [] };
        const seed = seedFor(route.id, persona);
        const bodies = fc.sample(bodyArbitrary(forms.fields, forms.intents), { seed, numRuns: BODIES_PER_ROUTE_AND_PERSON });
        for (const [n, body] of bodies.entries()) {
          const { headers, body: payload } = encode(body);
          const where = `${route.id} POST ${pathname} as ${persona} (seed ${seed}, body ${n}): ${describeBody(body)}`;
          requests += 1;
          let status: number;
          try {
            const res = await send(pathname, { method: "POST", headers: { ...headers, Cookie: world.cookies[persona], ...sameOrigin(url) }, body: payload });
            const text = await res.text();
            status = res.status;
            if (status >= 500) problems.push(`${where} → ${status} ${text.slice(0, 200)}`);
          } catch (error) {
            problems.push(`${where} → no answer: ${String((error as Error).cause ?? error)}`);
            continue;
          }
          const after = await snapshot("records");
          const changed = changedTables(before, after);
          before = after;
          if (changed.length === 0) continue;
          // A button whose form carries nothing but its intent (withdraw, disable an account)
          // is a complete request even with junk around it; anything else must be refused.
          const intent = body.fields.find(([k]) => k === "intent")?.[1];
          const isOwnButton = status < 400 && body.encoding !== "json" && typeof intent === "string" && forms.intents.includes(intent);
          if (isOwnButton) accepted.push(`${route.id} as ${persona}: intent "${intent}" → ${status}, changed ${changed.join(", ")}`);
          else problems.push(`${where} → ${status}, changed ${changed.join(", ")}`);
        }
        await keepSessionsAlive();
      }
    }
    const referenceChanged = changedTables(referenceBefore, await snapshot("all")).filter((name) => REFERENCE_TABLES.has(name));
    if (referenceChanged.length > 0) problems.push(`reference data changed during the sweep: ${referenceChanged.join(", ")}`);
    console.log(`malformed bodies: ${requests} requests in ${Math.round((Date.now() - started) / 1000)} s; accepted as complete button presses:\n  ${accepted.join("\n  ")}`);
    expect(problems).toEqual([]);
  }, 900_000);
});
