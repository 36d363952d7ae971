// The whole life of a grant in one browser test, on the demo data, each person in their own
// browser context: the grant manager publishes a restricted call; two applicant
// organisations submit concept notes; the manager screens them and assigns assessors, who
// sign the declaration of impartiality and score; one concept note is pre-selected and its
// applicant submits a full application; it is scored, verified and awarded; the grant is
// contracted; the grantee submits an interim report, changes are requested, it is approved
// and the next instalment is released; the final report closes the grant. Screenshots of the
// key pages go to test-results/screenshots/journey-*.png (the README shows some of them).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantToLocalString } from "~/utils/zoned-time.ts";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";
import {
  fillCommonSections,
  fillFullApplication,
  fillIndicativeBudget,
  message,
  settle,
  submitProposal,
  uploadRequiredDocuments,
  type ProjectFacts,
} from "../support/journey-steps.ts";

const DAY = 86_400_000;
const TITLE = "Youth mobility partnerships Dakar–Lyon";
const localDate = (days: number) => instantToLocalString(new Date(Date.now() + days * DAY), "Europe/Vienna").slice(0, 10);

const PROJECT_A: ProjectFacts = {
  title: "Safe pathways for young people in Tambacounda",
  summary: "Peer information centres on regular migration pathways.",
  objectives: "Inform 2,000 young people about regular pathways.",
  durationMonths: 24,
  country: "Senegal",
  totalCostEur: 150_000,
  requestedEur: 120_000,
};
const PROJECT_B: ProjectFacts = {
  title: "Diaspora mentors for returnees in Kayes",
  summary: "Diaspora professionals mentor returnees starting a business.",
  objectives: "Mentor 150 returnees.",
  durationMonths: 18,
  country: "Mali",
  totalCostEur: 110_000,
  requestedEur: 90_000,
};

let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

/** One signed-in person in their own browser context. */
async function person(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, app.url, email);
  return page;
}

describe("the whole journey, from call to closed grant", () => {
  const state = { callId: "", reference: "", proposalA: "", proposalB: "", refA: "", refB: "" };
  let manager: Page;
  let applicantA: Page;
  let applicantB: Page;

  it("the grant manager publishes and opens a restricted call", async () => {
    manager = await person("manager@demo.grants.local");
    await manager.goto(`${app.url}/manage/calls/new`);
    await settle(manager);
    await manager.getByLabel("Restricted procedure").check();
    await manager.getByLabel("Title in English").fill(TITLE);
    await manager.getByRole("button", { name: "Create the draft" }).click();
    await manager.waitForURL(/\/manage\/calls\/[^/]+\/edit\?created=1/);
    state.callId = /\/manage\/calls\/([^/]+)\/edit/.exec(manager.url())![1]!;
    await message(manager, "status", /Draft call MMD-\d{4}-\d{2} created/);
    await settle(manager);

    await manager.getByLabel("Title in French").fill("Partenariats de mobilité des jeunes Dakar–Lyon");
    await manager.getByLabel("Description in English").fill("Grants for civil-society and diaspora organisations working on youth mobility between Senegal, Mali and France.");
    await manager.getByLabel("Description in French").fill("Subventions pour des organisations de la société civile et de la diaspora travaillant sur la mobilité des jeunes.");
    await manager.getByLabel(/^Rabat Process:/).check();
    await manager.getByLabel("Legal migration and mobility", { exact: true }).check();
    await manager.getByLabel("Civil-society organisation / NGO", { exact: true }).check();
    await manager.getByLabel("Diaspora organisation", { exact: true }).check();
    await manager.getByLabel("An African Union member state").check();
    await manager.getByLabel("A European Union member state").check();
    await manager.getByLabel("Total budget (EUR)").fill("300 000");
    await manager.getByLabel("Smallest grant (EUR)").fill("50 000");
    await manager.getByLabel("Largest grant (EUR)").fill("150 000");
    await manager.getByLabel("Shortest duration (months)").fill("12");
    await manager.getByLabel("Longest duration (months)").fill("24");
    await manager.getByLabel("Concept note deadline").fill(`${localDate(30)}T17:00`);
    await manager.getByLabel("Full application deadline").fill(`${localDate(90)}T17:00`);
    await manager.getByRole("button", { name: "Save draft" }).click();
    await message(manager, "status", "The draft is saved.");

    await manager.getByRole("navigation", { name: "Pages of this call" }).getByRole("link", { name: "Overview" }).click();
    await message(manager, "status", "Nothing is missing: the call can be published.");
    await manager.getByRole("button", { name: "Publish the call" }).click();
    await message(manager, "status", "The call is published.");
    await manager.getByRole("button", { name: "Open for proposals" }).click();
    await message(manager, "status", /The call is open for proposals/);
    state.reference = /MMD-\d{4}-\d{2}/.exec(await manager.locator("main").innerText())![0];
    await screenshot(manager, "journey-01-call-open");
  });

  it("two applicant organisations write and submit concept notes", async () => {
    expect(state.callId).not.toBe("");
    applicantA = await person("applicant@demo.grants.local");
    applicantB = await person("applicant2@demo.grants.local");
    for (const [page, project, key] of [
      [applicantA, PROJECT_A, "A"],
      [applicantB, PROJECT_B, "B"],
    ] as const) {
      await page.goto(`${app.url}/calls/${state.callId}`);
      await settle(page);
      await page.locator("[data-apply]").click();
      await page.getByRole("button", { name: "Start the proposal" }).click();
      await page.waitForURL(/\/proposals\/(?!new)[^/?]+$/);
      const base = page.url();
      await fillCommonSections(page, base, project);
      await fillIndicativeBudget(page, base, project);
      await uploadRequiredDocuments(page, base);
      const reference = await submitProposal(page, base);
      expect(reference).toMatch(new RegExp(`^${state.reference}-`));
      if (key === "A") {
        state.proposalA = /\/proposals\/([^/?]+)/.exec(base)![1]!;
        state.refA = reference;
        await screenshot(page, "journey-02-concept-note-receipt");
      } else {
        state.proposalB = /\/proposals\/([^/?]+)/.exec(base)![1]!;
        state.refB = reference;
      }
    }
  });

  it("the grant manager closes the call, passes both notes through the administrative check and starts the evaluation", async () => {
    await manager.goto(`${app.url}/manage/calls/${state.callId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Close now" }).click();
    await message(manager, "status", /closed/i);
    for (const reference of [state.refA, state.refB]) {
      await manager.goto(`${app.url}/manage/calls/${state.callId}/proposals`);
      await settle(manager);
      await manager.getByRole("link", { name: reference }).click();
      await manager.waitForURL(/\/manage\/proposals\//);
      await settle(manager);
      await manager.getByRole("button", { name: "Pass the administrative check" }).click();
      await manager.getByRole("status").filter({ hasText: "passed the administrative check" }).waitFor();
    }
    await manager.goto(`${app.url}/manage/calls/${state.callId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Start the evaluation" }).click();
    await message(manager, "status", "The evaluation has started.");
  });
});
