// Two-factor codes (RFC 6238) and the sign-in rate-limit window, without a database.
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, lockedUntil, minutesLeft, type Attempt } from "~/modules/auth/rate-limit.server.ts";
import { decodeTotpSecret, encodeTotpSecret, groupSecret, matchTotp, newTotpKey, timeStep, totpCodeAt, totpKeyUri } from "~/modules/auth/totp.server.ts";
import { summariseUserAgent } from "~/modules/auth/user-agent.ts";

// RFC 6238 appendix B: the SHA-1 test key "12345678901234567890".
const RFC_KEY = new TextEncoder().encode("12345678901234567890");

afterEach(() => {
  vi.useRealTimers();
});

describe("TOTP codes", () => {
  it("match the RFC 6238 test vectors (last six digits)", () => {
    expect(totpCodeAt(RFC_KEY, new Date(59_000))).toBe("287082");
    expect(totpCodeAt(RFC_KEY, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCodeAt(RFC_KEY, new Date(1_234_567_890_000))).toBe("005924");
    expect(totpCodeAt(RFC_KEY, new Date(2_000_000_000_000))).toBe("279037");
  });

  it("accepts the current code, and what an authenticator app computes now", () => {
    const key = newTotpKey();
    const now = new Date();
    expect(matchTotp(key, totpCodeAt(key, now), now)).toBe(timeStep(now));
    vi.useFakeTimers({ now });
    expect(matchTotp(key, generateTOTP(key, 30, 6), now)).toBe(timeStep(now));
  });

  it("accepts the code of one step before or after (clock drift), and tells which step it was", () => {
    const key = newTotpKey();
    const now = new Date("2026-03-01T10:00:10Z");
    const step = timeStep(now);
    expect(matchTotp(key, generateHOTP(key, BigInt(step - 1), 6), now)).toBe(step - 1);
    expect(matchTotp(key, generateHOTP(key, BigInt(step + 1), 6), now)).toBe(step + 1);
  });

  it("refuses old codes, future codes and wrong codes", () => {
    const key = newTotpKey();
    const now = new Date("2026-03-01T10:00:10Z");
    const step = timeStep(now);
    for (const offset of [-2, -10, 2, 10]) {
      const code = generateHOTP(key, BigInt(step + offset), 6);
      // A code of another step may by chance equal one of the three accepted ones.
      const accepted = [-1, 0, 1].map((d) => generateHOTP(key, BigInt(step + d), 6));
      if (!accepted.includes(code)) expect(matchTotp(key, code, now), `offset ${offset}`).toBeNull();
    }
    const right = totpCodeAt(key, now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(matchTotp(key, wrong, now)).toBeNull();
    // Another person's key: its code is refused (unless, one time in 333,000, the digits coincide).
    const other = newTotpKey();
    const otherCode = totpCodeAt(other, now);
    if (![-1, 0, 1].some((d) => generateHOTP(key, BigInt(step + d), 6) === otherCode)) expect(matchTotp(key, otherCode, now)).toBeNull();
  });

  it("refuses malformed codes and accepts the spaced form apps display", () => {
    const key = newTotpKey();
    const now = new Date();
    const code = totpCodeAt(key, now);
    expect(matchTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(timeStep(now));
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`, code.slice(1)]) expect(matchTotp(key, bad, now), bad).toBeNull();
  });

  it("writes the secret in base32 groups that read back to the same key, and an otpauth address", () => {
    const key = newTotpKey();
    const secret = encodeTotpSecret(key);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const grouped = groupSecret(secret);
    expect(grouped.split(" ")).toHaveLength(8);
    expect(decodeTotpSecret(grouped)).toEqual(key);
    expect(decodeTotpSecret(grouped.toLowerCase())).toEqual(key);
    const uri = totpKeyUri("ana@example.org", key);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("digits=6");
    expect(uri).toContain("period=30");
    expect(uri).toContain("ana%40example.org");
  });
});

describe("rate-limit window", () => {
  const MIN = 60_000;
  const t0 = new Date("2026-03-01T10:00:00Z").getTime();
  const fail = (minute: number): Attempt => ({ at: new Date(t0 + minute * MIN), succeeded: false });
  const ok = (minute: number): Attempt => ({ at: new Date(t0 + minute * MIN), succeeded: true });
  const at = (minute: number) => new Date(t0 + minute * MIN);

  it("locks an account at the fifth failure within 15 minutes, for 15 minutes", () => {
    const four = [fail(0), fail(1), fail(2), fail(3)];
    expect(lockedUntil(four, ACCOUNT_RULE, at(3))).toBeNull();
    const five = [...four, fail(4)];
    expect(lockedUntil(five, ACCOUNT_RULE, at(4))).toEqual(at(19));
    expect(lockedUntil(five, ACCOUNT_RULE, at(18.9))).toEqual(at(19));
    expect(lockedUntil(five, ACCOUNT_RULE, at(19))).toBeNull();
    expect(minutesLeft(at(19), at(4))).toBe(15);
    expect(minutesLeft(at(19), at(18.99))).toBe(1);
  });

  it("does not lock for five failures spread over more than 15 minutes", () => {
    const spread = [fail(0), fail(4), fail(8), fail(12), fail(16)];
    expect(lockedUntil(spread, ACCOUNT_RULE, at(16))).toBeNull();
  });

  it("forgets an account's failures after a success, but not an address's", () => {
    const attempts = [fail(0), fail(1), fail(2), fail(3), ok(3.5), fail(4)];
    expect(lockedUntil(attempts, ACCOUNT_RULE, at(4))).toBeNull();
    const address = [...Array.from({ length: 19 }, (_, i) => fail(i * 0.5)), ok(10), fail(10.5)];
    expect(lockedUntil(address, ADDRESS_RULE, at(10.5))).toEqual(at(25.5));
  });

  it("locks an address at its twentieth failure, not before", () => {
    const nineteen = Array.from({ length: 19 }, (_, i) => fail(i * 0.5));
    expect(lockedUntil(nineteen, ADDRESS_RULE, at(9))).toBeNull();
    expect(lockedUntil([...nineteen, fail(9.5)], ADDRESS_RULE, at(9.5))).toEqual(at(24.5));
  });

  it("ignores the order rows come in", () => {
    const five = [fail(4), fail(0), fail(2), fail(1), fail(3)];
    expect(lockedUntil(five, ACCOUNT_RULE, at(5))).toEqual(at(19));
  });
});

describe("sessions list: the browser in words", () => {
  it("names common browsers and systems", () => {
    expect(summariseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")).toEqual({ browser: "Chrome", os: "Windows" });
    expect(summariseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")).toEqual({ browser: "Edge", os: "Windows" });
    expect(summariseUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toEqual({ browser: "Firefox", os: "Linux" });
    expect(summariseUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")).toEqual({ browser: "Safari", os: "iOS" });
    expect(summariseUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")).toEqual({ browser: "Chrome", os: "Android" });
    expect(summariseUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15")).toEqual({ browser: "Safari", os: "macOS" });
  });

  it("says nothing it does not know", () => {
    expect(summariseUserAgent(null)).toEqual({ browser: null, os: null });
    expect(summariseUserAgent("SomeBot/1.0")).toEqual({ browser: null, os: null });
  });
});
