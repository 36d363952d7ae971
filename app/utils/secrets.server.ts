// The app's secret (SESSION_SECRET) and keys derived from it. Production requires the
// variable (env.server.ts); elsewhere a random secret is made once and kept in DATA_DIR,
// so that encrypted values survive restarts of the embedded default.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "./db-config.server.ts";

let cached: string | undefined;
export function appSecret(): string {
  if (cached) return cached;
  if (process.env.SESSION_SECRET) return (cached = process.env.SESSION_SECRET);
  if (process.env.NODE_ENV === "production") throw new Error("SESSION_SECRET is required in production");
  const file = path.join(dataDir(), "dev-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return (cached = readFileSync(file, "utf8").trim());
}

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret(), "grants-platform", purpose, 32));
}

/** AES-256-GCM with a key per purpose; the output is self-contained base64url. */
export function encrypt(purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function decrypt(purpose: string, sealed: string): string {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
