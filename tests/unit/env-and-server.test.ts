// Start-up rules and the HTTP layer's pure checks: production refuses to run without real
// secrets and services; cross-site posts are refused; every response carries the headers.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv as parseEnvStrict } from "~/utils/env.server.ts";
import { isSameOriginRequest, securityHeaders } from "../../server/app.ts";

// Test inputs are partial environments.
const parseEnv = (vars: Record<string, string>) => parseEnvStrict(vars as unknown as NodeJS.ProcessEnv);

const PROD = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app@db:5432/grants",
  SESSION_SECRET: "x".repeat(40),
  S3_ENDPOINT: "http://minio:9000",
  S3_ACCESS_KEY_ID: "key",
  S3_SECRET_ACCESS_KEY: "secret",
} as const;

describe("environment", () => {
  it("needs nothing on the embedded default and honours PORT", () => {
    expect(parseEnv({}).PORT).toBe(3000);
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
  });

  it("refuses a PORT that is not a port", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
  });

  it("starts in production with every secret and service named", () => {
    expect(parseEnv({ ...PROD }).NODE_ENV).toBe("production");
  });

  it("refuses production without SESSION_SECRET, with a short one, or with the embedded S3 store", () => {
    const { SESSION_SECRET: _s, ...noSecret } = PROD;
    expect(() => parseEnv(noSecret)).toThrow(/SESSION_SECRET: is required in production/);
    expect(() => parseEnv({ ...PROD, SESSION_SECRET: "short" })).toThrow(/at least 32/);
    const { S3_ENDPOINT: _e, ...noS3 } = PROD;
    expect(() => parseEnv(noS3)).toThrow(/S3_ENDPOINT/);
    expect(() => parseEnv({ ...PROD, S3_MODE: "embedded" })).toThrow(/embedded S3/);
    const { DATABASE_URL: _d, ...noDb } = PROD;
    expect(() => parseEnv(noDb)).toThrow(/DATABASE_URL/);
  });
});

describe("cross-site request refusal", () => {
  it("lets safe methods through", () => {
    expect(isSameOriginRequest("GET", {})).toBe(true);
    expect(isSameOriginRequest("HEAD", { "sec-fetch-site": "cross-site" })).toBe(true);
  });

  it("accepts same-origin posts by Sec-Fetch-Site or by a matching Origin", () => {
    expect(isSameOriginRequest("POST", { "sec-fetch-site": "same-origin" })).toBe(true);
    expect(isSameOriginRequest("POST", { origin: "https://grants.example.org", host: "grants.example.org" })).toBe(true);
    expect(isSameOriginRequest("POST", { origin: "https://grants.example.org", "x-forwarded-host": "grants.example.org", host: "app:3000" })).toBe(true);
  });

  it("refuses cross-site, mismatched, opaque and silent posts", () => {
    expect(isSameOriginRequest("POST", { "sec-fetch-site": "cross-site", origin: "https://grants.example.org", host: "grants.example.org" })).toBe(false);
    expect(isSameOriginRequest("POST", { "sec-fetch-site": "same-site" })).toBe(false);
    expect(isSameOriginRequest("DELETE", { origin: "https://evil.example", host: "grants.example.org" })).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "null", host: "grants.example.org" })).toBe(false);
    expect(isSameOriginRequest("POST", { host: "grants.example.org" })).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "not a url", host: "grants.example.org" })).toBe(false);
  });
});

describe("security headers", () => {
  it("sets a nonce-based CSP without inline scripts in production, and HSTS", () => {
    const h = securityHeaders("abc123", { production: true, s3Origin: "https://s3.example.org" });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-inline' 'nonce");
    expect(h["Content-Security-Policy"]).toMatch(/script-src 'self' 'nonce-abc123';/);
    expect(h["Content-Security-Policy"]).toContain("connect-src 'self' https://s3.example.org");
    expect(h["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(h["X-Frame-Options"]).toBe("DENY");
  });

  it("leaves HSTS out outside production", () => {
    expect(securityHeaders("n", { production: false })["Strict-Transport-Security"]).toBeUndefined();
  });
});
