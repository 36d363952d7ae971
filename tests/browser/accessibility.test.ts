// Every page a visitor can reach, checked with axe-core in English and in French, anonymously
// and as each demo role (applicant, evaluator, grant manager, admin). The pages are found the
// way a person finds them: the navigation, then the links inside each page's main content
// (calls, proposals, the manage pages...), a few levels deep, so that a page added tomorrow
// is checked as soon as something links to it. Only GET links on this site are followed;
// signing out and downloads are skipped. A violation of impact "serious" or "critical" fails,
// printed with its selector.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser } from "../support/browser.ts";
import { formatViolations, isSerious, newAxeContext, runAxe } from "../support/axe.ts";

const ROLES = [
  { name: "anonymous", email: null },
  { name: "applicant", email: "applicant@demo.grants.local" },
  { name: "evaluator", email: "evaluator@demo.grants.local" },
  { name: "manager", email: "manager@demo.grants.local" },
  { name: "admin", email: "admin@demo.grants.local" },
] as const;
const LOCALES = ["en", "fr"] as const;

/** Where every visit starts, besides what the navigation offers. */
const SEEDS = ["/", "/calls", "/dashboard", "/proposals", "/account", "/login", "/signup", "/forgot-password", "/language", "/no-such-page"];
/** How many clicks away from the navigation a page may be. */
const MAX_DEPTH = 3;
/** A safety net: the crawl stops there (each kind of page is visited once anyway). */
const MAX_PAGES = 90;
const SKIP = [/^\/logout\b/, /\/download\b/, /\.(csv|pdf|xlsx|json|zip)$/, /^\/api\//, /^\/healthz\b/, /^\/assets\//];

let app: RunningApp;
let browser: Browser;
const checked: Record<string, string[]> = {};
const timings: Record<string, number> = {};
/** Moderate and minor findings, reported but not failing: "impact id" → pages. */
const lesser = new Map<string, { pages: number; example: string }>();

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  // In role and language order, whichever crawl finished first.
  const done = ROLES.flatMap((role) => LOCALES.map((locale) => `${role.name}/${locale}`)).filter((label) => label in checked);
  const total = done.reduce((n, label) => n + checked[label]!.length, 0);
  const seconds = Object.fromEntries(done.map((label) => [label, timings[label]]));
  console.log(`accessibility: ${total} page visits (${done.map((label) => `${label}: ${checked[label]!.length}`).join(", ")}); seconds: ${JSON.stringify(seconds)}; moderate/minor: ${JSON.stringify(Object.fromEntries(lesser))}`);
  for (const label of done) if (label.endsWith("/en")) console.log(`  ${label}: ${checked[label]!.join(" ")}`);
});

/**
 * "/manage/proposals/cm1x…/summary" → "/manage/proposals/:id/summary": one visit per kind of
 * page. A `view` parameter shows another page at the same address (the results' assessors
 * chart), so it is a kind of its own.
 */
function kindOf(pathname: string, search = ""): string {
  const path = pathname
    .split("/")
    .map((s) => (/^(c[a-z0-9]{20,}|[0-9a-f-]{32,36}|\d+|[A-Za-z0-9_-]{32,})$/.test(s) ? ":id" : s))
    .join("/");
  const view = new URLSearchParams(search).get("view");
  return view ? `${path}?view=${view}` : path;
}

async function linksIn(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (anchors) =>
    anchors
      .filter((a) => !a.hasAttribute("download") && (a.getAttribute("target") ?? "_self") === "_self")
      .map((a) => (a as HTMLAnchorElement).href),
  );
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
}

interface Visit {
  url: string;
  depth: number;
}

