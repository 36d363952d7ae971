// A proposal's history from the audit log, oldest first, in staff words.
import { formatDateTime } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

export interface ScreeningTimelineEvent {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
}

export function ScreeningTimeline({ events, timeZone }: { events: readonly ScreeningTimelineEvent[]; timeZone: string }) {
  const t = useT();
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">{t("screening.timeline.title")}</h2>
      {events.length === 0 ? (
        <p className="muted">{t("screening.timeline.empty")}</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{formatDateTime(e.at, t.locale, timeZone)}</time>: <strong>{e.action}</strong>{" "}
              {e.actor ? t("screening.timeline.by", { name: e.actor }) : t("screening.timeline.system")}
              {e.to && e.from !== e.to ? <> ({e.from ? t("screening.timeline.change", { from: e.from, to: e.to }) : e.to})</> : null}
              {e.reason ? <p className="small">{t("screening.timeline.reason", { reason: e.reason })}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
