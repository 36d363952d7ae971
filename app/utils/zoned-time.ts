// Local date-times in a named IANA time zone ⇄ instants, with Intl only. A deadline is typed
// as what the wall clock shows ("1 May 2027, 17:00" in Europe/Vienna) and stored as the
// instant it denotes. Daylight-saving time makes two cases special:
// - a gap (spring forward): 02:30 on the last Sunday of March does not exist in Vienna;
// - an overlap (fall back): 02:30 on the last Sunday of October happens twice.
// `localToInstant` reports a gap (or moves past it, if asked) and picks one of the two
// instants of an overlap ("earlier" by default, as Temporal's "compatible" does).
// Pure: no I/O, no clock.

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  /** 0-59 */
  minute: number;
}

export type Disambiguation = "earlier" | "later" | "reject";

export type ZonedResult =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; reason: "invalid_zone" | "invalid_date" | "gap" | "ambiguous" };

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows `timeZone` as an IANA zone name (or UTC). */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone.trim() === "") return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Date.UTC without the 0-99 → 1900-1999 quirk. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

interface WallClock extends LocalDateTime {
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const era = parts.find((p) => p.type === "era")?.value ?? "AD";
  const rawYear = get("year");
  const hour = get("hour");
  return {
    year: era === "BC" || era === "B" ? 1 - rawYear : rawYear,
    month: get("month"),
    day: get("day"),
    // Some engines print midnight as 24 even with h23.
    hour: hour === 24 ? 0 : hour,
    minute: get("minute"),
    second: get("second"),
  };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: Date | number, timeZone: string): number {
  const t = typeof instant === "number" ? instant : instant.getTime();
  const whole = Math.floor(t / 1000) * 1000;
  const w = wallClock(whole, timeZone);
  return utc(w.year, w.month, w.day, w.hour, w.minute, w.second) - whole;
}

/** What `timeZone`'s wall clock shows at `instant`, to the minute. */
export function instantToLocal(instant: Date | number, timeZone: string): LocalDateTime {
  const t = typeof instant === "number" ? instant : instant.getTime();
  const { year, month, day, hour, minute } = wallClock(t, timeZone);
  return { year, month, day, hour, minute };
}

/** Whether the fields name a real calendar date and time (31 April and 24:00 do not). */
export function isValidLocal(local: LocalDateTime): boolean {
  const { year, month, day, hour, minute } = local;
  if (![year, month, day, hour, minute].every(Number.isInteger)) return false;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  const d = new Date(utc(year, month, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::00(?:\.0+)?)?$/;

/**
 * Reads "2027-05-01T17:00" (what `<input type="datetime-local">` sends; a space instead of
 * the T and ":00" seconds are accepted too). Null for anything else or an impossible date.
 */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const m = LOCAL_PATTERN.exec(text.trim());
  if (!m) return null;
  const local = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
  return isValidLocal(local) ? local : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2027-05-01T17:00", the value a datetime-local input takes. */
export function formatLocalDateTime(local: LocalDateTime): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
}

const sameMinute = (a: LocalDateTime, b: LocalDateTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * Every instant at which `timeZone`'s clock shows `local`, earliest first: one normally,
 * two in a fall-back overlap, none in a spring-forward gap.
 */
export function instantsForLocal(local: LocalDateTime, timeZone: string): Date[] {
  const wall = utc(local.year, local.month, local.day, local.hour, local.minute);
  // Offsets a day either side cover any single transition around this wall time.
  const offsets = new Set([zoneOffsetMs(wall - DAY, timeZone), zoneOffsetMs(wall, timeZone), zoneOffsetMs(wall + DAY, timeZone)]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (sameMinute(instantToLocal(candidate, timeZone), local) && zoneOffsetMs(candidate, timeZone) === offset) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b).map((t) => new Date(t));
}

/**
 * The instant at which `timeZone`'s wall clock shows `local` ("2027-05-01T17:00" or fields).
 * In an overlap, `disambiguation` picks the earlier or the later instant, or refuses with
 * reason "ambiguous". A time in a gap is always refused with reason "gap".
 */
export function localToInstant(local: LocalDateTime | string, timeZone: string, disambiguation: Disambiguation = "earlier"): ZonedResult {
  if (!isTimeZone(timeZone)) return { ok: false, reason: "invalid_zone" };
  const fields = typeof local === "string" ? parseLocalDateTime(local) : isValidLocal(local) ? local : null;
  if (!fields) return { ok: false, reason: "invalid_date" };
  const instants = instantsForLocal(fields, timeZone);
  const [first, second] = instants;
  if (!first) return { ok: false, reason: "gap" };
  if (!second) return { ok: true, instant: first, ambiguous: false };
  if (disambiguation === "reject") return { ok: false, reason: "ambiguous" };
  return { ok: true, instant: disambiguation === "later" ? second : first, ambiguous: true };
}

/** The datetime-local value for `instant` in `timeZone` ("" for no instant or an unknown zone). */
export function instantToLocalString(instant: Date | string | null | undefined, timeZone: string): string {
  if (instant === null || instant === undefined) return "";
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime()) || !isTimeZone(timeZone)) return "";
  return formatLocalDateTime(instantToLocal(d, timeZone));
}

/** Rounds down to the minute: what a datetime-local input can show. */
export const toMinute = (instant: Date): Date => new Date(Math.floor(instant.getTime() / MINUTE) * MINUTE);
