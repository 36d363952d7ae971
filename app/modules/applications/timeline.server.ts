// What happened to a proposal, in the applicant's words, from its audit events. Staff names
// are not shown to applicants: a staff member appears as "the grants team".
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { db } from "~/utils/db.server.ts";
import { pickBilingual, translator, type Locale, type MessageKey } from "~/utils/i18n.ts";

export interface TimelineEntry {
  at: string;
  who: string;
  what: string;
}

const SECTION_KEYS: Record<string, MessageKey> = {
  summary: "proposals.section.summary",
  domains: "proposals.section.domains",
  countries: "proposals.section.countries",
  partners: "proposals.section.partners",
  logframe: "proposals.section.logframe",
  workplan: "proposals.section.workplan",
  budget: "proposals.section.budget",
  indicative: "proposals.section.indicative",
};

/** Newest first. Consecutive saves of one section by one person read as one entry. */
export async function proposalTimeline(proposalId: string, organisationId: string, locale: Locale): Promise<TimelineEntry[]> {
  const t = translator(locale);
  const events = await db().auditEvent.findMany({
    where: { entityType: "proposal", entityId: proposalId },
    orderBy: { at: "asc" },
    include: { actor: { select: { id: true, name: true, memberships: { where: { organisationId }, select: { userId: true } } } } },
  });
  const entries: (TimelineEntry & { key: string })[] = [];
  for (const e of events) {
    const who = e.actor ? (e.actor.memberships.length > 0 ? e.actor.name : t("proposals.timeline.team")) : t("proposals.timeline.system");
    const data = (e.data ?? {}) as Record<string, unknown>;
    let what: string;
    let key = e.id;
    if (e.action === "proposal_started") what = t("proposals.timeline.started");
    else if (e.action === "proposal_full_started") what = t("proposals.timeline.fullStarted");
    else if (e.action === "proposal_section_saved") {
      const section = typeof data.section === "string" ? data.section : "";
      const sectionKey = SECTION_KEYS[section];
      what = t("proposals.timeline.saved", { section: sectionKey ? t(sectionKey) : section });
      key = `save:${section}:${e.actorId ?? ""}`;
    } else if (e.toState) {
      what = t("proposals.timeline.state", { state: pickBilingual(APPLICATION_STATE_LABELS[e.toState as ApplicationStateId]?.applicant, locale, e.toState) });
    } else continue;
    const last = entries[entries.length - 1];
    if (last && last.key === key && key.startsWith("save:")) {
      last.at = e.at.toISOString();
      continue;
    }
    entries.push({ at: e.at.toISOString(), who, what, key });
  }
  return entries.reverse().map(({ key: _k, ...rest }) => rest);
}
