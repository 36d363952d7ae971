// The applicant journey with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing):
// sign in, open the open call, start a proposal, fill a section, save, reach the submit page
// and submit too early; the problems are announced. Then forms announce their errors: the
// error summary takes focus or is an alert, and each invalid field says so (aria-invalid)
// and points at its message (aria-describedby).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";

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

interface Focused {
  tag: string;
  type: string;
  name: string;
  /** What a screen reader would read for it: aria-label, its label, or its text. */
  text: string;
  outline: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", type: "", name: "", text: "", outline: "" };
    const labelled = el.getAttribute("aria-labelledby");
    const text =
      el.getAttribute("aria-label") ??
      (labelled ? labelled.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" ") : null) ??
      ((el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || "");
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type") ?? "",
      name: el.getAttribute("name") ?? "",
      text: text.replace(/\s+/g, " ").trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth} | ${style.boxShadow}`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would;
 * fails when it is not reached within `max` presses (a keyboard trap or an unreachable control).
 */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, opts: { backwards?: boolean; max?: number } = {}): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < (opts.max ?? 120); i++) {
    await page.keyboard.press(opts.backwards ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (match(f)) {
      // A keyboard user must see where they are.
      expect(f.outline, `${what} has no visible focus indicator`).not.toBe("none 0px | none");
      return f;
    }
    seen.push(`${f.tag}${f.name ? `[name=${f.name}]` : ""} "${f.text.slice(0, 30)}"`);
  }
  throw new Error(`${what} was not reached with ${opts.backwards ? "Shift+Tab" : "Tab"}; focus went through: ${seen.join(" → ")}`);
}

const link = (re: RegExp) => (f: Focused) => f.tag === "a" && re.test(f.text);
const button = (re: RegExp) => (f: Focused) => (f.tag === "button" || (f.tag === "input" && /submit|button/.test(f.type))) && re.test(f.text);
const field = (name: string) => (f: Focused) => f.name === name;

async function settle(page: Page) {
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
}

/** What the page announces: alerts, live regions, and where focus is. */
async function announced(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="alert"], [aria-live="assertive"], [aria-live="polite"], [role="status"]')]
      .map((el) => el.textContent ?? "")
      .join(" ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** Every field marked invalid points at a message that exists and says something. */
async function invalidFieldsDescribed(page: Page): Promise<{ invalid: number; problems: string[] }> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')];
    for (const el of invalid) {
      const name = el.getAttribute("name") ?? el.id;
      const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      if (ids.length === 0) problems.push(`${name}: aria-invalid without aria-describedby`);
      const texts = ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? null);
      if (texts.some((t) => t === null)) problems.push(`${name}: aria-describedby names a missing element (${ids.join(" ")})`);
      if (!texts.some((t) => t)) problems.push(`${name}: its description is empty`);
    }
    return { invalid: invalid.length, problems };
  });
}

describe("the applicant journey with the keyboard alone", () => {
  it("signs in, opens the open call, starts a proposal, fills and saves a section, submits too early and hears why", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${app.url}/`);
      // The first Tab offers the skip link.
      const first = await tabTo(page, () => true, "the first focusable element", { max: 1 });
      expect(first.text).toMatch(/skip/i);

      await tabTo(page, link(/^sign in$/i), "the sign-in link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/login/);
      await settle(page);
      await tabTo(page, field("email"), "the email field");
      await page.keyboard.type("applicant@demo.grants.local");
      await tabTo(page, field("password"), "the password field");
      await page.keyboard.type("demo-password-2026");
      // Back to the email with Shift+Tab: still there.
      await tabTo(page, field("email"), "the email field again", { backwards: true });
      expect(await page.locator('input[name="email"]').inputValue()).toBe("applicant@demo.grants.local");
      await tabTo(page, button(/^sign in$/i), "the sign-in button");
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => !u.pathname.startsWith("/login"));
      await settle(page);

      // The open call, from the calls list.
      await tabTo(page, link(/^calls/i), "the calls link in the navigation");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/calls$/);
      await settle(page);
      await tabTo(page, link(/Small grants for migration and mobility/), "the open call");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/calls\/[^/]+$/);
      await settle(page);

      // Start a proposal.
      await tabTo(page, (f) => /apply|start/i.test(f.text) && (f.tag === "a" || f.tag === "button"), "the apply button");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/proposals\/new/);
      await settle(page);
      await tabTo(page, button(/start the proposal/i), "the start button");
      await page.keyboard.press("Space");
      await page.waitForURL(/\/proposals\/(?!new)[^/?]+$/);
      await settle(page);

      // The summary section: a title, then Save (Space presses a button too).
      await tabTo(page, link(/^summary/i), "the summary section");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/summary$/);
      await settle(page);
      await tabTo(page, (f) => /project title/i.test(f.text) && f.tag === "input", "the project title");
      await page.keyboard.type("Safe Paths, typed with the keyboard");
      await tabTo(page, button(/^save$/i), "the save button");
      await page.keyboard.press("Space");
      await page.waitForURL(/saved=1/);
      await settle(page);
      expect(await page.locator('input[name="title"]').inputValue()).toBe("Safe Paths, typed with the keyboard");

      // The review page, and a submit that is refused and says why.
      await tabTo(page, link(/review|submit/i), "the review and submit link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/submit$/);
      await settle(page);
      await tabTo(page, button(/submit the proposal/i), "the submit button");
      await page.keyboard.press("Enter");
      await page.locator('[role="alert"]').first().waitFor();
      expect(await announced(page)).toMatch(/not complete yet/);
      await screenshot(page, "keyboard-submit-refused");
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe("forms announce their errors", () => {
  const cases = [
    { name: "sign in", path: "/login", fields: {} as Record<string, string> },
    { name: "sign up", path: "/signup", fields: { email: "not-an-email" } },
    { name: "forgot password", path: "/forgot-password", fields: { email: "nope" } },
  ];
  for (const c of cases) {
    it(`the ${c.name} form: a focused or alerting summary, invalid fields described`, async () => {
      const context = await browser.newContext({ locale: "en-GB" });
      const page = await context.newPage();
      try {
        await page.goto(`${app.url}${c.path}`);
        await settle(page);
        for (const [name, value] of Object.entries(c.fields)) await page.locator(`main [name="${name}"]`).fill(value);
        await page.locator('main form[method="post"] button[type="submit"]').first().click();
        await page.locator('[aria-invalid="true"], [role="alert"]').first().waitFor();
        const summaryFocused = await page.evaluate(() => {
          const el = document.activeElement;
          return !!el && (el.getAttribute("role") === "alert" || el.classList.contains("error-summary"));
        });
        const alert = await announced(page);
        expect(summaryFocused || alert.length > 0, "the errors are neither focused nor in an alert").toBe(true);
        const { invalid, problems } = await invalidFieldsDescribed(page);
        expect(invalid, "no field is marked invalid").toBeGreaterThan(0);
        expect(problems).toEqual([]);
        // Each link of the summary leads to its field.
        for (const href of await page.locator(".error-summary a[href^='#']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
          expect(await page.locator(href).count(), `${href} of the summary`).toBe(1);
        }
      } finally {
        await context.close();
      }
    });
  }
});
