// The development outbox (/dev/outbox): with no SMTP server configured, emails stay in the
// EmailMessage table, and developers read them (and click their links) on that page.
import { db } from "~/utils/db.server.ts";
import { smtpConfigured } from "./email.server.ts";

/**
 * Only on a development copy: never in production mode (read at request time, so a process
 * started with NODE_ENV=production never shows it), and not when real email is sent.
 */
export function outboxAvailable(): boolean {
  return process.env.NODE_ENV !== "production" && !smtpConfigured();
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  locale: string;
  createdAt: string;
}

export async function latestEmails(opts: { to?: string | null; take?: number } = {}): Promise<OutboxMessage[]> {
  const to = opts.to?.trim().toLowerCase();
  const rows = await db().emailMessage.findMany({
    where: to ? { to: { equals: to, mode: "insensitive" } } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(opts.take ?? 50, 1), 200),
  });
  return rows.map((r) => ({ id: r.id, to: r.to, subject: r.subject, text: r.text, status: r.status, locale: r.locale, createdAt: r.createdAt.toISOString() }));
}
