// Applicants finding calls in a real browser, on the app as a newcomer runs it (demo data),
// plus one extra open call that only organisations registered in the African Union may
// lead: in French, an applicant filters the catalogue by a JVAP domain and a dialogue, opens
// the demo call and sees that their organisation may apply; a diaspora organisation
// registered in France sees the rules it does not meet named on the extra call.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { prepareDemoDatabase, startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

const EXTRA_CALL = {
  reference: "MMD-2026-AU",
  titleEn: "Protection grants for African civil society and local authorities",
  titleFr: "Subventions de protection pour la société civile et les autorités locales africaines",
};
const DEMO_CALL_FR = /Petites subventions pour des initiatives/;

let app: RunningApp;
let browser: Browser;
let pgliteDir: string;

/** An embedded database migrated and seeded as the app's start-up does, then the extra call. */
async function prepareDatabase(dir: string) {
  prepareDemoDatabase(dir);
  const pglite = new PGlite(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  try {
    await prisma.call.create({
      data: {
        ...EXTRA_CALL,
        descriptionEn: "Community protection projects led by organisations registered in a member state of the African Union.",
        descriptionFr: "Projets de protection communautaire portés par des organisations enregistrées dans un État membre de l'Union africaine.",
        procedure: "OPEN",
        dialogueCodes: ["RABAT", "KHARTOUM"],
        jvapDomainCodes: ["D3"],
        applicantTypeCodes: ["CSO", "LOCAL_AUTHORITY"],
        leadLocations: ["AU"],
        targetCountryRules: { maxCountries: 2, minAuCountries: 2 },
        partnershipRules: { allowAlone: true, maxCoApplicants: 2, euLeadNeedsAuCoApplicant: false, diasporaExempt: false },
        totalBudgetCents: 40_000_000,
        minGrantCents: 5_000_000,
        maxGrantCents: 10_000_000,
        timeZone: "Africa/Addis_Ababa",
        fullApplicationDeadline: new Date(Date.now() + 30 * 86_400_000),
        state: "open",
        publishedAt: new Date(),
      },
    });
  } finally {
    await prisma.$disconnect();
    await pglite.close();
  }
}

beforeAll(async () => {
  pgliteDir = path.join(mkdtempSync(path.join(os.tmpdir(), "grants-catalogue-")), "pglite");
  await prepareDatabase(pgliteDir);
  app = await startApp({ PGLITE_DIR: pgliteDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (pgliteDir) rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
});

/** A page in Dakar's time zone that records script errors (a hydration mismatch is one). */
async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Africa/Dakar", viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { page, errors };
}

const main = (page: Page) => page.locator("main");
const section = (page: Page, headingId: string) => page.locator(`section[aria-labelledby="${headingId}"]`);

describe("finding a call", () => {
  it("in French, an applicant filters by a JVAP domain and a dialogue, opens the demo call and sees the eligibility check", async () => {
    const { page, errors } = await newPage();
    await signIn(page, app.url, "applicant@demo.grants.local");
    await page.goto(`${app.url}/calls`);
    await page.getByRole("button", { name: /français/i }).click();
    await page.waitForFunction(() => document.documentElement.lang === "fr");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Appels à propositions");
    // Both open calls are listed before filtering.
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/2 appels sont ouverts ou annoncés/);

    await page.getByRole("checkbox", { name: "Migration légale et mobilité" }).check();
    await page.getByLabel("Dialogue", { exact: true }).selectOption({ label: "Dialogue euro-africain sur la migration et le développement (Processus de Rabat)" });
    await page.getByRole("button", { name: "Afficher les appels" }).click();
    await page.waitForURL((u) => u.searchParams.get("domain") === "D2" && u.searchParams.get("dialogue") === "RABAT");
    await page.getByRole("status").filter({ hasText: "1 appel correspond à votre recherche." }).waitFor();
    await expect(page.locator(".catalogue__results").getByRole("article").count()).resolves.toBe(1);
    await expect(main(page).getByRole("link", { name: EXTRA_CALL.titleFr }).count()).resolves.toBe(0);
    // The form keeps the filters in force.
    await expect(page.getByRole("checkbox", { name: "Migration légale et mobilité" }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel("Dialogue", { exact: true }).inputValue()).resolves.toBe("RABAT");
    await screenshot(page, "catalogue-filtered-fr");

    await main(page).getByRole("link", { name: DEMO_CALL_FR }).first().click();
    await page.getByRole("heading", { level: 1, name: DEMO_CALL_FR }).waitFor();
    const panel = page.getByRole("region", { name: "Suis-je éligible ?" });
    await expect(panel.textContent()).resolves.toMatch(/ASMD\) remplit les règles applicables aux demandeurs principaux de cet appel/);
    await expect(panel.textContent()).resolves.toMatch(/Pays d’enregistrement : Sénégal, un État membre de l’Union africaine/);
    await expect(panel.textContent()).resolves.toMatch(/jusqu’à 3 pays, dont au moins un État membre de l’Union africaine/);
    // The deadline in the call's time zone, and in the visitor's once the page has hydrated.
    const deadlines = section(page, "deadlines-title");
    await expect(deadlines.textContent()).resolves.toMatch(/17:00 \(heure de Vienne\)/);
    await deadlines.locator(".local-time[data-time-zone='Africa/Dakar']").waitFor();
    await expect(deadlines.textContent()).resolves.toMatch(/\d\d:00 \(heure de Dakar\)/);
    await screenshot(page, "call-eligible-fr");
    expect(errors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it("names the rules a diaspora organisation registered in France does not meet", async () => {
    const { page } = await newPage();
    await signIn(page, app.url, "applicant2@demo.grants.local");
    await page.goto(`${app.url}/calls`);
    await main(page).getByRole("link", { name: EXTRA_CALL.titleEn }).first().click();
    await page.getByRole("heading", { level: 1, name: EXTRA_CALL.titleEn }).waitFor();
    const panel = page.getByRole("region", { name: "Am I eligible?" });
    const text = await panel.textContent();
    expect(text).toMatch(/REDIMAS\) does not meet 2 rules for lead applicants of this call/);
    expect(text).toMatch(/Type of organisation: Diaspora organisation\. This call is not open to this type: only Civil-society organisation \/ NGO or Local authority may apply\./);
    expect(text).toMatch(/Country of registration: France, which is not a member state of the African Union\. The lead applicant must be registered in a member state of the African Union\./);
    await expect(panel.getByText("Not met", { exact: true }).count()).resolves.toBe(2);
    await screenshot(page, "call-ineligible");

    // On the demo call, the same organisation is eligible and told about the diaspora exception.
    await page.goto(`${app.url}/calls?type=DIASPORA`);
    await main(page).getByRole("link", { name: /Small grants for migration and mobility/ }).first().click();
    await page.getByRole("heading", { level: 1, name: /Small grants for migration and mobility/ }).waitFor();
    const demoPanel = page.getByRole("region", { name: "Am I eligible?" });
    await expect(demoPanel.textContent()).resolves.toMatch(/meets the rules for lead applicants/);
    await expect(demoPanel.textContent()).resolves.toMatch(/as a diaspora organisation it does not need a co-applicant based in the African Union/);
    await page.context().close();
  });

  it("invites an anonymous visitor to sign in, and the filters work without JavaScript", async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${app.url}/calls`);
    await page.getByLabel("Search", { exact: true }).fill("PROTECTION GRANTS");
    await page.getByLabel("Country", { exact: true }).selectOption("SN");
    await page.getByRole("button", { name: "Show the calls" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "PROTECTION GRANTS" && u.searchParams.get("country") === "SN");
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/1 call matches your search/);
    await main(page).getByRole("link", { name: EXTRA_CALL.titleEn }).first().click();
    await page.getByRole("heading", { level: 1, name: EXTRA_CALL.titleEn }).waitFor();
    const panel = page.getByRole("region", { name: "Am I eligible?" });
    await expect(panel.textContent()).resolves.toMatch(/Sign in to check whether your organisation may apply/);
    const signInLink = panel.getByRole("link", { name: "Sign in to check" });
    await expect(signInLink.getAttribute("href")).resolves.toMatch(/^\/login\?redirectTo=%2Fcalls%2F/);
    // Without JavaScript, the visitor's own time zone falls back to UTC, said in words.
    await expect(section(page, "deadlines-title").textContent()).resolves.toMatch(/\(UTC\)\. Your own time zone is shown once the page has loaded\./);
    // An unknown filter is named and ignored, the empty state offers to clear the filters.
    await page.goto(`${app.url}/calls?domain=D9&q=nothing-matches-this`);
    await expect(main(page).textContent()).resolves.toMatch(/We do not know the JVAP domain “D9”, so it was ignored\./);
    await expect(main(page).getByRole("link", { name: "Clear the filters" }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "catalogue-empty");
    await page.context().close();
  });
});
