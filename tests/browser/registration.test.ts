// A newcomer's way in, in a real browser against the built app: sign up, open the
// confirmation link from the development outbox (/dev/outbox), register a diaspora
// organisation, upload its statutes, invite a colleague; the colleague (a second browser
// context) signs up through the invitation link, confirms, accepts and appears among the
// members. The sign-up page in French too.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

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

async function newPage(locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

const stamp = Date.now().toString(36);
const founder = { name: "Fatou Ndiaye", email: `fatou.${stamp}@example.org`, password: "baobab river lantern 42" };
const colleague = { name: "Ibrahima Sow", email: `ibrahima.${stamp}@example.org`, password: "mango harbour violet 17" };

/** The newest link in the development outbox in an email to `to` whose subject is `subject`. */
async function linkFromOutbox(page: Page, to: string, subject: RegExp, path: RegExp): Promise<string> {
  await page.goto(`${app.url}/dev/outbox?to=${encodeURIComponent(to)}`);
  const message = page.locator("article").filter({ has: page.getByRole("heading", { name: subject }) }).first();
  await message.waitFor();
  const hrefs = await message.locator("a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const href = hrefs.find((h) => path.test(new URL(h).pathname));
  if (!href) throw new Error(`no link matching ${path} in the email "${subject}" to ${to}: ${hrefs.join(", ")}`);
  return href;
}

async function fillSignUp(page: Page, person: { name: string; email?: string; password: string }) {
  await page.getByLabel("Full name").fill(person.name);
  if (person.email) await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
}

describe("registration and organisations in the browser", () => {
  let organisationUrl = "";
  let invitationLink = "";

  it("a new person signs up, confirms the address from the outbox and registers a diaspora organisation", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/signup`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Create an account");
    await fillSignUp(page, founder);
    await page.getByRole("radio", { name: "English" }).check();
    await screenshot(page, "registration-signup");
    await page.getByRole("button", { name: "Create my account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await expect(page.getByRole("status").textContent()).resolves.toContain(founder.email);
    await screenshot(page, "registration-check-email");

    const confirm = await linkFromOutbox(page, founder.email, /Confirm your email address/, /^\/verify-email$/);
    await page.goto(confirm);
    await page.getByRole("heading", { name: "Confirm your email address" }).waitFor();
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.waitForURL((u) => u.pathname === "/organisation/new");
    await page.getByRole("button", { name: /sign out/i }).waitFor();

    // A first try with mistakes: field messages, what was typed is kept.
    await page.getByLabel("Legal name").fill("Réseau Diaspora Sahel–Europe");
    await page.getByLabel("Type of organisation").selectOption("DIASPORA");
    await page.getByLabel("Year founded").fill("1700");
    await page.getByRole("button", { name: "Register the organisation" }).click();
    await page.getByRole("alert").waitFor();
    await expect(page.getByText("Choose at least one country of origin").first().isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Legal name").inputValue()).resolves.toBe("Réseau Diaspora Sahel–Europe");
    await expect(page.getByLabel("Year founded").inputValue()).resolves.toBe("1700");
    await screenshot(page, "registration-organisation-errors");

    await page.getByLabel("Country of registration").selectOption("FR");
    await page.getByLabel("Year founded").fill("2012");
    await page.getByLabel("Website (optional)").fill("www.sahel-europe.example.org");
    await page.getByRole("checkbox", { name: "Mali", exact: true }).check();
    await page.getByRole("checkbox", { name: "Senegal", exact: true }).check();
    await page.getByRole("button", { name: "Register the organisation" }).click();
    await page.waitForURL((u) => /^\/organisation\/[^/]+$/.test(u.pathname) && u.pathname !== "/organisation/new");
    organisationUrl = new URL(page.url()).pathname;
    await page.getByRole("status").filter({ hasText: /organisation is registered/ }).waitFor();
    await page.getByText("Your role: Owner").waitFor();
    await expect(page.locator("main").textContent()).resolves.toMatch(/Mali/);

    // The statutes, as a PDF.
    await page.getByLabel("Document", { exact: true }).selectOption("statutes");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "statuts.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n") });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("link", { name: /Download statuts\.pdf/ }).waitFor();
    // A PNG renamed to .pdf is refused with a message.
    await page.getByLabel("Document", { exact: true }).selectOption("registration_certificate");
    await page.getByLabel("File", { exact: true }).setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]) });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByText(/content does not match its name/).first().waitFor();
    await screenshot(page, "registration-organisation");
    await page.context().close();
  });

  it("the owner invites a colleague, who signs up through the link, confirms, accepts and appears among the members", async () => {
    const owner = await newPage();
    await signIn(owner, app.url, founder.email, founder.password);
    await owner.goto(`${app.url}/organisation/members`);
    await owner.waitForURL((u) => u.pathname === `${organisationUrl}/members`);
    await owner.getByLabel("Your colleague’s email address").fill(colleague.email);
    await owner.getByRole("button", { name: "Send the invitation" }).click();
    await owner.getByRole("status").filter({ hasText: colleague.email }).waitFor();
    await screenshot(owner, "registration-invited");

    const invitee = await newPage();
    invitationLink = await linkFromOutbox(invitee, colleague.email, /Join Réseau Diaspora/, /^\/invitations\//);
    await invitee.goto(invitationLink);
    await invitee.getByRole("heading", { name: /Invitation to join Réseau Diaspora/ }).waitFor();
    await invitee.getByRole("link", { name: "Create an account" }).click();
    await invitee.waitForURL((u) => u.pathname === "/signup");
    await expect.poll(() => invitee.getByLabel("Email address").inputValue()).toBe(colleague.email);
    await fillSignUp(invitee, colleague);
    await invitee.getByRole("button", { name: "Create my account" }).click();
    await invitee.getByRole("heading", { name: "Check your email" }).waitFor();

    const confirm = await linkFromOutbox(invitee, colleague.email, /Confirm your email address/, /^\/verify-email$/);
    await invitee.goto(confirm);
    await invitee.getByRole("button", { name: "Confirm my email address" }).click();
    await invitee.waitForURL((u) => u.pathname.startsWith("/invitations/"));
    await screenshot(invitee, "registration-invitation");
    await invitee.getByRole("button", { name: /Accept and join/ }).click();
    await invitee.waitForURL((u) => u.pathname === organisationUrl);
    await invitee.getByText("Your role: Member").waitFor();
    await invitee.getByText(/you are now a member of Réseau Diaspora/).waitFor();

    await owner.reload();
    const row = owner.locator(`tr[data-member-email="${colleague.email}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Ibrahima Sow.*Member/);
    await expect(owner.getByText("There are no pending invitations.").isVisible()).resolves.toBe(true);
    await screenshot(owner, "registration-members");
  });

  it("the used invitation link says it cannot be used any more", async () => {
    const page = await newPage();
    await page.goto(invitationLink);
    await page.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();
  });

  it("shows the sign-up page in French, with French field messages and a French confirmation email", async () => {
    const page = await newPage("fr-FR");
    await page.goto(`${app.url}/signup`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Créer un compte");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("fr");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.getByRole("alert").waitFor();
    await expect(page.getByText("Saisissez votre nom complet.").first().isVisible()).resolves.toBe(true);
    await expect(page.getByText("Choisissez un mot de passe.").first().isVisible()).resolves.toBe(true);
    await screenshot(page, "registration-signup-fr");
    const email = `aminata.${stamp}@example.org`;
    await page.getByLabel("Nom complet").fill("Aminata Traoré");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe", { exact: true }).fill("fleuve savane étoile 9");
    await page.getByRole("radio", { name: "Français" }).check();
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.getByRole("heading", { name: "Consultez vos e-mails" }).waitFor();
    await screenshot(page, "registration-check-email-fr");
    const link = await linkFromOutbox(page, email, /Confirmez votre adresse e-mail/, /^\/verify-email$/);
    expect(link).toContain("token=");
  });
});
