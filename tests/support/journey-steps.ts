// Steps of the browser journeys that several tests share: what an applicant does to write a
// concept note or a full application, and small waits. Each step uses the page as a person
// would (labels, buttons), so a renamed label breaks the journey as it would confuse a user.
import type { Page } from "playwright-core";

export const settle = (page: Page) => page.waitForLoadState("networkidle");
export const autosaved = (page: Page) => page.locator('[data-autosave="saved"]').waitFor({ timeout: 15_000 });
/** Waits for a status or alert message containing `words`; if it never comes, says what the page shows instead. */
export async function message(page: Page, role: "status" | "alert", words: string | RegExp): Promise<void> {
  try {
    await page.getByRole(role).filter({ hasText: words }).first().waitFor({ timeout: 15_000 });
  } catch (error) {
    const shown = await page.locator("main").innerText().catch(() => "(no main)");
    throw new Error(`No ${role} message ${String(words)} on ${page.url()}; the page shows:\n${shown.slice(0, 3000)}`, { cause: error });
  }
}

/** A tiny but well-formed one-page PDF (its first bytes are what the server checks). */
export function tinyPdf(): Buffer {
  const objects = [
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += o;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

export interface ProjectFacts {
  title: string;
  summary: string;
  objectives: string;
  durationMonths: number;
  /** ISO code of a target country, chosen by its English name. */
  country: string;
  totalCostEur: number;
  requestedEur: number;
}

/** Fills the sections both stages share: summary, the call's first JVAP domain, a target country. */
export async function fillCommonSections(page: Page, base: string, p: ProjectFacts): Promise<void> {
  await page.goto(`${base}/summary`);
  await settle(page);
  await page.getByLabel("Project title", { exact: true }).fill(p.title);
  await page.getByLabel("Summary of the project").fill(p.summary);
  await page.getByLabel("Objectives", { exact: true }).fill(p.objectives);
  await page.getByLabel("Duration in months").fill(String(p.durationMonths));
  await autosaved(page);

  await page.goto(`${base}/domains`);
  await settle(page);
  const domain = page.locator('input[name="jvapDomainCodes"]').first();
  if (!(await domain.isChecked())) {
    await domain.check();
    await autosaved(page);
  }

  await page.goto(`${base}/countries`);
  await settle(page);
  await page.getByLabel("Countries where the project takes place").selectOption({ label: p.country });
  await autosaved(page);
}

/** The concept note's indicative budget. */
export async function fillIndicativeBudget(page: Page, base: string, p: ProjectFacts): Promise<void> {
  await page.goto(`${base}/indicative`);
  await settle(page);
  await page.getByLabel("Total cost of the project (EUR)", { exact: false }).fill(String(p.totalCostEur));
  await page.getByLabel("Amount requested (EUR)", { exact: false }).fill(String(p.requestedEur));
  await autosaved(page);
}

/** The full application's logical framework, work plan and detailed budget (one line). */
export async function fillFullApplication(page: Page, base: string, p: ProjectFacts): Promise<void> {
  await page.goto(`${base}/logframe`);
  await settle(page);
  await page.getByLabel("Overall objective").fill("Safer and better-informed migration decisions of young people.");
  await page.getByLabel("Specific objectives").fill("Young people know the regular pathways.");
  await page.getByLabel("Expected results").fill("Two information centres run by trained peers.");
  await page.getByLabel("Main activities").fill("Train peers; open the centres; run outreach sessions.");
  const indicator = page.locator("fieldset.proposal-row").first();
  await indicator.getByLabel("Indicator", { exact: true }).fill("Young people reached");
  await indicator.getByLabel("Baseline").fill("0");
  await indicator.getByLabel("Target").fill("2000");
  await indicator.getByLabel("Source of verification").fill("Attendance sheets");
  await autosaved(page);

  await page.goto(`${base}/workplan`);
  await settle(page);
  await page.getByLabel("Activity 1", { exact: true }).fill("Peer information sessions");
  for (let m = 1; m <= p.durationMonths; m++) await page.getByLabel(`Activity 1: Month ${m}`, { exact: true }).check();
  await autosaved(page);

  await page.goto(`${base}/budget`);
  await settle(page);
  await page.getByLabel("Heading", { exact: true }).first().selectOption("staff");
  await page.getByLabel("Description", { exact: true }).first().fill("Project team");
  await page.getByLabel("Units", { exact: true }).first().fill("1");
  await page.getByLabel("Cost per unit (EUR)").first().fill(String(p.totalCostEur));
  await page.getByLabel("Amount requested (EUR)").fill(String(p.requestedEur));
  await autosaved(page);
}

/** Uploads a tiny PDF for every required document of the current stage that has none yet. */
export async function uploadRequiredDocuments(page: Page, base: string): Promise<string[]> {
  await page.goto(`${base}/documents`);
  await settle(page);
  const required = page.locator("section[data-requirement]").filter({ has: page.locator("h2 .badge:not(.badge--muted)") });
  const codes = await required.evaluateAll((els) => els.map((el) => el.getAttribute("data-requirement") ?? ""));
  for (const code of codes) {
    const card = page.locator(`section[data-requirement="${code}"]`);
    await card.locator('form.document-uploader[data-hydrated="true"]').waitFor();
    await card.locator('input[type="file"]').setInputFiles({ name: `${code.toLowerCase()}.pdf`, mimeType: "application/pdf", buffer: tinyPdf() });
    await card.getByRole("button", { name: "Upload" }).click();
    await card.locator(".success-message").waitFor({ timeout: 20_000 });
  }
  return codes;
}

/** Submits from the submit page (which must show nothing missing) and returns the receipt's reference. */
export async function submitProposal(page: Page, base: string, button = /^Submit the/): Promise<string> {
  await page.goto(`${base}/submit`);
  await settle(page);
  const problems = page.locator(".proposal-problems");
  if ((await problems.count()) > 0) throw new Error(`The proposal is not complete:\n${await problems.innerText()}`);
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(/\/receipt$/);
  return (await page.locator("[data-reference]").innerText()).trim();
}

// ---------------------------------------------------------------- evaluation (grant manager, assessors)

/** The manager adds one assessor to one proposal on the call's assessors page (already open). */
export async function assignAssessor(page: Page, reference: string, name: string): Promise<void> {
  const card = page.locator(`[data-proposal="${reference}"]`);
  const select = card.getByLabel("Add an assessor");
  const label = (await select.locator("option", { hasText: name }).innerText()).trim();
  await select.selectOption({ label });
  await card.getByRole("button", { name: "Assign", exact: true }).click();
  // The status line may remain from an earlier assignment: wait for this assessor on this card.
  await card.getByRole("link", { name }).waitFor();
  await message(page, "status", "The assessor was assigned.");
  await settle(page);
}

/** The id of `name`'s evaluation of `reference`, from the manager's assessors page (already open). */
export async function evaluationIdOf(page: Page, reference: string, name: string): Promise<string> {
  const href = await page.locator(`[data-proposal="${reference}"]`).getByRole("link", { name }).getAttribute("href");
  const id = /\/manage\/evaluations\/([^/?]+)/.exec(href ?? "")?.[1];
  if (!id) throw new Error(`No evaluation of ${reference} by ${name} on ${page.url()}`);
  return id;
}

/** An assessor scores every criterion of an open evaluation page alike, with a justification each. */
export async function scoreAll(page: Page, value: number): Promise<void> {
  await settle(page);
  await page.getByRole("button", { name: "Submit evaluation" }).waitFor();
  const codes = await page.locator('input[name^="score."]').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).name.slice("score.".length)));
  if (codes.length === 0) throw new Error(`No criterion to score on ${page.url()}:\n${(await page.locator("main").innerText()).slice(0, 2000)}`);
  for (const code of codes) {
    await page.locator(`[name="score.${code}"]`).fill(String(value));
    await page.locator(`[name="justification.${code}"]`).fill(`Criterion ${code}: scored ${value} after reading the proposal.`);
  }
  await page.getByRole("button", { name: "Submit evaluation" }).click();
  await message(page, "status", "Your evaluation has been submitted");
}

