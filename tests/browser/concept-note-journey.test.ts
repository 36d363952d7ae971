// The restricted-procedure journey in French, on one extra open restricted call added to the
// demo data before the app starts: the demo applicant (a Senegalese CSO) writes a concept note
// with an indicative budget, uploads the concept-note form through the real uploader, submits
// and gets the receipt; the demo grant manager, in a second browser context, passes the
// administrative check; the proposal is then in concept-note evaluation, said in French.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { proposalsFr } from "~/locales/areas/proposals.ts";
import { uploadsFr } from "~/locales/areas/uploads.ts";
import { APPLICATION_STATE_LABELS } from "../../workflows/application.machine.ts";
import { prepareDemoDatabase, startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";
import { tinyPdf } from "../support/journey-steps.ts";

const CALL_REFERENCE = "MMD-2026-CN";
const CALL_TITLE_FR = "Notes conceptuelles pour la protection des jeunes migrants";
const PROJECT_TITLE = "Chemins sûrs pour les jeunes de Tambacounda";

let app: RunningApp;
let browser: Browser;
let pgliteDir: string;
let callId: string;

/** An embedded database migrated and seeded as the app's start-up does, then the restricted call. */
async function prepareDatabase(dir: string): Promise<string> {
  prepareDemoDatabase(dir);
  const pglite = new PGlite(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  try {
    const grid = await prisma.gridTemplate.findUniqueOrThrow({ where: { code: "CONCEPT_NOTE" } });
    const call = await prisma.call.create({
      data: {
        reference: CALL_REFERENCE,
        titleEn: "Concept notes for the protection of young migrants",
        titleFr: CALL_TITLE_FR,
        descriptionEn: "Restricted procedure: a concept note first, then a full application if shortlisted.",
        descriptionFr: "Procédure restreinte : une note conceptuelle d’abord, puis une demande complète en cas de présélection.",
        procedure: "RESTRICTED",
        dialogueCodes: ["RABAT"],
        jvapDomainCodes: ["D2"],
        applicantTypeCodes: ["CSO", "LOCAL_AUTHORITY"],
        leadLocations: ["AU", "EU"],
        targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
        partnershipRules: { allowAlone: true, maxCoApplicants: 2, euLeadNeedsAuCoApplicant: false, diasporaExempt: false },
        totalBudgetCents: 100_000_000,
        minGrantCents: 5_000_000,
        maxGrantCents: 15_000_000,
        minDurationMonths: 6,
        maxDurationMonths: 24,
        timeZone: "Africa/Dakar",
        conceptNoteDeadline: new Date(Date.now() + 30 * 86_400_000),
        fullApplicationDeadline: new Date(Date.now() + 90 * 86_400_000),
        conceptNoteGrid: grid.definition as Prisma.InputJsonValue,
        requiredDocuments: [{ code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note conceptuelle", stage: "CONCEPT_NOTE", required: true }],
        state: "open",
        publishedAt: new Date(),
      },
    });
    return call.id;
  } finally {
    await prisma.$disconnect();
    await pglite.close();
  }
}

beforeAll(async () => {
  pgliteDir = path.join(mkdtempSync(path.join(os.tmpdir(), "grants-cn-journey-")), "pglite");
  callId = await prepareDatabase(pgliteDir);
  app = await startApp({ PGLITE_DIR: pgliteDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (pgliteDir) rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
});

const settle = (page: Page) => page.waitForLoadState("networkidle");
const autosaved = (page: Page) => page.locator('[data-autosave="saved"]').waitFor({ timeout: 15_000 });

describe("the concept-note journey on a restricted call, in French", () => {
  it("writes and submits a concept note, is screened by the manager and sees the concept-note evaluation status", async () => {
    const applicant = await browser.newContext({ locale: "en-GB", timezoneId: "Africa/Dakar", viewport: { width: 1280, height: 900 } });
    const manager = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    try {
      const page = await applicant.newPage();
      await signIn(page, app.url, "applicant@demo.grants.local");

      // Français, with the language switch; then the call page and in.
      await page.goto(`${app.url}/calls/${callId}`);
      await page.locator('.language-switch button[value="fr"]').click();
      await page.waitForFunction(() => document.documentElement.lang === "fr");
      await page.getByRole("heading", { level: 1, name: CALL_TITLE_FR }).waitFor();
      await screenshot(page, "cn-journey-call-fr");
      await page.locator("[data-apply]").click();
      await page.getByRole("button", { name: proposalsFr["proposals.new.submit"] }).click();
      await page.waitForURL(/\/proposals\/(?!new)[^/?]+$/);
      const base = page.url();
      const proposalId = /\/proposals\/([^/?]+)$/.exec(base)![1]!;
      await expect.poll(() => page.locator("main").textContent()).toMatch(new RegExp(`${CALL_REFERENCE}-\\d{4}`));
      const reference = new RegExp(`${CALL_REFERENCE}-\\d{4}`).exec((await page.locator("main").textContent()) ?? "")![0];
      await expect(page.locator("main").textContent()).resolves.toContain(proposalsFr["proposals.stage.CONCEPT_NOTE"]);

      // Summary and objectives.
      await page.goto(`${base}/summary`);
      await settle(page);
      await page.getByLabel(proposalsFr["proposals.field.title"], { exact: true }).fill(PROJECT_TITLE);
      await page.getByLabel(proposalsFr["proposals.field.summary"], { exact: true }).fill("Des centres d’information animés par des pairs sur les voies de migration régulière.");
      await page.getByLabel(proposalsFr["proposals.field.objectives"], { exact: true }).fill("Informer 2 000 jeunes sur les voies régulières et les risques de la migration irrégulière.");
      await page.getByLabel(proposalsFr["proposals.field.durationMonths"], { exact: true }).fill("12");
      await autosaved(page);

      // The call's JVAP domain.
      await page.goto(`${base}/domains`);
      await settle(page);
      await page.locator('input[name="jvapDomainCodes"][value="D2"]').check();
      await autosaved(page);

      // Target countries: Senegal, an AU member state.
      await page.goto(`${base}/countries`);
      await settle(page);
      await page.getByLabel(proposalsFr["proposals.field.targetCountryCodes"]).selectOption("SN");
      await autosaved(page);

      // Co-applicants: none, the call allows applying alone.
      await page.goto(`${base}/partners`);
      await settle(page);
      await page.getByRole("heading", { level: 1 }).waitFor();

      // Indicative budget: EUR 100,000 requested of EUR 120,000, within EUR 50,000–150,000.
      await page.goto(`${base}/indicative`);
      await settle(page);
      await page.getByLabel(proposalsFr["proposals.field.totalCost"], { exact: true }).fill("120000");
      await page.getByLabel(proposalsFr["proposals.field.requestedAmount"], { exact: true }).fill("100000");
      await autosaved(page);
      await screenshot(page, "cn-journey-indicative-fr");

      // Only the document is missing now.
      await page.goto(`${base}/submit`);
      await page.locator(".proposal-problems").waitFor();
      const sections = await page.locator(".proposal-problems li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-section")));
      expect(new Set(sections), await page.locator(".proposal-problems").innerText()).toEqual(new Set(["documents"]));

      // The concept-note form, through the real uploader.
      await page.goto(`${base}/documents`);
      await settle(page);
      const card = page.locator('section[data-requirement="CN_FORM"]');
      await expect(card.locator("h2").innerText()).resolves.toContain("Formulaire de note conceptuelle");
      await card.locator('form.document-uploader[data-hydrated="true"]').waitFor();
      await card.locator('input[type="file"]').setInputFiles({ name: "note-conceptuelle.pdf", mimeType: "application/pdf", buffer: tinyPdf() });
      await card.getByRole("button", { name: uploadsFr["uploads.submit"], exact: true }).click();
      await card
        .locator(".success-message")
        .filter({ hasText: uploadsFr["uploads.success"].replace("{filename}", "note-conceptuelle.pdf") })
        .waitFor({ timeout: 20_000 });
      await expect(card.locator("progress").getAttribute("value")).resolves.toBe("100");
      await screenshot(page, "cn-journey-documents-fr");

      // Ready: submit, and land on the receipt with the reference.
      await page.goto(`${base}/submit`);
      await page.locator(".notice--success").waitFor();
      await expect(page.locator(".proposal-problems").count()).resolves.toBe(0);
      await page.getByRole("button", { name: proposalsFr["proposals.submit.button"] }).click();
      await page.waitForURL(/\/receipt$/);
      await page.getByRole("heading", { level: 1, name: proposalsFr["proposals.receipt.title"] }).waitFor();
      await expect.poll(() => page.locator("[data-reference]").innerText()).toBe(reference);
      await expect(page.locator(".notice--success").innerText()).resolves.toContain(proposalsFr["proposals.receipt.thanks"]);
      const receipt = await page.locator("article.receipt").innerText();
      expect(receipt).toContain(PROJECT_TITLE);
      expect(receipt).toContain("CN_FORM: note-conceptuelle.pdf");
      await screenshot(page, "cn-journey-receipt-fr");

      // The grant manager passes the administrative check.
      const staff = await manager.newPage();
      await signIn(staff, app.url, "manager@demo.grants.local");
      await staff.goto(`${app.url}/manage/calls/${callId}/proposals`);
      await settle(staff);
      await expect(staff.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(`Proposals: ${CALL_REFERENCE}`);
      await staff.getByRole("link", { name: reference }).click();
      await staff.waitForURL(new RegExp(`/manage/proposals/${proposalId}`));
      await staff.locator("main").getByText(PROJECT_TITLE).first().waitFor();
      await settle(staff);
      await staff.getByRole("button", { name: "Pass the administrative check" }).click();
      await staff.getByRole("status").filter({ hasText: "passed the administrative check" }).waitFor();
      await expect(staff.locator("header .badge").innerText()).resolves.toBe(APPLICATION_STATE_LABELS.cn_evaluation.staff.en);
      await screenshot(staff, "cn-journey-manager-passed");

      // The applicant sees the new status in French.
      await page.goto(base);
      await settle(page);
      const statusCard = page.locator("section.card").filter({ has: page.getByRole("heading", { name: proposalsFr["proposals.overview.status"] }) });
      await expect(statusCard.locator(".badge").innerText()).resolves.toBe(APPLICATION_STATE_LABELS.cn_evaluation.applicant.fr);
      await expect(page.locator("[data-next-step]").innerText()).resolves.toContain(APPLICATION_STATE_LABELS.cn_evaluation.next.fr);
      await screenshot(page, "cn-journey-applicant-status-fr");
    } finally {
      await applicant.close();
      await manager.close();
    }
  });
});
