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
  assignAssessor,
  autosaved,
  decide,
  evaluationIdOf,
  fillAndSubmitReport,
  fillCommonSections,
  fillFullApplication,
  fillIndicativeBudget,
  message,
  recordPayment,
  scoreAll,
  settle,
  submitProposal,
  tinyPdf,
  tranches,
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

const ANA = "Ana Ferreira"; // evaluator@
const KWAME = "Kwame Boateng"; // evaluator2@

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

/** An assessor opens a proposal from their queue and scores it. */
async function scoreFromQueue(page: Page, title: string, value: number): Promise<void> {
  await page.goto(`${app.url}/assess`);
  await settle(page);
  await page.getByRole("link", { name: title }).first().click();
  await page.waitForURL(/\/assess\/(?!calls)[^/]+$/);
  await scoreAll(page, value);
}

describe("the whole journey, from call to closed grant", () => {
  const state = { callId: "", reference: "", proposalA: "", proposalB: "", refA: "", refB: "", fullRefA: "", grantId: "", grantRef: "", interimId: "", finalId: "", awarded: false, signed: false, interimApproved: false };
  let manager: Page;
  let applicantA: Page;
  let applicantB: Page;
  const assessors: Page[] = [];

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

  it("the grant manager assigns two assessors to both concept notes", async () => {
    await manager.goto(`${app.url}/manage/calls/${state.callId}/evaluation?stage=CONCEPT_NOTE`);
    await settle(manager);
    for (const reference of [state.refA, state.refB]) {
      await assignAssessor(manager, reference, ANA);
      await assignAssessor(manager, reference, KWAME);
    }
    await screenshot(manager, "journey-03-assessors-assigned");
  });

  it("both assessors sign the declaration of impartiality and score the concept notes", async () => {
    for (const email of ["evaluator@demo.grants.local", "evaluator2@demo.grants.local"]) {
      const assessor = await person(email);
      assessors.push(assessor);
      await assessor.goto(`${app.url}/assess`);
      await settle(assessor);
      const card = assessor.locator(`[data-call="${state.reference}"]`);
      await card.getByRole("link", { name: "Read and sign the declaration" }).click();
      await assessor.getByLabel("I have read this declaration and I agree to it").check();
      await assessor.getByRole("button", { name: "Sign the declaration" }).click();
      await message(assessor, "status", "You signed the declaration");
      // A well above the pass mark (50 of 50), B below it (20 of 50), alike for both assessors.
      await scoreFromQueue(assessor, PROJECT_A.title, 5);
      await scoreFromQueue(assessor, PROJECT_B.title, 2);
      if (email === "evaluator@demo.grants.local") await screenshot(assessor, "journey-04-assessor-queue");
    }
  });

  it("the grant manager pre-selects the concept note above the pass mark and invites its applicant", async () => {
    await manager.goto(`${app.url}/manage/calls/${state.callId}/results?stage=CONCEPT_NOTE`);
    await settle(manager);
    await expect(manager.locator(`tr[data-reference="${state.refA}"]`).innerText()).resolves.toContain("Meets the thresholds");
    await expect(manager.locator(`tr[data-reference="${state.refB}"]`).innerText()).resolves.toContain("Does not meet the thresholds");
    await manager.getByRole("button", { name: "Apply pre-selection" }).click();
    const confirm = manager.getByRole("alertdialog");
    await confirm.waitFor();
    const plan = await confirm.innerText();
    expect(plan).toContain(`${state.refA}: shortlisted and invited to send a full application`);
    expect(plan).toContain(`${state.refB}: not shortlisted (below the thresholds)`);
    await confirm.getByRole("button", { name: "Confirm" }).click();
    await message(manager, "status", "Proposals processed (2)");
    const done = await manager.getByRole("status").filter({ hasText: "Proposals processed (2)" }).innerText();
    expect(done).toContain(`${state.refA}: Invited to full application`);
    expect(done).toContain(`${state.refB}: Not preselected`);
    await screenshot(manager, "journey-05-concept-note-results");
  });

  it("the invited applicant sees the assessment, then writes and submits the full application", async () => {
    await applicantA.goto(`${app.url}/proposals/${state.proposalA}`);
    await settle(applicantA);
    const outcome = applicantA.locator("[data-outcome]");
    await outcome.waitFor();
    const text = await outcome.innerText();
    expect(text).toContain("Your score: 50 of 50 points");
    expect(text).toContain("Assessor 1");
    expect(text).toContain("Assessor 2");
    expect(text).toContain("Criterion 1.1: scored 5");
    expect(text).not.toContain(ANA);
    expect(text).not.toContain(KWAME);
    await screenshot(applicantA, "journey-06-applicant-outcome");

    await applicantA.getByRole("button", { name: "Start the full application" }).click();
    await applicantA.waitForURL(/\/summary$/);
    const base = `${app.url}/proposals/${state.proposalA}`;
    await fillFullApplication(applicantA, base, PROJECT_A);
    await uploadRequiredDocuments(applicantA, base);
    state.fullRefA = await submitProposal(applicantA, base);
    expect(state.fullRefA).toMatch(new RegExp(`^${state.reference}-`));
    await screenshot(applicantA, "journey-07-full-application-receipt");

    // The other applicant learns that the concept note was not shortlisted.
    await applicantB.goto(`${app.url}/proposals/${state.proposalB}`);
    await settle(applicantB);
    await expect(applicantB.locator("[data-outcome]").innerText()).resolves.toContain("Your score: 20 of 50 points");
  });

  it("the full application is evaluated, selected within the budget, found eligible and awarded", async () => {
    expect(state.fullRefA).not.toBe("");
    // full_submitted → full_evaluation (START_FULL_EVALUATION), then the assessors' page of the stage.
    await manager.goto(`${app.url}/manage/calls/${state.callId}/evaluation?stage=FULL_APPLICATION`);
    await settle(manager);
    const start = manager.getByRole("button", { name: /start the (full )?evaluation/i });
    if ((await start.count()) === 0) {
      throw new Error(`No way to start the evaluation of the submitted full application (START_FULL_EVALUATION) on ${manager.url()}; the page shows:\n${(await manager.locator("main").innerText()).slice(0, 2000)}`);
    }
    await start.first().click();
    await message(manager, "status", "The submitted full applications are now in evaluation.");
    await settle(manager);
    await manager.goto(`${app.url}/manage/calls/${state.callId}/evaluation?stage=FULL_APPLICATION`);
    await settle(manager);
    await assignAssessor(manager, state.fullRefA, ANA);
    await assignAssessor(manager, state.fullRefA, KWAME);
    const ids = [await evaluationIdOf(manager, state.fullRefA, ANA), await evaluationIdOf(manager, state.fullRefA, KWAME)];
    for (const [i, assessor] of assessors.entries()) {
      await assessor.goto(`${app.url}/assess/${ids[i]}`);
      await scoreAll(assessor, 5);
    }

    await manager.goto(`${app.url}/manage/calls/${state.callId}/results?stage=FULL_APPLICATION`);
    await settle(manager);
    await expect(manager.locator(`tr[data-reference="${state.fullRefA}"]`).innerText()).resolves.toContain("Meets the thresholds");
    expect(await decide(manager, "Select within budget")).toContain(`${state.fullRefA}: provisionally selected`);
    await message(manager, "status", "Proposals processed (1)");
    const eligibility = `[data-eligibility="${state.fullRefA}"]`;
    expect(await decide(manager, "Start the eligibility check", eligibility)).toContain(`${state.fullRefA}: start the eligibility check`);
    await message(manager, "status", "Done.");
    expect(await decide(manager, "Eligible: award", eligibility)).toContain(`${state.fullRefA}: eligible, the grant is awarded`);
    await message(manager, "status", "Done.");
    await manager.getByLabel("Note for the record").fill("Awarded in rank order within the budget, after the eligibility check.");
    await decide(manager, "Record the award decision");
    await message(manager, "status", "The award decision was recorded and the call is now awarded.");
    state.awarded = true;
    await screenshot(manager, "journey-08-award-decision");
  });

  it("the grant manager prepares the grant, uploads the signed contract and signs; the first instalment is released and paid", async () => {
    expect(state.awarded, "the full application was not awarded in the previous step").toBe(true);
    await manager.goto(`${app.url}/manage/proposals/${state.proposalA}`);
    await settle(manager);
    await manager.getByRole("link", { name: "Prepare the grant" }).click();
    await manager.waitForURL(/\/manage\/grants\/new/);
    await settle(manager);
    await manager.getByRole("button", { name: "Prepare the grant" }).click();
    await manager.waitForURL(/\/manage\/grants\/[^/]+\/contract/);
    state.grantId = /\/manage\/grants\/([^/]+)\/contract/.exec(manager.url())![1]!;
    await message(manager, "status", "The grant is prepared. Check the contract below.");
    await settle(manager);
    // The contract starts from the proposal: EUR 120,000 of EUR 150,000 eligible costs, 24 months.
    expect(await manager.getByLabel("Grant amount (EUR)", { exact: true }).inputValue()).toMatch(/^120\D?000(\D00)?$/);
    expect(await manager.getByLabel("Total eligible costs (EUR)", { exact: true }).inputValue()).toMatch(/^150\D?000(\D00)?$/);
    state.grantRef = (await manager.locator("header.page-header .muted").first().innerText()).trim();
    await screenshot(manager, "journey-09-contract");

    await manager.getByLabel("File", { exact: true }).setInputFiles({ name: "signed-contract.pdf", mimeType: "application/pdf", buffer: tinyPdf() });
    await manager.getByRole("button", { name: "Upload the signed contract" }).click();
    await message(manager, "status", "The signed contract is uploaded.");
    await manager.goto(`${app.url}/manage/grants/${state.grantId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Sign the contract" }).click();
    await message(manager, "status", 'Done: the grant is now "In implementation".');
    state.signed = true;
    const rows = await tranches(manager);
    expect(rows.get(1)).not.toContain("Not released yet");
    expect(rows.get(2)).toContain("Not released yet");

    await recordPayment(manager, app.url, state.grantId, 1);
    expect((await tranches(manager)).get(1)).not.toContain("Not paid yet");
    await screenshot(manager, "journey-10-first-instalment-paid");
  });

  it("the grantee submits interim report 1; changes are requested; once approved, the next instalment is released in full", async () => {
    expect(state.signed, "the grant was not signed in the previous step").toBe(true);
    await applicantA.goto(`${app.url}/grants/${state.grantId}`);
    await settle(applicantA);
    await applicantA.locator('tr[data-report="INTERIM:1"]').getByRole("link").click();
    await applicantA.waitForURL(/\/grants\/[^/]+\/reports\/[^/?]+/);
    state.interimId = /\/reports\/([^/?]+)/.exec(applicantA.url())![1]!;
    // EUR 60,000 spent, of which the grant's 80% (48,000) is above 70% of the first instalment.
    await fillAndSubmitReport(applicantA, { narrative: "Two peer information centres opened in Tambacounda; 40 peers trained.", actual: "800", spent: { staff: 60_000 } });

    await manager.goto(`${app.url}/manage/reports/${state.interimId}`);
    await settle(manager);
    await manager.getByLabel("Comment on “Financial report”").fill("Please explain why staff costs are ahead of the work plan.");
    await manager.getByLabel("What must change", { exact: true }).fill("Explain the staff costs in the section on difficulties.");
    await manager.getByRole("button", { name: "Request changes" }).click();
    await message(manager, "status", "Changes requested.");

    await applicantA.goto(`${app.url}/grants/${state.grantId}/reports/${state.interimId}`);
    await settle(applicantA);
    await expect(applicantA.locator("[data-change-request]").innerText()).resolves.toContain("Explain the staff costs in the section on difficulties.");
    await expect(applicantA.locator('[data-section="financial"]').innerText()).resolves.toContain("Please explain why staff costs are ahead of the work plan.");
    await screenshot(applicantA, "journey-11-changes-requested");
    await applicantA.getByRole("textbox", { name: "Difficulties and how they were mitigated" }).fill("Staff were recruited early so that both centres could open in the first year; the outreach budget of the second year is unchanged.");
    await autosaved(applicantA);
    await applicantA.getByRole("button", { name: "Submit the report" }).click();
    await message(applicantA, "status", "Your report was submitted.");

    await manager.goto(`${app.url}/manage/reports/${state.interimId}`);
    await settle(manager);
    await expect(manager.locator('[data-section="difficulties"]').innerText()).resolves.toContain("Staff were recruited early");
    await manager.getByRole("button", { name: "Approve the report" }).click();
    await message(manager, "status", "Report approved.");
    const released = await manager.locator("[data-released]").innerText();
    const [, due, planned] = /Instalment 2 released: (.+) due \(planned: (.+)\)/.exec(released) ?? [];
    expect(due).toBeTruthy();
    expect(due).toBe(planned);
    state.interimApproved = true;

    await applicantA.goto(`${app.url}/grants/${state.grantId}`);
    await settle(applicantA);
    await expect(applicantA.locator("main").innerText()).resolves.toContain(`${due} due`);
    await screenshot(applicantA, "journey-12-grantee-grant");
  });

  it("the final report is approved, the last payments are recorded and the grant is closed", async () => {
    expect(state.interimApproved, "interim report 1 was not approved in the previous step").toBe(true);
    await recordPayment(manager, app.url, state.grantId, 2);
    await manager.goto(`${app.url}/manage/grants/${state.grantId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Start closing" }).click();
    await message(manager, "status", 'Done: the grant is now "Closing".');

    await applicantA.goto(`${app.url}/grants/${state.grantId}`);
    await settle(applicantA);
    await applicantA.locator('tr[data-report^="FINAL:"]').getByRole("link").click();
    await applicantA.waitForURL(/\/grants\/[^/]+\/reports\/[^/?]+/);
    state.finalId = /\/reports\/([^/?]+)/.exec(applicantA.url())![1]!;
    await fillAndSubmitReport(applicantA, { narrative: "Both centres reached 2,100 young people; the municipality keeps them open.", actual: "2100", spent: { staff: 90_000 } });

    await manager.goto(`${app.url}/manage/reports/${state.finalId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Approve the report" }).click();
    await message(manager, "status", "Report approved.");
    await expect(manager.locator("[data-released]").innerText()).resolves.toMatch(/^Instalment 3 released/);
    await recordPayment(manager, app.url, state.grantId, 3);
    await manager.goto(`${app.url}/manage/grants/${state.grantId}`);
    await settle(manager);
    await manager.getByRole("button", { name: "Close the grant" }).click();
    await message(manager, "status", 'Done: the grant is now "Closed".');
    await screenshot(manager, "journey-13-grant-closed");

    await applicantA.goto(`${app.url}/grants/${state.grantId}`);
    await settle(applicantA);
    await expect(applicantA.locator("header.page-header").innerText()).resolves.toContain("Closed");

    await manager.goto(`${app.url}/manage/portfolio`);
    await settle(manager);
    await manager.getByLabel("Status", { exact: true }).selectOption({ label: "Closed" });
    await manager.getByRole("button", { name: "Apply filters" }).click();
    await settle(manager);
    const row = manager.locator("tr").filter({ has: manager.getByRole("link", { name: state.grantRef, exact: true }) });
    await expect(row.innerText()).resolves.toContain("Closed");
    await screenshot(manager, "journey-14-portfolio");
  });
});
