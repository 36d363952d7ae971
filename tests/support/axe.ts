// axe-core injected into the page (node_modules/axe-core/axe.min.js): @axe-core/playwright is
// not available here. The page's CSP would block the injected script, so contexts that run
// axe are created with `bypassCSP: true` (newAxeContext).
import { createRequire } from "node:module";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

export type Impact = "minor" | "moderate" | "serious" | "critical";

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; summary: string }[];
}

export function newAxeContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, ...options, bypassCSP: true });
}

/** Runs axe on the whole document and returns its violations (all rules, WCAG 2.x A/AA and best practices). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    interface AxeResultNode {
      target: unknown[];
      html: string;
      failureSummary?: string;
    }
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      helpUrl: string;
      nodes: AxeResultNode[];
    }
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: (v.impact ?? null) as "minor" | "moderate" | "serious" | "critical" | null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 200), summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300) })),
    }));
  });
}

export const isSerious = (v: AxeViolation) => v.impact === "serious" || v.impact === "critical";

/** One line per violation and node, with its selector, for a readable failure. */
export function formatViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.slice(0, 5).map((n) => `${where}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(" ")}: ${n.html}`));
}
