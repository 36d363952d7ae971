// Debian's Chromium driven by playwright-core: never `playwright install` (no downloads here).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve("test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function signIn(page: Page, baseUrl: string, email: string, password = "demo-password-2026"): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password|mot de passe/i).fill(password);
  await page.getByRole("button", { name: /sign in|se connecter/i }).click();
  // Signed in once the page offers to sign out.
  await page.getByRole("button", { name: /sign out|se déconnecter/i }).waitFor();
}
