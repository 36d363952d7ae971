// A deadline in words, in the call's own time zone, with the time left:
// "17 June 2026, 17:00 (Vienna time)" and "Closes in 12 days".
import { formatDateTime, formatRelative, isPast } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

export interface DeadlineProps {
  /** ISO 8601; null when the call has not set it yet. */
  at: string | null;
  timeZone: string;
  /** The server's clock at render time, so server and browser print the same words. */
  now: string;
  /** Show the time left on its own line (default) or not at all. */
  relative?: boolean;
}

export function Deadline({ at, timeZone, now, relative = true }: DeadlineProps) {
  const t = useT();
  if (!at) return <span className="deadline deadline--none">{t("call.noDeadline")}</span>;
  const past = isPast(at, now);
  const rel = formatRelative(at, t.locale, now);
  return (
    <span className={past ? "deadline deadline--past" : "deadline"}>
      <time dateTime={at}>{formatDateTime(at, t.locale, timeZone)}</time>
      {relative ? <span className="deadline__left">{past ? t("call.deadlinePassed", { relative: rel }) : t("call.closes", { relative: rel })}</span> : null}
    </span>
  );
}
