// Single-use, expiring tokens for email links (confirm email, reset password, invitations).
// The link carries 32 random bytes; the database keeps only their SHA-256.
import { createHash, randomBytes } from "node:crypto";
import type { Role, TokenPurpose } from "~/generated/prisma/enums.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  VERIFY_EMAIL: 48 * 3600_000,
  RESET_PASSWORD: 3600_000,
  STAFF_INVITATION: 7 * 24 * 3600_000,
  ORGANISATION_INVITATION: 7 * 24 * 3600_000,
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface NewToken {
  purpose: TokenPurpose;
  email: string;
  userId?: string | null;
  role?: Role | null;
  organisationId?: string | null;
  invitedById?: string | null;
  now?: Date;
}

/** Creates a token and returns the secret to put in the link (never stored). */
export async function issueToken(input: NewToken, tx: DbTx = db()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = input.now ?? new Date();
  await tx.authToken.create({
    data: {
      purpose: input.purpose,
      tokenHash: hashToken(token),
      email: input.email.toLowerCase(),
      userId: input.userId ?? null,
      role: input.role ?? null,
      organisationId: input.organisationId ?? null,
      invitedById: input.invitedById ?? null,
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]),
    },
  });
  return token;
}

/** Reads a token without using it (to show the form it opens). Null when unknown, used or expired. */
export async function peekToken(purpose: TokenPurpose, token: string, now = new Date(), tx: DbTx = db()) {
  if (!token || token.length > 200) return null;
  const row = await tx.authToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/**
 * Uses a token once: the conditional update means two clicks on one link cannot both
 * succeed. Throws a clear error for unknown, used or expired tokens.
 */
export async function consumeToken(purpose: TokenPurpose, token: string, tx: DbTx = db(), now = new Date()) {
  const row = await peekToken(purpose, token, now, tx);
  if (!row) throw new AppError("bad_request", "errors.linkInvalid");
  const used = await tx.authToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) throw new AppError("bad_request", "errors.linkInvalid");
  return row;
}

/** A new link replaces older unused ones of the same kind for the same address. */
export async function revokeTokens(purpose: TokenPurpose, email: string, tx: DbTx = db()): Promise<void> {
  await tx.authToken.updateMany({ where: { purpose, email: email.toLowerCase(), usedAt: null }, data: { usedAt: new Date() } });
}
