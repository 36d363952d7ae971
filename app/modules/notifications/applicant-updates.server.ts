// When a proposal enters a state its applicants should hear about (the application machine
// marks those states with `notifyApplicant`), every member of the applicant organisation
// gets an email in their own language: the new status in plain words, the reason when one
// was given, and what happens next. Submission has its own receipt email, so it is skipped.
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { db } from "~/utils/db.server.ts";
import { queueEmail, deliverEmail } from "./email.server.ts";

export interface ProposalTransition {
  id: string;
  toState: string;
  event: { type: string; reason?: unknown };
  actions: { type: string }[];
}

const SKIP = new Set(["submitted", "full_submitted"]);

export async function notifyApplicantOfTransition(t: ProposalTransition): Promise<number> {
  if (!t.actions.some((a) => a.type === "notifyApplicant") || SKIP.has(t.toState)) return 0;
  const labels = APPLICATION_STATE_LABELS[t.toState as ApplicationStateId];
  if (!labels) return 0;
  const proposal = await db().proposal.findUnique({
    where: { id: t.id },
    select: { reference: true, title: true, organisation: { select: { members: { select: { user: { select: { email: true, locale: true, disabledAt: true } } } } } } },
  });
  if (!proposal) return 0;
  const origin = process.env.APP_URL ?? "http://localhost:3000";
  const reason = typeof t.event.reason === "string" ? t.event.reason : "";
  let sent = 0;
  for (const { user } of proposal.organisation.members) {
    if (user.disabledAt) continue;
    const id = await queueEmail({
      to: user.email,
      template: "proposalStatusChanged",
      locale: user.locale,
      params: {
        reference: proposal.reference,
        proposal: proposal.title || proposal.reference,
        status: labels.applicant[user.locale],
        next: labels.next[user.locale],
        reason,
        link: new URL(`/proposals/${t.id}`, origin).toString(),
      },
    });
    await deliverEmail(id);
    sent += 1;
  }
  return sent;
}