/** On the results page: a decision button, then its confirmation; returns what the confirmation listed. */
export async function decide(page: Page, button: string | RegExp, scope?: string): Promise<string> {
  const where = scope ? page.locator(scope) : page.locator("main");
  await where.getByRole("button", { name: button }).click();
  const confirm = page.getByRole("alertdialog");
  try {
    await confirm.waitFor({ timeout: 15_000 });
  } catch (error) {
    throw new Error(`No confirmation after "${String(button)}" on ${page.url()}:\n${(await page.locator("main").innerText()).slice(0, 3000)}`, { cause: error });
  }
  const plan = await confirm.innerText();
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await confirm.waitFor({ state: "detached" });
  await settle(page);
  return plan;
}

// ---------------------------------------------------------------- grants, payments, reports

/** Rows of the instalments table: number → its text (released, paid…). */
export async function tranches(page: Page): Promise<Map<number, string>> {
  const rows = page.locator("tr[data-tranche]");
  const out = new Map<number, string>();
  for (const row of await rows.all()) out.set(Number(await row.getAttribute("data-tranche")), await row.innerText());
  return out;
}

/** The manager records the full amount due of instalment `number` as paid today, on the grant's payments page. */
export async function recordPayment(page: Page, baseUrl: string, grantId: string, number: number): Promise<void> {
  await page.goto(`${baseUrl}/manage/grants/${grantId}/payments`);
  await settle(page);
  const select = page.getByLabel("Instalment", { exact: true });
  const option = select.locator("option", { hasText: new RegExp(`^Instalment ${number}:`) });
  if ((await option.count()) === 0) throw new Error(`Instalment ${number} cannot be paid on ${page.url()}:\n${(await page.locator("main").innerText()).slice(0, 3000)}`);
  await select.selectOption({ label: (await option.innerText()).trim() });
  // The amount field shows the first payable instalment's amount due: take the chosen one's.
  const due = /: (.+) due$/.exec((await option.innerText()).trim())?.[1] ?? "";
  await page.getByLabel("Amount paid (EUR)").fill(due.replace(/[^\d.,]/g, ""));
  await page.getByRole("button", { name: "Record the payment" }).click();
  await message(page, "status", "The payment is recorded.");
}

