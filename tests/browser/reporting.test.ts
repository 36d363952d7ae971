// The demo grantee (applicant@) writes interim report 1 of the demo grant: an incomplete
// submission is refused field by field with what was typed kept; the complete report is
// submitted; the demo grant manager asks for changes with a comment on the summary; the
// grantee sees the reason and the comment, changes the summary and submits again; the
// manager approves, and the released instalment shows on the review page and on the
// grantee's grant page.
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

const settle = (page: Page) => page.waitForLoadState("networkidle");

async function newPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.url, email);
  return page;
}

/** The demo grant's interim report 1, reached from the grantee's grants as a grantee would. */
async function openInterimReport(page: Page): Promise<{ grantUrl: string; reportUrl: string }> {
  await page.goto(`${app.url}/grants`);
  await page.locator('main a[href^="/grants/"]').first().click();
  await page.waitForURL(/\/grants\/[^/]+$/);
  const grantUrl = page.url();
  const links = await page.locator('a[href*="/reports/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  for (const href of [...new Set(links)]) {
    await page.goto(`${app.url}${href}`);
    if ((await page.getByRole("heading", { level: 1 }).innerText()) === "Interim report 1") return { grantUrl, reportUrl: page.url() };
  }
  throw new Error(`no interim report 1 among ${links.join(", ")}`);
}

/** Fills every part of the report form (whatever indicators and headings the demo grant has). */
async function fillAll(page: Page) {
  for (const area of await page.locator('textarea[name^="narrative."]').all()) {
    if ((await area.inputValue()).trim() === "") await area.fill("Done as planned in Dakar and Thiès, with the municipal partners.");
  }
  for (const input of await page.locator('input[name^="indicator."][name$=".actual"]').all()) await input.fill("1 250");
  for (const input of await page.locator('input[name^="spent."]').all()) await input.fill("12 345,67");
}

const waitSaved = (page: Page) => page.locator('[data-autosave="saved"]').waitFor();

describe("an interim report from draft to approval", () => {
  it("is refused incomplete, submitted, sent back with comments, resubmitted and approved, releasing the next instalment", async () => {
    const grantee = await newPage("applicant@demo.grants.local");
    const { grantUrl, reportUrl } = await openInterimReport(grantee);
    await settle(grantee);
    await expect(grantee.locator("main").innerText()).resolves.toContain("Due on");

    // Only the summary: refused, with what is missing, and the summary kept.
    await grantee.getByRole("textbox", { name: "Summary of progress" }).fill("Twelve information sessions held so far.");
    await waitSaved(grantee);
    await grantee.getByRole("button", { name: "Submit the report" }).click();
    const summary = grantee.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Write the section “Activities carried out”.");
    await expect(grantee.getByRole("textbox", { name: "Summary of progress" }).inputValue()).resolves.toBe("Twelve information sessions held so far.");
    await screenshot(grantee, "report-refused");

    // Everything: the financial table follows what is typed; submitted.
    await fillAll(grantee);
    await expect(grantee.locator("[data-total-spent]").innerText()).resolves.not.toBe("€0");
    await waitSaved(grantee);
    await grantee.getByRole("button", { name: "Submit the report" }).click();
    await grantee.getByRole("status").filter({ hasText: "Your report was submitted." }).waitFor();
    await expect(grantee.locator("header .badge").first().innerText()).resolves.toBe("Submitted");

    // The manager finds it among the reports to review and asks for changes.
    const manager = await newPage("manager@demo.grants.local");
    await manager.goto(`${app.url}/manage/reports`);
    const reportId = reportUrl.split("/").pop()!;
    await manager.locator(`tr[data-report="${reportId}"] a`).click();
    await manager.waitForURL(new RegExp(`/manage/reports/${reportId}`));
    await settle(manager);
    await manager.getByLabel("Comment on “Summary of progress”").fill("Say how many people attended each session.");
    await manager.getByLabel("What must change").fill("Give attendance figures per session.");
    await manager.getByRole("button", { name: "Request changes" }).click();
    await manager.getByRole("status").filter({ hasText: "Changes requested." }).waitFor();

    // The grantee sees the reason and the comment next to the summary, changes it, resubmits.
    await grantee.goto(reportUrl);
    await settle(grantee);
    await expect(grantee.locator("[data-change-request]").innerText()).resolves.toContain("Give attendance figures per session.");
    await expect(grantee.locator('[data-section="summary"] [data-reviewer-comment]').innerText()).resolves.toContain("Say how many people attended each session.");
    await grantee.getByRole("textbox", { name: "Summary of progress" }).fill("Twelve information sessions, 100 to 110 people each (1 250 in all).");
    await waitSaved(grantee);
    await grantee.getByRole("button", { name: "Submit the report" }).click();
    await grantee.getByRole("status").filter({ hasText: "Your report was submitted." }).waitFor();

    // The manager approves; the instalment it releases is shown with the 70% rule.
    await manager.reload();
    await settle(manager);
    await manager.getByRole("button", { name: "Approve the report" }).click();
    await manager.getByRole("status").filter({ hasText: "Report approved." }).waitFor();
    const released = manager.locator("[data-released]");
    await released.waitFor();
    const text = await released.innerText();
    expect(text).toMatch(/^Instalment \d+ released: €[\d,.]+ due/);
    await expect(manager.locator("[data-payment]").innerText()).resolves.toContain("The 70% rule");
    await screenshot(manager, "report-approved");
    const amount = /released: (€[\d,.]+) due/.exec(text)![1]!;

    // The grantee's grant page shows the instalment now due.
    await grantee.goto(grantUrl);
    await settle(grantee);
    await expect(grantee.locator("main").innerText()).resolves.toContain(amount);
  });
});
