// Email goes through an outbox table: the message is stored (in the caller's transaction
// when given), then delivered by SMTP after commit. Without SMTP_URL (the embedded default)
// messages stay in the outbox, which developers read at /dev/outbox.
import nodemailer, { type Transporter } from "nodemailer";
import type { Locale } from "~/generated/prisma/enums.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { renderEmail, type TemplateName, type TemplateParams } from "./templates.ts";

export interface EmailInput<T extends TemplateName> {
  to: string;
  template: T;
  locale: Locale;
  params: TemplateParams<T>;
}

export function smtpConfigured(): boolean {
  return !!process.env.SMTP_URL;
}

let transporter: Transporter | undefined;
function transport(): Transporter {
  transporter ??= nodemailer.createTransport(process.env.SMTP_URL!);
  return transporter;
}

/** Stores the message; returns its id for `deliverEmail` after the transaction commits. */
export async function queueEmail<T extends TemplateName>(input: EmailInput<T>, tx: DbTx = db()): Promise<string> {
  const content = renderEmail(input.template, input.locale, input.params);
  const row = await tx.emailMessage.create({
    data: { to: input.to, subject: content.subject, text: content.text, html: content.html, template: input.template, locale: input.locale, status: smtpConfigured() ? "pending" : "outbox" },
  });
  return row.id;
}

/** Sends a stored message by SMTP; a failure is recorded on the message, never thrown at the user. */
export async function deliverEmail(id: string): Promise<void> {
  if (!smtpConfigured()) return;
  const message = await db().emailMessage.findUnique({ where: { id } });
  if (!message || message.status === "sent") return;
  try {
    await transport().sendMail({ from: process.env.MAIL_FROM ?? "Grants platform <no-reply@grants.local>", to: message.to, subject: message.subject, text: message.text, html: message.html });
    await db().emailMessage.update({ where: { id }, data: { status: "sent", sentAt: new Date(), error: null } });
  } catch (error) {
    await db().emailMessage.update({ where: { id }, data: { status: "failed", error: String(error).slice(0, 500) } });
  }
}

/** Queue and deliver at once, for callers outside a transaction. */
export async function sendEmail<T extends TemplateName>(input: EmailInput<T>): Promise<void> {
  await deliverEmail(await queueEmail(input));
}

/** The newest messages to an address, newest first (the outbox page and tests). */
export function outboxFor(to: string, take = 20) {
  return db().emailMessage.findMany({ where: { to }, orderBy: { createdAt: "desc" }, take });
}