export interface ReportFigures {
  /** Text for every narrative section shown. */
  narrative: string;
  /** Actual value for every indicator. */
  actual: string;
  /** EUR spent per budget heading code ("staff"…); headings not listed get 0. */
  spent: Record<string, number>;
}

/** The grantee fills every part of an open report page (narrative, indicators, money spent) and submits it. */
export async function fillAndSubmitReport(page: Page, figures: ReportFigures): Promise<void> {
  await settle(page);
  // The report's form must be on screen before its fields are counted.
  await page.getByRole("button", { name: "Submit the report" }).waitFor();
  const narrative = await page.locator('textarea[name^="narrative."]').all();
  if (narrative.length === 0) throw new Error(`No narrative section on ${page.url()}`);
  for (const box of narrative) await box.fill(figures.narrative);
  for (const input of await page.locator('input[name^="indicator."][name$=".actual"]').all()) await input.fill(figures.actual);
  for (const input of await page.locator('input[name^="spent."]').all()) {
    const code = ((await input.getAttribute("name")) ?? "").slice("spent.".length);
    await input.fill(String(figures.spent[code] ?? 0));
  }
  await autosaved(page);
  await page.getByRole("button", { name: "Submit the report" }).click();
  await message(page, "status", "Your report was submitted.");
}