/** Breadth-first over the site from the seeds and the navigation; axe on every page. */
async function crawlAndCheck(context: BrowserContext, label: string, only?: string[]): Promise<{ pages: string[]; problems: string[] }> {
  const page = await context.newPage();
  const origin = new URL(app.url).origin;
  const seen = new Set<string>();
  const pages: string[] = [];
  const problems: string[] = [];
  const queue: Visit[] = (only ?? SEEDS).map((p) => ({ url: `${origin}${p}`, depth: 0 }));
  while (queue.length > 0 && pages.length < MAX_PAGES) {
    const { url, depth } = queue.shift()!;
    const target = new URL(url);
    target.hash = "";
    if (target.origin !== origin || SKIP.some((re) => re.test(target.pathname))) continue;
    const kind = kindOf(target.pathname, target.search);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const response = await page.goto(target.toString(), { waitUntil: "load" }).catch((e: Error) => e);
    if (response instanceof Error) {
      problems.push(`${label} ${target.pathname}: did not load (${response.message.split("\n")[0]})`);
      continue;
    }
    await settle(page);
    const landed = new URL(page.url());
    // A redirect to a page of another kind (e.g. /login → /dashboard) is checked there.
    if (kindOf(landed.pathname, landed.search) !== kind && seen.has(kindOf(landed.pathname, landed.search))) continue;
    seen.add(kindOf(landed.pathname, landed.search));
    const status = response?.status() ?? 0;
    if (status >= 500) problems.push(`${label} ${landed.pathname}: HTTP ${status}`);
    pages.push(`${landed.pathname}${landed.search}`);
    const all = await runAxe(page);
    for (const v of all) {
      if (isSerious(v)) continue;
      const key = `${v.impact} ${v.id}`;
      const entry = lesser.get(key) ?? { pages: 0, example: `${landed.pathname} ${v.nodes[0]?.target.join(" ") ?? ""}` };
      lesser.set(key, { ...entry, pages: entry.pages + 1 });
    }
    const violations = all.filter(isSerious);
    problems.push(...formatViolations(`${label} ${landed.pathname}${landed.search}`, violations));
    if (only || depth >= MAX_DEPTH) continue;
    // The navigation on the first pages, then whatever the page's content links to.
    const selector = depth === 0 ? "header a[href], nav a[href], main a[href]" : "main a[href]";
    for (const href of await linksIn(page, selector)) queue.push({ url: href, depth: depth + 1 });
  }
  await page.close();
  return { pages, problems };
}

async function contextFor(role: (typeof ROLES)[number], locale: (typeof LOCALES)[number]): Promise<BrowserContext> {
  const context = await newAxeContext(browser, { locale: locale === "fr" ? "fr-FR" : "en-GB" });
  if (role.email) {
    // By field names, not labels: the form is in the context's language.
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.locator('main input[name="email"]').fill(role.email);
    await page.locator('main input[name="password"]').fill("demo-password-2026");
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.close();
  }
  // The language switch's cookie, as if the visitor had pressed "Français" / "English".
  await context.addCookies([{ name: "lang", value: locale, url: app.url }]);
  return context;
}

/**
 * The pages found in English are checked again in French: each French test waits for its
 * role's English crawl (undefined if that crawl failed: the French one then crawls itself).
 */
const giveFound = new Map<string, (pages: Promise<string[] | undefined>) => void>();
const found = new Map(ROLES.map((role) => [role.name, new Promise<string[] | undefined>((resolve) => giveFound.set(role.name, resolve))]));

// The roles' crawls run side by side, each in its own browser context: most of a visit is
// waiting (the page's load, then half a second without network), which the others fill. Each
// crawl stays sequential, so a role visits the same pages in the same order as before.
describe.concurrent("accessibility (axe-core, serious and critical)", () => {
  for (const role of ROLES) {
    for (const locale of LOCALES) {
      it(`has no serious violations for ${role.name} in ${locale === "en" ? "English" : "French"}`, async ({ expect }) => {
        const only = locale === "en" ? undefined : await found.get(role.name);
        const started = Date.now();
        const label = `${role.name}/${locale}`;
        let context: BrowserContext | undefined;
        const crawl = contextFor(role, locale).then((c) => crawlAndCheck((context = c), label, only));
        if (locale === "en") giveFound.get(role.name)!(crawl.then((r) => r.pages.map((p) => p), () => undefined));
        try {
          const { pages, problems } = await crawl;
          checked[label] = pages;
          timings[label] = Math.round((Date.now() - started) / 1000);
          // Every role sees more than its start pages.
          expect(pages.length, `pages visited: ${pages.join(" ")}`).toBeGreaterThan(3);
          expect(problems, `pages visited: ${pages.join(" ")}`).toEqual([]);
          // The page really speaks the language asked for.
          const page = await context!.newPage();
          await page.goto(`${app.url}/calls`);
          await expect(page.locator("html").getAttribute("lang")).resolves.toBe(locale);
          await page.close();
        } finally {
          await context?.close();
        }
      }, 600_000);
    }
  }
});
