// The dated notices of a published call (clarifications, deadline extensions), newest first.
import { formatDateTime } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

export interface CallNoticeView {
  id: string;
  kind: string;
  text: string;
  /** ISO 8601 */
  createdAt: string;
}

export function CallNotices({ notices, timeZone, headingId = "notices-title" }: { notices: readonly CallNoticeView[]; timeZone: string; headingId?: string }) {
  const t = useT();
  return (
    <section aria-labelledby={headingId} className="call-notices">
      <h2 id={headingId}>{t("callDesign.notices.listTitle")}</h2>
      {notices.length === 0 ? (
        <p className="empty">{t("callDesign.notices.none")}</p>
      ) : (
        <ol className="card-list card-list--compact">
          {notices.map((n) => (
            <li key={n.id} className="card" data-kind={n.kind}>
              <p className="muted small">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, t.locale, timeZone)}</time> ·{" "}
                {n.kind === "deadline_extension" ? t("callDesign.notices.kind.deadline_extension") : t("callDesign.notices.kind.clarification")}
              </p>
              <p className="call-notice__text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
