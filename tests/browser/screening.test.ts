// The demo grant manager screens the demo closed call (MMD-2024-01, restricted, six
// submitted concept notes): filters the list, opens one, fills in the checklist and passes
// it; fails two others at once with a reason after the confirmation step; downloads the CSV.
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

describe("screening the demo closed call", () => {
  it("filters, checks and passes one, bulk-fails two with a reason, downloads the CSV", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, app.url, "manager@demo.grants.local");
    await page.goto(`${app.url}/manage/calls`);
    const href = await page.getByRole("link", { name: "MMD-2024-01" }).first().getAttribute("href");
    const callId = /\/manage\/calls\/([^/?]+)/.exec(href ?? "")?.[1];
    expect(callId).toBeTruthy();

    await page.goto(`${app.url}/manage/calls/${callId}/proposals`);
    await settle(page);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Proposals: MMD-2024-01");
    await expect(page.locator("tbody tr").count()).resolves.toBe(6);

    // Filter: Senegalese organisations only (two proposals of the same CSO).
    await page.getByLabel("Country", { exact: true }).selectOption("SN");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/countryCode=SN/);
    // Client-side navigation: the URL changes just before the new rows render.
    await expect.poll(() => page.locator("tbody tr").count()).toBe(2);
    // Search by title words.
    await page.getByLabel("Reference, title or organisation").fill("Safe Paths");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=Safe/);
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);

    // Open it, confirm two checklist items, save, pass.
    await page.getByRole("link", { name: "MMD-2024-CN-0001" }).click();
    await page.waitForURL(/\/manage\/proposals\//);
    await page.locator("main").getByText(/Peer-to-peer information centres/).first().waitFor();
    const docItem = page.locator('fieldset[data-item="doc:CONCEPT_NOTE_FORM"]');
    await expect(docItem.innerText()).resolves.toContain("Suggested: No");
    await docItem.getByLabel("Yes").check();
    await page.locator('fieldset[data-item="doc:DECLARATION"]').getByLabel("Yes").check();
    await page.getByLabel("Note (internal)").fill("Forms received by e-mail before the deadline.");
    await page.getByRole("button", { name: "Save the checklist" }).click();
    await page.getByRole("status").filter({ hasText: "The checklist was saved." }).waitFor();
    await settle(page);
    await page.getByRole("button", { name: "Pass the administrative check" }).click();
    await page.getByRole("status").filter({ hasText: "passed the administrative check" }).waitFor();
    await expect(page.locator("header .badge").innerText()).resolves.toBe("Concept note evaluation");
    await expect(page.getByRole("heading", { name: "History" }).isVisible()).resolves.toBe(true);
    await expect(page.locator("main").innerText()).resolves.toContain("Administrative check passed");

    // Bulk: fail two Nigerian / Ghanaian ones with a reason, after the confirmation.
    await page.goto(`${app.url}/manage/calls/${callId}/proposals`);
    await settle(page);
    await page.getByLabel("Select MMD-2024-CN-0004").check();
    await page.getByLabel("Select MMD-2024-CN-0005").check();
    await page.getByLabel("Action", { exact: true }).selectOption("fail");
    await page.getByLabel(/Reason for rejection/).fill("The declaration by the lead applicant is missing.");
    await page.getByRole("button", { name: "Review the action" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.waitFor();
    await expect(confirm.innerText()).resolves.toContain("You are about to fail 2 proposals");
    await screenshot(page, "screening-confirm");
    await confirm.getByRole("button", { name: "Confirm" }).click();
    const results = page.getByRole("status").filter({ hasText: "2 applied, 0 refused." });
    await results.waitFor();
    await expect(results.innerText()).resolves.toContain("Rejected at administrative check");
    // The results come with the action; the table follows once the list is reloaded.
    await expect.poll(() => page.locator("tbody").innerText(), { timeout: 15_000 }).toMatch(/Rejected at administrative check[\s\S]*Rejected at administrative check/);

    // The CSV: header + 6 rows.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as CSV (Excel)" }).click()]);
    expect(download.suggestedFilename()).toBe("MMD-2024-01-proposals.csv");
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n").filter((l) => l !== "");
    expect(lines[0]).toMatch(/^reference,title,organisation,/);
    expect(lines.filter((l) => l.startsWith("MMD-2024-CN-"))).toHaveLength(6);
    expect(lines.filter((l) => l.includes("Rejected at administrative check"))).toHaveLength(2);
    await context.close();
  });
});
