// The demo applicant applies to the demo open call in a real browser: starts a proposal from
// the call page, fills sections including the budget, sees the autosave status, and is told
// on the submit page what is missing, including the call's required documents (attached on
// the documents page, built separately).
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

async function autosaved(page: Page) {
  await page.locator('[data-autosave="saved"]').waitFor({ timeout: 15_000 });
}

describe("applying to the demo call", () => {
  it("starts, fills sections with autosave, and is told what is missing", async () => {
    const page = await browser.newPage();
    try {
      await signIn(page, app.url, "applicant@demo.grants.local");
      await page.goto(`${app.url}/calls`);
      await page.getByRole("link", { name: /Small grants for migration and mobility/ }).first().click();
      await page.locator("[data-apply]").click();
      await page.getByRole("button", { name: "Start the proposal" }).click();
      await page.waitForURL(/\/proposals\/(?!new)[^/?]+$/);
      const base = page.url();
      await screenshot(page, "proposal-overview");
      expect(await page.locator("main").textContent()).toMatch(/MMD-2026-01-\d{4}/);

      // Summary: typing autosaves after a short pause.
      await page.goto(`${base}/summary`);
      await page.getByLabel("Project title", { exact: true }).fill("Safe Paths for young people");
      await page.getByLabel("Summary of the project").fill("Peer information centres in Tambacounda.");
      await page.getByLabel("Objectives", { exact: true }).fill("Inform young people about regular pathways.");
      await page.getByLabel("Duration in months").fill("6");
      await autosaved(page);
      await expect(page.locator("[data-autosave]").textContent()).resolves.toMatch(/Saved at \d{2}:\d{2}/);

      // Budget: one line, the requested amount; the totals appear after saving.
      await page.goto(`${base}/budget`);
      await page.getByLabel("Heading", { exact: true }).first().selectOption("staff");
      await page.getByLabel("Description", { exact: true }).first().fill("Project coordinator");
      await page.getByLabel("Units", { exact: true }).first().fill("6");
      await page.getByLabel("Cost per unit (EUR)").first().fill("20000");
      await page.getByLabel("Amount requested (EUR)").fill("120000");
      await autosaved(page);
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.waitForURL(/saved=1/);
      await page.waitForFunction(() => document.querySelector('[data-total="total"]')?.textContent?.includes("120,000"), null, { timeout: 15_000 });

      // Bad input: a field-level message, not an error page.
      await page.getByLabel("Amount requested (EUR)").fill("lots");
      await page.locator('[data-autosave="invalid"]').waitFor({ timeout: 15_000 });
      await page.getByLabel("Amount requested (EUR)").fill("120000");
      await autosaved(page);

      // The review page lists what is missing, with links to the sections and the documents.
      await page.goto(`${base}/submit`);
      const problems = page.locator(".proposal-problems");
      await problems.waitFor();
      const text = (await problems.textContent()) ?? "";
      expect(text).toContain("Choose at least one JVAP domain");
      expect(text).toContain("Attach the document “Statutes or articles of association”");
      await expect(page.locator('.proposal-problems li[data-section="documents"] a').first().getAttribute("href")).resolves.toMatch(/\/documents$/);
      await screenshot(page, "proposal-submit-missing");

      // Submitting anyway is refused with the reasons; nothing is lost.
      await page.getByRole("button", { name: "Submit the proposal" }).click();
      await page.getByText(/not complete yet/).waitFor();
      await page.goto(`${base}/summary`);
      await expect(page.getByLabel("Project title", { exact: true }).inputValue()).resolves.toBe("Safe Paths for young people");
    } finally {
      await page.close();
    }
  });
});
