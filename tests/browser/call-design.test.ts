// The demo grant manager builds a restricted call in the browser, with a custom concept-note
// grid (one criterion more: the total goes from 50 to 55 as it is added), publishes and opens
// it. Then the demo applicant (a Senegalese CSO), in French, finds it through the public
// catalogue's filters and reads on its page why the organisation may not apply.
//
// The applicant's half depends on the catalogue pages built alongside (/calls with GET
// parameters q, domain, dialogue, type, country; /calls/:id with its "am I eligible?" panel).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantToLocalString } from "~/utils/zoned-time.ts";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

let app: RunningApp;
let browser: Browser;

const DAY = 86_400_000;
const MARKER = "Sahel-Alpes";
const TITLE_EN = `${MARKER} partnerships for diaspora and local authorities`;
const TITLE_FR = `Partenariats ${MARKER} pour la diaspora et les autorités locales`;
const localDate = (days: number) => instantToLocalString(new Date(Date.now() + days * DAY), "Europe/Vienna").slice(0, 10);

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function newPage(locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** Waits until the page has loaded its scripts (hydrated) and settled. */
const settle = (page: Page) => page.waitForLoadState("networkidle");
/** Waits for a status or alert message containing `words`. */
const message = (page: Page, role: "status" | "alert", words: string | RegExp) => page.getByRole(role).filter({ hasText: words }).first().waitFor();

describe("designing, publishing and finding a call", () => {
  let callId = "";

  it("the grant manager builds a restricted call with a custom grid, publishes and opens it", async () => {
    const page = await newPage();
    await signIn(page, app.url, "manager@demo.grants.local");
    await page.goto(`${app.url}/manage/calls`);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Calls for proposals");
    await expect(page.locator("main").innerText()).resolves.toContain("MMD-2026-01");
    await settle(page);
    await page.getByRole("link", { name: "New call" }).click();

    await page.getByLabel("Restricted procedure").check();
    await page.getByLabel("Title in English").fill(TITLE_EN);
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/\/manage\/calls\/[^/]+\/edit\?created=1/);
    callId = /\/manage\/calls\/([^/]+)\/edit/.exec(page.url())![1]!;
    await message(page, "status", /Draft call MMD-\d{4}-\d{2} created/);
    await settle(page);

    // Basics, scope, eligibility.
    await page.getByLabel("Title in French").fill(TITLE_FR);
    await page.getByLabel("Description in English").fill("Grants for projects of diaspora organisations and local authorities linking the Sahel and the Alps.");
    await page.getByLabel("Description in French").fill("Subventions pour des projets d’organisations de la diaspora et d’autorités locales reliant le Sahel et les Alpes.");
    await page.getByLabel(/^Rabat Process:/).check();
    await page.getByLabel("Legal migration and mobility", { exact: true }).check();
    await page.getByLabel("Diaspora organisation", { exact: true }).check();
    await page.getByLabel("Local authority", { exact: true }).check();
    await page.getByLabel(/^Exactly this many co-applicants/).fill("1");

    // Money typed the way people write it; durations; deadlines in Vienna time.
    await page.getByLabel("Total budget (EUR)").fill("1 200 000");
    await page.getByLabel("Smallest grant (EUR)").fill("100,000");
    await page.getByLabel("Largest grant (EUR)").fill("300 000,00");
    await page.getByLabel("Shortest duration (months)").fill("12");
    await page.getByLabel("Longest duration (months)").fill("24");
    await page.getByLabel("Concept note deadline").fill(`${localDate(30)}T17:00`);
    await page.getByLabel("Full application deadline").fill(`${localDate(90)}T17:00`);

    // One required document for the concept note.
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Code, document 1").fill("CN_FORM");
    await page.getByLabel("Name in English, document 1").fill("Concept note form");
    await page.getByLabel("Name in French, document 1").fill("Formulaire de note succincte");
    await page.getByLabel("Stage, document 1").selectOption("CONCEPT_NOTE");

    // The concept-note grid: one more criterion, and the total follows as it is added.
    const grid = page.locator("#field-conceptNoteGrid");
    const total = grid.locator("#field-conceptNoteGrid-total");
    await expect(total.innerText()).resolves.toBe("Total: 50 points");
    await grid.getByRole("button", { name: "Add a criterion to section 1" }).click();
    await expect(total.innerText()).resolves.toBe("Total: 55 points");
    await grid.getByLabel("Name in English, criterion 1.5").fill("Involvement of the diaspora");
    await grid.getByLabel("Name in French, criterion 1.5").fill("Implication de la diaspora");
    await grid.getByLabel("Weight, criterion 1.5").fill("2");
    await expect(total.innerText()).resolves.toBe("Total: 60 points");
    await screenshot(page, "call-design-edit");

    await page.getByRole("button", { name: "Save draft" }).click();
    await message(page, "status", "The draft is saved.");
    // The server recomputed the same total.
    await expect(page.locator("#field-conceptNoteGrid-total").innerText()).resolves.toBe("Total: 60 points");

    await page.getByRole("navigation", { name: "Pages of this call" }).getByRole("link", { name: "Overview" }).click();
    await message(page, "status", "Nothing is missing: the call can be published.");
    await page.getByRole("button", { name: "Publish the call" }).click();
    await message(page, "status", "The call is published.");
    await page.getByRole("button", { name: "Open for proposals" }).click();
    await message(page, "status", "The call is open for proposals. It will close at its deadline.");
    await expect(page.locator("main .badge").first().innerText()).resolves.toBe("Open");
    await screenshot(page, "call-design-overview-open");
    await page.context().close();
  });

  it("the grant manager is told what is missing before a draft can be published, with links to the fields", async () => {
    const page = await newPage();
    await signIn(page, app.url, "manager@demo.grants.local");
    await page.goto(`${app.url}/manage/calls/new`);
    await settle(page);
    await page.getByLabel("Open procedure").check();
    await page.getByRole("button", { name: "Create the draft" }).click();
    await message(page, "status", /Draft call MMD-\d{4}-\d{2} created/);
    await settle(page);
    // A malformed amount is refused on its field; what was typed stays.
    await page.getByLabel("Title in English").fill("Half-done call");
    await page.getByLabel("Total budget (EUR)").fill("lots of money");
    await page.getByRole("button", { name: "Save draft" }).click();
    await message(page, "alert", "Total budget (EUR): Enter a number, like 150,000 or 150000.50.");
    await expect(page.getByLabel("Title in English").inputValue()).resolves.toBe("Half-done call");
    await expect(page.getByLabel("Total budget (EUR)").inputValue()).resolves.toBe("lots of money");
    await page.getByLabel("Total budget (EUR)").fill("");
    await page.getByRole("button", { name: "Save draft" }).click();
    await message(page, "status", "The draft is saved.");

    await page.getByRole("navigation", { name: "Pages of this call" }).getByRole("link", { name: "Overview" }).click();
    await page.getByRole("button", { name: "Publish the call" }).click();
    await message(page, "alert", "The call cannot be published yet.");
    const problem = page.getByRole("link", { name: "Total budget (EUR): Enter the total budget of the call." });
    await expect(problem.isVisible()).resolves.toBe(true);
    await screenshot(page, "call-design-problems");
    await problem.click();
    await page.waitForURL(/edit#field-totalBudget$/);
    await page.context().close();
  });

  it("the grid editor works without JavaScript: the server adds the row and recomputes the total", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, app.url, "manager@demo.grants.local");
    await page.goto(`${app.url}/manage/calls/new`);
    await page.getByLabel("Restricted procedure").check();
    await page.getByLabel("Title in English").fill("Call edited without JavaScript");
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/edit\?created=1/);
    const grid = page.locator("#field-conceptNoteGrid");
    await expect(grid.locator("#field-conceptNoteGrid-total").innerText()).resolves.toBe("Total: 50 points");
    await page.getByLabel("Title in French").fill("Appel modifié sans JavaScript");
    await grid.getByRole("button", { name: "Add a criterion to section 2" }).click();
    await page.waitForLoadState("load");
    await expect(page.getByRole("status").filter({ hasText: "Nothing is saved yet" }).count()).resolves.toBe(1);
    await expect(page.locator("#field-conceptNoteGrid-total").innerText()).resolves.toBe("Total: 55 points");
    // What was typed before the button was pressed is still there.
    await expect(page.getByLabel("Title in French").inputValue()).resolves.toBe("Appel modifié sans JavaScript");
    await page.locator("#field-conceptNoteGrid").getByLabel("Name in English, criterion 2.3").fill("Risks and mitigation");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/edit\?saved=1/);
    await expect.poll(() => page.locator("#field-conceptNoteGrid-total").innerText()).toBe("Total: 55 points");
    await expect(page.locator("#field-conceptNoteGrid").getByLabel("Name in English, criterion 2.3").inputValue()).resolves.toBe("Risks and mitigation");
    await expect(page.getByLabel("Title in French").inputValue()).resolves.toBe("Appel modifié sans JavaScript");
    await screenshot(page, "call-design-no-js");
    await context.close();
  });

  it("an applicant, in French, finds the call with the catalogue's filters and sees why their organisation may not apply", async () => {
    expect(callId).not.toBe("");
    const page = await newPage();
    await signIn(page, app.url, "applicant@demo.grants.local");
    await page.goto(`${app.url}/calls`);
    await page.getByRole("button", { name: /français/i }).click();
    await page.waitForFunction(() => document.documentElement.lang === "fr");

    // The filters: text, JVAP domain, dialogue and the applicant's country find it...
    await page.goto(`${app.url}/calls?q=${encodeURIComponent(MARKER)}&domain=D2&dialogue=RABAT&country=SN`);
    const link = page.locator("main").getByRole("link", { name: TITLE_FR }).first();
    await expect(link.isVisible()).resolves.toBe(true);
    await screenshot(page, "call-design-catalogue-fr");
    // ...and filters it does not match leave it out: another domain, another dialogue, the applicant's own type.
    for (const query of ["domain=D4", "dialogue=KHARTOUM", "type=CSO"]) {
      await page.goto(`${app.url}/calls?q=${encodeURIComponent(MARKER)}&${query}`);
      await expect(page.locator("main").getByRole("link", { name: TITLE_FR }).count(), query).resolves.toBe(0);
    }
    await page.goto(`${app.url}/calls?q=${encodeURIComponent(MARKER)}&type=DIASPORA`);
    await page.locator("main").getByRole("link", { name: TITLE_FR }).first().click();
    await page.getByRole("heading", { level: 1, name: TITLE_FR }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/calls/${callId}`);

    // "Am I eligible?": the unmet rule is named, with the organisation's type and the types the call accepts.
    const panel = page.getByRole("region", { name: /éligible/i });
    const words = await panel.innerText();
    expect(words).toContain("Organisation de la société civile / ONG");
    expect(words).toContain("Organisation de la diaspora");
    expect(words).toContain("Autorité locale");
    await screenshot(page, "call-design-eligibility-fr");
    await page.context().close();
  });
});
