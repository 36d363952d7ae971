// A date-time in the visitor's own time zone, which only the browser knows. The server and
// the first (hydrating) render print the same fallback (the time in UTC); once hydrated, the
// browser's zone replaces it. useSyncExternalStore's server snapshot makes the switch without
// a hydration mismatch.
import { useSyncExternalStore } from "react";
import { formatDateTime } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

const noSubscription = () => () => {};

function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const serverTimeZone = (): string | null => null;

export interface LocalTimeProps {
  /** ISO 8601. */
  at: string;
  /** The call's own time zone: when the visitor's is the same, say so rather than repeat the time. */
  callTimeZone: string;
}

export function LocalTime({ at, callTimeZone }: LocalTimeProps) {
  const t = useT();
  const zone = useSyncExternalStore(noSubscription, browserTimeZone, serverTimeZone);
  if (zone === null) {
    return <span className="local-time local-time--fallback">{t("catalogue.time.utcFallback", { time: formatDateTime(at, t.locale, "UTC") })}</span>;
  }
  return (
    <span className="local-time" data-time-zone={zone}>
      <time dateTime={at}>{formatDateTime(at, t.locale, zone)}</time>
      {zone === callTimeZone ? <span className="muted small block">{t("catalogue.time.sameZone")}</span> : null}
    </span>
  );
}
