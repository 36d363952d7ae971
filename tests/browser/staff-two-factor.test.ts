// A staff member turns on two-factor sign-in and signs in with it, as they would with an
// authenticator app: the code is computed here from the key the page shows.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

const EVALUATOR = "evaluator@demo.grants.local";
const PASSWORD = "demo-password-2026";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** What an authenticator app a little ahead of the server shows: the next 30-second step's code. */
function nextCode(key: Uint8Array): string {
  return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6);
}

describe("two-factor sign-in for staff", () => {
  it("enrols an authenticator app, then asks for its code at the next sign-in", async () => {
    const page = await newPage();
    await signIn(page, app.url, EVALUATOR, PASSWORD);

    await page.goto(`${app.url}/account/two-factor`);
    await expect(page.getByText(/two-factor sign-in is off/i).isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: /set up two-factor sign-in/i }).click();
    const secretBox = page.locator("#totp-secret");
    await secretBox.waitFor();
    const shown = (await secretBox.textContent()) ?? "";
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    await expect(page.locator("#totp-uri").textContent()).resolves.toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await screenshot(page, "two-factor-enrol");
    const key = decodeBase32IgnorePadding(shown.replace(/\s/g, ""));

    // A mistyped code is refused with a message, and the setup stays open.
    await page.getByLabel(/6-digit code/i).fill("12345");
    await page.getByRole("button", { name: /turn on two-factor sign-in/i }).click();
    await page.getByRole("alert").filter({ hasText: /6 digits/i }).first().waitFor();
    await expect(secretBox.isVisible()).resolves.toBe(true);

    await page.getByLabel(/6-digit code/i).fill(generateTOTP(key, 30, 6));
    await page.getByRole("button", { name: /turn on two-factor sign-in/i }).click();
    await page.getByText(/two-factor sign-in is on/i).first().waitFor();
    await screenshot(page, "two-factor-enabled");

    await page.getByRole("button", { name: /sign out/i }).click();
    await page.waitForURL((u) => u.pathname === "/");

    // The password alone now leads to the code step, and nowhere else.
    await page.goto(`${app.url}/login`);
    await page.getByLabel(/email/i).fill(EVALUATOR);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await page.getByRole("button", { name: /sign in/i }).click();
    await page.waitForURL((u) => u.pathname === "/login/two-factor");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/enter your sign-in code/i);
    await screenshot(page, "two-factor-step");

    const denied = await page.goto(`${app.url}/dashboard`);
    expect(denied?.status()).toBe(401);
    await page.goto(`${app.url}/login/two-factor`);

    await page.getByLabel(/6-digit code/i).fill("000000" === nextCode(key) ? "111111" : "000000");
    await page.getByRole("button", { name: /continue/i }).click();
    await page.getByRole("alert").filter({ hasText: /not right/i }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/two-factor");

    await page.getByLabel(/6-digit code/i).fill(nextCode(key));
    await page.getByRole("button", { name: /continue/i }).click();
    await page.waitForURL((u) => u.pathname === "/dashboard");
    await page.getByRole("button", { name: /sign out/i }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toMatch(/assess/i);
    await screenshot(page, "two-factor-dashboard");

    // The sessions page names this browser and marks it.
    await page.goto(`${app.url}/account/sessions`);
    await expect(page.locator("main").textContent()).resolves.toMatch(/this device/i);
    await screenshot(page, "account-sessions");
    await page.context().close();
  });

  it("lets a user who forgot their password reset it from the emailed link (development outbox)", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/forgot-password`);
    await page.getByLabel(/email/i).fill("applicant@demo.grants.local");
    await page.getByRole("button", { name: /email me a link/i }).click();
    await page.getByRole("heading", { name: /check your email/i }).waitFor();

    await page.goto(`${app.url}/dev/outbox?to=applicant%40demo.grants.local`);
    await screenshot(page, "dev-outbox");
    await page.locator("main a[href*='/reset-password?token=']").first().click();
    await page.getByRole("heading", { name: /choose a new password/i }).waitFor();
    await page.getByLabel(/^new password$/i).fill("a fresh demo passphrase");
    await page.getByLabel(/new password again/i).fill("a fresh demo passphrase");
    await page.getByRole("button", { name: /save the new password/i }).click();
    await page.getByRole("heading", { name: /your password was changed/i }).waitFor();

    await signIn(page, app.url, "applicant@demo.grants.local", "a fresh demo passphrase");
    await page.goto(`${app.url}/account`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/your account/i);
    await screenshot(page, "account");
    await page.context().close();
  });
});
