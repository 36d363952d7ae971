// The whole applicant journey on the demo open call (MMD-2026-01) in a real browser: the demo
// applicant starts a proposal from the call page, completes every section the completeness
// check asks for, uploads every required document through the real uploader (presigned PUT to
// the embedded S3, then the server's magic-byte check), submits and gets the receipt (also
// shown in French); the demo grant manager, in a second browser context, opens the new
// proposal and passes the administrative check; the applicant then sees the new status.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";
import { tinyPdf } from "../support/journey-steps.ts";

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

const settle = (page: Page) => page.waitForLoadState("networkidle");

async function autosaved(page: Page) {
  await page.locator('[data-autosave="saved"]').waitFor({ timeout: 15_000 });
}

describe("the applicant journey on the demo open call", () => {
  it("applies, uploads, submits, is screened by the manager and sees the new status", async () => {
    const applicant = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
    });
    const manager = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await applicant.newPage();
      await signIn(page, app.url, "applicant@demo.grants.local");

      // From the catalogue to the call page, and in.
      await page.goto(`${app.url}/calls`);
      await page
        .getByRole("link", { name: /Small grants for migration and mobility/ })
        .first()
        .click();
      await page.waitForURL(/\/calls\/[^/?]+$/);
      await screenshot(page, "journey-call");
      await page.locator("[data-apply]").click();
      await page.getByRole("button", { name: "Start the proposal" }).click();
      await page.waitForURL(/\/proposals\/(?!new)[^/?]+$/);
      const base = page.url();
      const proposalId = /\/proposals\/([^/?]+)$/.exec(base)![1]!;
      const reference = /MMD-2026-01-\d{4}/.exec(
        (await page.locator("main").textContent()) ?? ""
      )?.[0];
      expect(reference).toBeTruthy();

      // Summary and objectives; the call asks for exactly six months.
      await page.goto(`${base}/summary`);
      await page
        .getByLabel("Project title", { exact: true })
        .fill("Safe Paths for young people in Tambacounda");
      await page
        .getByLabel("Summary of the project")
        .fill(
          "Peer information centres on regular migration pathways in Tambacounda."
        );
      await page
        .getByLabel("Objectives", { exact: true })
        .fill(
          "Inform 2,000 young people about regular pathways and the risks of irregular migration."
        );
      await page.getByLabel("Duration in months").fill("6");
      await autosaved(page);

      // JVAP domains (and Cadiz objectives where the call uses them).
      await page.goto(`${base}/domains`);
      await settle(page);
      await page.locator('input[name="jvapDomainCodes"]').first().check();
      const cadiz = page.locator('input[name="cadizObjectiveCodes"]');
      if ((await cadiz.count()) > 0) await cadiz.first().check();
      await autosaved(page);

      // Target countries: Senegal, an AU member state.
      await page.goto(`${base}/countries`);
      await settle(page);
      await page
        .getByLabel("Countries where the project takes place")
        .selectOption({ label: "Senegal" });
      await autosaved(page);

      // Logical framework with one complete indicator.
      await page.goto(`${base}/logframe`);
      await settle(page);
      await page
        .getByLabel("Overall objective")
        .fill("Safer and better-informed migration decisions of young people.");
      await page
        .getByLabel("Specific objectives")
        .fill("Young people in Tambacounda know the regular pathways.");
      await page
        .getByLabel("Expected results")
        .fill("Two information centres run by trained peers.");
      await page
        .getByLabel("Main activities")
        .fill("Train peers; open the centres; run outreach sessions.");
      const indicator = page.locator("fieldset.proposal-row").first();
      await indicator
        .getByLabel("Indicator", { exact: true })
        .fill("Young people reached");
      await indicator.getByLabel("Baseline").fill("0");
      await indicator.getByLabel("Target").fill("2000");
      await indicator
        .getByLabel("Source of verification")
        .fill("Attendance sheets");
      await autosaved(page);

      // Work plan: one activity in months 1 to 6.
      await page.goto(`${base}/workplan`);
      await settle(page);
      await page
        .getByLabel("Activity 1", { exact: true })
        .fill("Peer information sessions");
      for (let m = 1; m <= 6; m++)
        await page
          .getByLabel(`Activity 1: Month ${m}`, { exact: true })
          .check();
      await autosaved(page);

      // Budget: EUR 120,000, within the call's EUR 100,000–150,000 and its co-financing share.
      await page.goto(`${base}/budget`);
      await settle(page);
      await page
        .getByLabel("Heading", { exact: true })
        .first()
        .selectOption("staff");
      await page
        .getByLabel("Description", { exact: true })
        .first()
        .fill("Project coordinator");
      await page.getByLabel("Units", { exact: true }).first().fill("6");
      await page.getByLabel("Cost per unit (EUR)").first().fill("20000");
      await page.getByLabel("Amount requested (EUR)").fill("120000");
      await autosaved(page);
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.waitForURL(/saved=1/);
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-total="total"]')
            ?.textContent?.includes("120,000"),
        null,
        { timeout: 15_000 }
      );
      await screenshot(page, "journey-budget");

      // Only the documents are missing now.
      await page.goto(`${base}/submit`);
      await page.locator(".proposal-problems").waitFor();
      const sections = await page
        .locator(".proposal-problems li")
        .evaluateAll((lis) => lis.map((li) => li.getAttribute("data-section")));
      expect(sections.length).toBeGreaterThan(0);
      expect(
        new Set(sections),
        (await page.locator(".proposal-problems").innerText()) ?? ""
      ).toEqual(new Set(["documents"]));

      // Every required document of the stage, through the real uploader.
      const documentsPage = await page.goto(`${base}/documents`);
      // The uploader PUTs straight to the embedded store: the page's CSP must allow its origin.
      expect(documentsPage?.headers()["content-security-policy"]).toMatch(
        /connect-src 'self' http:\/\/127\.0\.0\.1:\d+/
      );
      await settle(page);
      const required = page
        .locator("section[data-requirement]")
        .filter({ has: page.locator("h2 .badge:not(.badge--muted)") });
      const codes = await required.evaluateAll((els) =>
        els.map((el) => el.getAttribute("data-requirement") ?? "")
      );
      expect(codes).toEqual([
        "STATUTES",
        "REGISTRATION",
        "BUDGET",
        "LOGFRAME",
        "CVS",
        "FINANCIAL_STATEMENTS",
      ]);
      const pdf = tinyPdf();
      for (const code of codes) {
        const card = page.locator(`section[data-requirement="${code}"]`);
        await card
          .locator('form.document-uploader[data-hydrated="true"]')
          .waitFor();
        await card.locator('input[type="file"]').setInputFiles({
          name: `${code.toLowerCase()}.pdf`,
          mimeType: "application/pdf",
          buffer: pdf,
        });
        await card.getByRole("button", { name: "Upload" }).click();
        await card
          .locator(".success-message")
          .filter({
            hasText: `“${code.toLowerCase()}.pdf” was uploaded and checked.`,
          })
          .waitFor({ timeout: 20_000 });
        await expect(
          card.locator("progress").getAttribute("value")
        ).resolves.toBe("100");
        await card
          .getByRole("link", {
            name: new RegExp(`${code.toLowerCase()}\\.pdf`),
          })
          .first()
          .waitFor();
      }
      await screenshot(page, "journey-documents");

      // Ready: submit, and land on the receipt with the reference number and the copy.
      await page.goto(`${base}/submit`);
      await page.locator(".notice--success").waitFor();
      await expect(page.locator(".proposal-problems").count()).resolves.toBe(0);
      await screenshot(page, "journey-submit-ready");
      await page.getByRole("button", { name: "Submit the proposal" }).click();
      await page.waitForURL(/\/receipt$/);
      // Client-side navigation: the URL changes just before the new page renders.
      await expect.poll(() => page.locator("[data-reference]").innerText()).toBe(reference);
      await expect(
        page.locator(".notice--success").innerText()
      ).resolves.toContain("Thank you: your proposal has been submitted.");
      const receipt = await page.locator("article.receipt").innerText();
      expect(receipt).toContain("What you submitted");
      expect(receipt).toContain("Safe Paths for young people in Tambacounda");
      expect(receipt).toContain("Senegal");
      expect(receipt).toContain(
        "FINANCIAL_STATEMENTS: financial_statements.pdf"
      );
      await expect(
        page.getByRole("button", { name: "Print or save as PDF" }).isVisible()
      ).resolves.toBe(true);
      await screenshot(page, "journey-receipt");

      // The same receipt in French.
      await page.locator('.language-switch button[value="fr"]').click();
      await page
        .getByRole("heading", { level: 1, name: "Accusé de réception" })
        .waitFor();
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(
        "fr"
      );
      await expect(page.locator("[data-reference]").innerText()).resolves.toBe(
        reference
      );
      await expect(
        page.locator("article.receipt").innerText()
      ).resolves.toContain("Ce que vous avez soumis");
      await screenshot(page, "journey-receipt-fr");
      await page.locator('.language-switch button[value="en"]').click();
      await page.getByRole("heading", { level: 1, name: "Receipt" }).waitFor();

      await page.goto(base);
      const statusCard = page
        .locator("section.card")
        .filter({ has: page.getByRole("heading", { name: "Status" }) });
      await expect(statusCard.locator(".badge").innerText()).resolves.toBe(
        "Submitted"
      );

      // The grant manager, in a browser of their own, passes the administrative check.
      const staff = await manager.newPage();
      await signIn(staff, app.url, "manager@demo.grants.local");
      await staff.goto(`${app.url}/manage/calls`);
      await staff.getByRole("link", { name: "MMD-2026-01" }).first().click();
      await staff.waitForURL(/\/manage\/calls\/[^/?]+/);
      const callId = /\/manage\/calls\/([^/?]+)/.exec(staff.url())![1]!;
      await staff.goto(`${app.url}/manage/calls/${callId}/proposals`);
      await settle(staff);
      await expect(
        staff.getByRole("heading", { level: 1 }).innerText()
      ).resolves.toBe("Proposals: MMD-2026-01");
      await screenshot(staff, "journey-manager-proposals");
      await staff.getByRole("link", { name: reference! }).click();
      await staff.waitForURL(new RegExp(`/manage/proposals/${proposalId}`));
      await settle(staff);
      await expect(staff.locator("main").innerText()).resolves.toContain(
        "Safe Paths for young people in Tambacounda"
      );
      await staff
        .getByRole("button", { name: "Pass the administrative check" })
        .click();
      await staff
        .getByRole("status")
        .filter({ hasText: "passed the administrative check" })
        .waitFor();
      await expect(staff.locator("header .badge").innerText()).resolves.toBe(
        "Full application evaluation"
      );
      await screenshot(staff, "journey-manager-passed");

      // The applicant sees the new status in plain words.
      await page.goto(base);
      await settle(page);
      await expect(statusCard.locator(".badge").innerText()).resolves.toBe(
        "Application under assessment"
      );
      await expect(
        page.locator("[data-next-step]").innerText()
      ).resolves.toContain("Assessors are scoring your application");
      await screenshot(page, "journey-applicant-status");
    } finally {
      await applicant.close();
      await manager.close();
    }
  });
});
