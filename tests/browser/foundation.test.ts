// A newcomer's first minutes: the home page shows the demo call, each demo role signs in
// to its own dashboard, the language switch turns the page French, sign-out works.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

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

describe("the app on its embedded default", () => {
  it("answers /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it("lists the open demo call on the home page, and its page shows the grid", async () => {
    const page = await newPage();
    await page.goto(app.url);
    const call = page.locator("main").getByRole("link", { name: /migration and mobility/i }).first();
    await expect(call.isVisible()).resolves.toBe(true);
    await screenshot(page, "home");
    const title = (await call.textContent())!.trim();
    await call.click();
    await page.waitForURL(/\/calls\//);
    // Client-side navigation: wait for the new page's own heading before reading it.
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect(page.getByText(/relevance/i).first().isVisible()).resolves.toBe(true);
    await screenshot(page, "call");
    await page.context().close();
  });

  const roles = [
    ["applicant@demo.grants.local", /proposal/i],
    ["evaluator@demo.grants.local", /assess/i],
    ["manager@demo.grants.local", /calls/i],
    ["admin@demo.grants.local", /user accounts/i],
  ] as const;
  for (const [email, expected] of roles) {
    it(`signs in ${email.split("@")[0]} to a dashboard of their own and signs out`, async () => {
      const page = await newPage();
      await signIn(page, app.url, email);
      expect(new URL(page.url()).pathname).toBe("/dashboard");
      await expect(page.locator("main").textContent()).resolves.toMatch(expected);
      await screenshot(page, `dashboard-${email.split("@")[0]}`);
      await page.getByRole("button", { name: /sign out/i }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await page.goto(`${app.url}/dashboard`);
      await expect(page.getByRole("link", { name: /sign in/i }).first().isVisible()).resolves.toBe(true);
      await page.context().close();
    });
  }

  it("refuses a wrong password with a message, keeping the email", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel(/email/i).fill("manager@demo.grants.local");
    await page.getByLabel(/password/i).fill("not the password");
    await page.getByRole("button", { name: /sign in/i }).click();
    await page.getByRole("alert").first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByLabel(/email/i).inputValue()).resolves.toBe("manager@demo.grants.local");
    await page.context().close();
  });

  it("switches to French", async () => {
    const page = await newPage();
    await page.goto(app.url);
    await page.getByRole("button", { name: /français/i }).click();
    await page.waitForFunction(() => document.documentElement.lang === "fr");
    await expect(page.locator("body").textContent()).resolves.toMatch(/Appels|appel/);
    await screenshot(page, "home-fr");
    await page.context().close();
  });
});
