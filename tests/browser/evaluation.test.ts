// The demo closed call (MMD-2024-01, restricted) evaluated end to end in a browser: the grant
// manager passes two concept notes to evaluation, starts the evaluation and assigns Ana
// Ferreira (evaluator@) and Kwame Boateng (evaluator2@) to both; each signs the declaration
// and scores; one proposal's totals are far apart, so a moderation opens; the manager records
// a consensus and applies the pre-selection; the applicant (applicant@, whose organisation
// submitted MMD-2024-CN-0001) sees the outcome with "Assessor 1/2" and no assessor names.
import type { Browser, BrowserContext, Page } from "playwright-core";
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

const settle = (page: Page) => page.waitForLoadState("networkidle");
const CRITERIA = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"];
const ANA = "Ana Ferreira";
const KWAME = "Kwame Boateng";

async function as(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.url, email);
  return { context, page };
}

async function assign(page: Page, reference: string, name: string) {
  const card = page.locator(`[data-proposal="${reference}"]`);
  const select = card.getByLabel("Add an assessor");
  const label = (await select.locator("option", { hasText: name }).innerText()).trim();
  await select.selectOption({ label });
  await card.getByRole("button", { name: "Assign", exact: true }).click();
  // The status line stays from an earlier assignment: wait for this assessor on this card.
  await card.getByRole("link", { name }).waitFor();
  await page.getByRole("status").filter({ hasText: "The assessor was assigned." }).waitFor();
  await settle(page);
}

async function score(page: Page, evaluationId: string, value: number) {
  await page.goto(`${app.url}/assess/${evaluationId}`);
  await settle(page);
  for (const code of CRITERIA) {
    await page.locator(`[name="score.${code}"]`).fill(String(value));
    await page.locator(`[name="justification.${code}"]`).fill(`Criterion ${code}: scored ${value} after reading the concept note.`);
  }
  await page.getByRole("button", { name: "Submit evaluation" }).click();
  await page.getByText("Your evaluation has been submitted").waitFor();
}

