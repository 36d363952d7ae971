// A staff invitation end to end in Chromium, on the demo data: the demo admin invites a grant
// manager through the admin pages, the invitation link is read from the development outbox
// (/dev/outbox), the invitee opens it in a browser of their own, chooses a password and lands
// on the grant manager's dashboard; the link then no longer works, and the admin sees the new
// account and the audit trail.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-process.ts";
import { launchBrowser, screenshot, signIn } from "../support/browser.ts";

const ADMIN = "admin@demo.grants.local";
const INVITEE = "nadia.manager@example.org";
const INVITEE_PASSWORD = "a long and memorable passphrase";
const SUBJECT = "You are invited to the grants platform";

let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await app?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

describe("inviting a grant manager", () => {
  let admin: Page;
  let link = "";

  it("the demo admin sends the invitation from the users page", async () => {
    admin = await newPage();
    await signIn(admin, app.url, ADMIN);
    await admin.goto(`${app.url}/admin/users`);
    await admin.getByRole("heading", { level: 1, name: "User accounts" }).waitFor();
    await expect(admin.locator("main").textContent()).resolves.toContain("Clara Hofbauer");
    await screenshot(admin, "staff-users");

    await admin.getByRole("link", { name: "Invite a staff member" }).first().click();
    await admin.waitForURL((u) => u.pathname === "/admin/users/invite");
    await admin.getByRole("heading", { level: 1, name: "Invite a staff member" }).waitFor();

    // An empty submit: one message per field, nothing sent.
    await admin.getByRole("button", { name: "Send the invitation" }).click();
    await admin.getByRole("alert").waitFor();
    await expect(admin.getByRole("alert").textContent()).resolves.toContain("Enter the email address of the person you are inviting.");
    await expect(admin.getByRole("alert").textContent()).resolves.toContain("Choose a role");
    await screenshot(admin, "staff-invite-errors");

    await admin.getByLabel("Email address").fill(INVITEE);
    await admin.getByRole("radio", { name: "Grant manager" }).check();
    await admin.getByRole("radio", { name: "English" }).check();
    await admin.getByRole("button", { name: "Send the invitation" }).click();
    await admin.waitForURL((u) => u.pathname === "/admin/invitations");
    await admin.getByText(`Invitation sent to ${INVITEE}.`).waitFor();
    const row = admin.getByRole("row").filter({ hasText: INVITEE });
    await expect(row.textContent()).resolves.toContain("Grant manager");
    await expect(row.textContent()).resolves.toContain("Clara Hofbauer");
    await screenshot(admin, "staff-invitations");
  });

  it("the email with its link is in the development outbox", async () => {
    await admin.goto(`${app.url}/dev/outbox?to=${encodeURIComponent(INVITEE)}`);
    await admin.getByText(SUBJECT).first().waitFor();
    const text = (await admin.locator("main").textContent()) ?? "";
    expect(text).toContain(SUBJECT);
    const match = /https?:\/\/[^\s"<>]+\/staff-invitation\/[A-Za-z0-9_-]+\?lang=en/.exec(text);
    expect(match, "invitation link in the outbox page").not.toBeNull();
    link = match![0];
    await screenshot(admin, "staff-invitation-outbox");
  });

  it("the invitee opens the link in their own browser, chooses a password and lands on the grant manager dashboard", async () => {
    const invitee = await newPage();
    await invitee.goto(link);
    await invitee.getByRole("heading", { level: 1, name: "Join the grants platform" }).waitFor();
    const intro = (await invitee.locator("main").textContent()) ?? "";
    expect(intro).toContain("Clara Hofbauer invited you to work on the platform as: Grant manager.");
    expect(intro).toContain(INVITEE);
    await screenshot(invitee, "staff-invitation-page");

    // Passwords that differ: a message, the name kept, the passwords not.
    await invitee.getByLabel("Your full name").fill("Nadia Benali");
    await invitee.getByLabel("Choose a password").fill(INVITEE_PASSWORD);
    await invitee.getByLabel("Type the password again").fill("something else entirely");
    await invitee.getByRole("button", { name: "Create my account" }).click();
    await invitee.getByRole("alert").waitFor();
    await expect(invitee.getByRole("alert").textContent()).resolves.toContain("The two passwords are not the same.");
    await expect(invitee.getByLabel("Your full name").inputValue()).resolves.toBe("Nadia Benali");
    await expect(invitee.getByLabel("Choose a password").inputValue()).resolves.toBe("");
    await screenshot(invitee, "staff-invitation-errors");

    await invitee.getByLabel("Choose a password").fill(INVITEE_PASSWORD);
    await invitee.getByLabel("Type the password again").fill(INVITEE_PASSWORD);
    await invitee.getByRole("button", { name: "Create my account" }).click();
    await invitee.waitForURL((u) => u.pathname === "/dashboard");
    await invitee.getByRole("button", { name: /sign out/i }).waitFor();
    const main = (await invitee.locator("main").textContent()) ?? "";
    expect(main).toContain("Welcome, Nadia Benali");
    expect(main).toContain("Grant manager");
    expect(main).toContain("Calls by status");
    await screenshot(invitee, "staff-invitee-dashboard");

    // The link worked once.
    await invitee.goto(link);
    await invitee.getByRole("heading", { level: 1, name: "This invitation link no longer works" }).waitFor();
    await screenshot(invitee, "staff-invitation-used");
  });

  it("the admin sees the new account and the audit trail", async () => {
    await admin.goto(`${app.url}/admin/users?q=${encodeURIComponent("nadia")}`);
    const row = admin.getByRole("row").filter({ hasText: INVITEE });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("Grant manager");
    await expect(row.textContent()).resolves.toContain("Active");
    await row.getByRole("link", { name: "Nadia Benali" }).click();
    await admin.waitForURL((u) => u.pathname.startsWith("/admin/users/") && u.pathname !== "/admin/users/invite");
    await admin.getByRole("heading", { level: 1, name: "Nadia Benali" }).waitFor();
    await expect(admin.getByRole("radio", { name: "Grant manager" }).isChecked()).resolves.toBe(true);
    await expect(admin.locator("main").textContent()).resolves.toContain("Invitation accepted");
    await screenshot(admin, "staff-user-details");

    await admin.goto(`${app.url}/admin/audit`);
    await admin.getByLabel("Action").selectOption({ label: "Invitation accepted" });
    await admin.getByRole("button", { name: "Show events" }).click();
    await admin.waitForURL((u) => u.searchParams.get("action") === "invitation_accepted");
    const events = admin.getByRole("row").filter({ hasText: "Invitation accepted" });
    await events.first().waitFor();
    await expect(events.first().textContent()).resolves.toContain("Nadia Benali");
    await screenshot(admin, "staff-audit");
  });
});
