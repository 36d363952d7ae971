// One call in a list (home page, catalogue): title in the visitor's language, status in
// words, dialogues, JVAP domains, grant range, and the next deadline in the call's time zone
// with the time left.
import { Link } from "@remix-run/react";
import type { PublicCallSummary } from "~/modules/calls/catalogue.server.ts";
import { formatMoney } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";
import { Deadline } from "./Deadline.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

export interface CallCardProps {
  call: PublicCallSummary;
  /** The server's clock at render time (ISO 8601), so server and browser print the same words. */
  now: string;
}

export function CallCard({ call, now }: CallCardProps) {
  const t = useT();
  const titleId = `call-${call.id}`;
  return (
    <article className="card call-card" aria-labelledby={titleId}>
      <header className="card__header">
        <h3 id={titleId}>
          <Link to={`/calls/${call.id}`}>{call.title}</Link>
        </h3>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>
      <dl className="facts">
        <div>
          <dt>{t("call.reference")}</dt>
          <dd>{call.reference}</dd>
        </div>
        <div>
          <dt>{t("catalogue.card.procedure")}</dt>
          <dd>{t(`catalogue.card.procedure.${call.procedure}`)}</dd>
        </div>
        {call.dialogues.length > 0 ? (
          <div>
            <dt>{t("call.dialogues")}</dt>
            <dd>
              <ul className="tags">
                {call.dialogues.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {call.jvapDomains.length > 0 ? (
          <div>
            <dt>{t("call.jvapDomains")}</dt>
            <dd>
              <ul className="tags">
                {call.jvapDomains.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("call.grantSize")}</dt>
          <dd>{t("call.grantRange", { min: formatMoney(call.minGrantCents, t.locale), max: formatMoney(call.maxGrantCents, t.locale) })}</dd>
        </div>
        <div>
          <dt>{call.procedure === "RESTRICTED" ? t("call.conceptNoteDeadline") : t("call.deadline")}</dt>
          <dd>
            <Deadline at={call.deadline} timeZone={call.timeZone} now={now} />
          </dd>
        </div>
      </dl>
      <p className="card__action">
        <Link to={`/calls/${call.id}`} aria-describedby={titleId}>
          {t("call.readCall")}
        </Link>
      </p>
    </article>
  );
}