describe("evaluating the demo closed call", () => {
  it("screens, assigns, scores, moderates, pre-selects, and shows the applicant the outcome", async () => {
    const { context: managerContext, page } = await as("manager@demo.grants.local");
    await page.goto(`${app.url}/manage/calls`);
    const href = await page.getByRole("link", { name: "MMD-2024-01" }).first().getAttribute("href");
    const callId = /\/manage\/calls\/([^/?]+)/.exec(href ?? "")?.[1];
    expect(callId).toBeTruthy();

    // Screening: two concept notes pass the administrative check.
    const proposalIds: Record<string, string> = {};
    for (const reference of ["MMD-2024-CN-0001", "MMD-2024-CN-0002"]) {
      await page.goto(`${app.url}/manage/calls/${callId}/proposals`);
      await settle(page);
      const link = page.getByRole("link", { name: reference });
      proposalIds[reference] = /\/manage\/proposals\/([^/?]+)/.exec((await link.getAttribute("href")) ?? "")?.[1] ?? "";
      await link.click();
      await page.waitForURL(/\/manage\/proposals\//);
      await settle(page);
      await page.getByRole("button", { name: "Pass the administrative check" }).click();
      await page.getByRole("status").filter({ hasText: "passed the administrative check" }).waitFor();
    }

    // The evaluation starts from the assessors' page of the closed call.
    await page.goto(`${app.url}/manage/calls/${callId}/evaluation`);
    await settle(page);
    await page.getByRole("button", { name: "Start the evaluation" }).click();
    await page.getByRole("status").filter({ hasText: "The evaluation has started." }).waitFor();
    await settle(page);
    for (const reference of ["MMD-2024-CN-0001", "MMD-2024-CN-0002"]) {
      await assign(page, reference, ANA);
      await assign(page, reference, KWAME);
    }
    const evaluationId = async (reference: string, name: string) => {
      const href = await page.locator(`[data-proposal="${reference}"]`).getByRole("link", { name }).getAttribute("href");
      return /\/manage\/evaluations\/([^/?]+)/.exec(href ?? "")?.[1] ?? "";
    };
    const ids = {
      ana1: await evaluationId("MMD-2024-CN-0001", ANA),
      kwame1: await evaluationId("MMD-2024-CN-0001", KWAME),
      ana2: await evaluationId("MMD-2024-CN-0002", ANA),
      kwame2: await evaluationId("MMD-2024-CN-0002", KWAME),
    };
    expect(Object.values(ids).every(Boolean)).toBe(true);
    await expect(page.locator('[data-proposal="MMD-2024-CN-0001"]').innerText()).resolves.toContain("chosen by hand");
    await screenshot(page, "evaluation-assignment");

    // Each assessor signs the declaration, then scores: far apart on 0001, alike on 0002.
    for (const [email, first, second, value] of [
      ["evaluator@demo.grants.local", ids.ana1, ids.ana2, 5],
      ["evaluator2@demo.grants.local", ids.kwame1, ids.kwame2, 1],
    ] as const) {
      const { context, page: assessor } = await as(email);
      await assessor.goto(`${app.url}/assess/calls/${callId}/declaration`);
      await assessor.getByLabel("I have read this declaration and I agree to it").check();
      await assessor.getByRole("button", { name: "Sign the declaration" }).click();
      await assessor.waitForURL((url) => !url.pathname.endsWith("/declaration"));
      await score(assessor, first, value);
      await score(assessor, second, 4);
      await context.close();
    }

    // The divergence opens a moderation; the manager records a consensus.
    await page.goto(`${app.url}/manage/calls/${callId}/results?stage=CONCEPT_NOTE`);
    await settle(page);
    const moderation = page.locator('[data-moderation="MMD-2024-CN-0001"]');
    await expect(moderation.innerText()).resolves.toContain("The assessors' totals (50 and 10)");
    await expect(page.locator('tr[data-reference="MMD-2024-CN-0001"]').innerText()).resolves.toContain("Waiting for moderation");
    await screenshot(page, "evaluation-moderation");
    await moderation.getByLabel(/Agreed total/).fill("36");
    await moderation.getByLabel(/how the assessors agreed/).fill("Agreed in a call on the design section.");
    await moderation.getByRole("button", { name: "Record the consensus" }).click();
    await page.getByRole("status").filter({ hasText: "The consensus was recorded." }).waitFor();
    await settle(page);
    await expect(page.locator('tr[data-reference="MMD-2024-CN-0001"]').innerText()).resolves.toContain("36");

    // Pre-selection, confirmed.
    await page.getByRole("button", { name: "Apply pre-selection" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.waitFor();
    await expect(confirm.innerText()).resolves.toContain("MMD-2024-CN-0001: shortlisted");
    await confirm.getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("status").filter({ hasText: "Proposals processed (2)" }).waitFor();
    await expect(page.getByRole("status").filter({ hasText: "Proposals processed (2)" }).innerText()).resolves.toContain("Invited to full application");
    await screenshot(page, "evaluation-results");

    // The assessors' chart is a view of its own, reached from the results' tabs.
    await page.getByRole("link", { name: "Assessors: severe or lenient?" }).click();
    const chart = page.locator("figure.score-chart");
    await chart.waitFor();
    await expect(chart.innerText()).resolves.toContain(ANA);
    await expect(page.locator("table.results-table").count()).resolves.toBe(0);
    await screenshot(page, "evaluation-assessors-chart");
    // The ranking's links (plain anchors, for speed) still navigate within the app: no page reload.
    await page.getByRole("link", { name: "Ranked list" }).click();
    await page.locator("table.results-table").waitFor();
    await page.evaluate(() => Object.assign(window, { stayedInApp: true }));
    await page.locator('tr[data-reference="MMD-2024-CN-0001"]').getByRole("link", { name: "MMD-2024-CN-0001" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/manage/proposals/"));
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).resolves.toBe(true);
    await managerContext.close();

    // The applicant sees the outcome, with assessors numbered and never named.
    const { context: applicantContext, page: applicant } = await as("applicant@demo.grants.local");
    await applicant.goto(`${app.url}/proposals/${proposalIds["MMD-2024-CN-0001"]}`);
    const outcome = applicant.locator("[data-outcome]");
    await outcome.waitFor();
    const text = await outcome.innerText();
    expect(text).toContain("Your score: 36 of 50 points");
    expect(text).toContain("Assessor 1");
    expect(text).toContain("Assessor 2");
    expect(text).toContain("Criterion 1.1: scored 5");
    expect(text).not.toContain(ANA);
    expect(text).not.toContain(KWAME);
    await screenshot(applicant, "evaluation-applicant-outcome");
    await applicantContext.close();
  }, 120_000);
});
