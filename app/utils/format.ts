// Dates, times and money in words people read, in English or French, with Intl only.
// Deadlines are always shown in the call's own time zone, named ("17:00 (Vienna time)"),
// with the time left ("in 12 days"). Money is stored as integer cents of EUR.
import { INTL_LOCALE, type Locale } from "./i18n.ts";

type DateInput = Date | string | number;

function toDate(value: DateInput): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Intl formatters are costly to build; keep one per option set.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function dateFormat(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt|${locale}|${timeZone}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone }));
}

// Building a DateTimeFormat to test a zone is costly, and every date shown tests one: remember
// the answer per name (calls use a handful of zones; the cap keeps odd input from growing it).
const zoneValidity = new Map<string, boolean>();

/** Whether Intl knows this IANA time zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  const known = zoneValidity.get(timeZone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneValidity.size < 500) zoneValidity.set(timeZone, valid);
  return valid;
}

const safeZone = (timeZone: string | null | undefined) => (timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC");

/** "17 June 2026" / "17 juin 2026", as the date is in `timeZone`. */
export function formatDate(value: DateInput, locale: Locale, timeZone = "UTC"): string {
  const d = toDate(value);
  if (!d) return "";
  return dateFormat(locale, safeZone(timeZone), { day: "numeric", month: "long", year: "numeric" }).format(d);
}

/** "17:00", on the 24-hour clock in both languages. */
export function formatTime(value: DateInput, locale: Locale, timeZone = "UTC"): string {
  const d = toDate(value);
  if (!d) return "";
  return dateFormat(locale, safeZone(timeZone), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

// Cities whose names differ between English and French, or whose IANA spelling is not the
// name people use. Anything else: the city part of the zone name, underscores as spaces.
const CITY_NAMES: Record<string, { en: string; fr: string }> = {
  "Europe/Vienna": { en: "Vienna", fr: "Vienne" },
  "Europe/Brussels": { en: "Brussels", fr: "Bruxelles" },
  "Europe/Lisbon": { en: "Lisbon", fr: "Lisbonne" },
  "Europe/London": { en: "London", fr: "Londres" },
  "Europe/Athens": { en: "Athens", fr: "Athènes" },
  "Europe/Valletta": { en: "Valletta", fr: "La Valette" },
  "Europe/Warsaw": { en: "Warsaw", fr: "Varsovie" },
  "Europe/Copenhagen": { en: "Copenhagen", fr: "Copenhague" },
  "Europe/The_Hague": { en: "The Hague", fr: "La Haye" },
  "Africa/Addis_Ababa": { en: "Addis Ababa", fr: "Addis-Abeba" },
  "Africa/Algiers": { en: "Algiers", fr: "Alger" },
  "Africa/Cairo": { en: "Cairo", fr: "Le Caire" },
  "Africa/Mogadishu": { en: "Mogadishu", fr: "Mogadiscio" },
  "Africa/Lome": { en: "Lomé", fr: "Lomé" },
  "Africa/Tripoli": { en: "Tripoli", fr: "Tripoli" },
  "Africa/Asmara": { en: "Asmara", fr: "Asmara" },
};

function cityName(timeZone: string, locale: Locale): string {
  const known = CITY_NAMES[timeZone];
  if (known) return known[locale];
  const last = timeZone.split("/").pop() ?? timeZone;
  return last.replace(/_/g, " ");
}

/** "Vienna time" / "heure de Vienne"; "UTC" for UTC. */
export function timeZoneLabel(timeZone: string, locale: Locale): string {
  const zone = safeZone(timeZone);
  if (zone === "UTC" || zone === "Etc/UTC") return "UTC";
  const city = cityName(zone, locale);
  if (locale === "fr") return /^[aeiouyàâéèêëîïôöûüœ]/i.test(city) ? `heure d’${city}` : `heure de ${city}`;
  return `${city} time`;
}

/** "17 June 2026, 17:00 (Vienna time)" / "17 juin 2026, 17:00 (heure de Vienne)". */
export function formatDateTime(value: DateInput, locale: Locale, timeZone = "UTC"): string {
  const d = toDate(value);
  if (!d) return "";
  return `${formatDate(d, locale, timeZone)}, ${formatTime(d, locale, timeZone)} (${timeZoneLabel(timeZone, locale)})`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Time from `now` to `value` in words: "in 12 days", "3 hours ago" / "dans 12 jours",
 * "il y a 3 heures". Days up to 45, then months, then years.
 */
export function formatRelative(value: DateInput, locale: Locale, now: DateInput = new Date()): string {
  const d = toDate(value);
  const n = toDate(now);
  if (!d || !n) return "";
  const diff = d.getTime() - n.getTime();
  const abs = Math.abs(diff);
  const rtf = cached(`rt|${locale}`, () => new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: "always" }));
  const sign = diff < 0 ? -1 : 1;
  const whole = (unit: number) => sign * Math.max(1, Math.round(abs / unit));
  if (abs < MINUTE) return rtf.format(whole(SECOND), "second");
  if (abs < HOUR) return rtf.format(whole(MINUTE), "minute");
  if (abs < DAY) return rtf.format(whole(HOUR), "hour");
  if (abs < 45 * DAY) return rtf.format(whole(DAY), "day");
  if (abs < 365 * DAY) return rtf.format(whole(30.44 * DAY), "month");
  return rtf.format(whole(365.25 * DAY), "year");
}

/** Whether a deadline is already behind `now`. */
export function isPast(value: DateInput, now: DateInput = new Date()): boolean {
  const d = toDate(value);
  const n = toDate(now);
  return !!d && !!n && d.getTime() < n.getTime();
}

/**
 * EUR from integer cents: 30000000 → "€300,000" / "300 000 €"; cents are shown only when
 * there are some (12345 → "€123.45").
 */
export function formatMoney(cents: number, locale: Locale): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatMoney expects integer cents, got ${cents}`);
  const whole = cents % 100 === 0;
  const nf = cached(`money|${locale}|${whole}`, () =>
    new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency: "EUR", minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }),
  );
  return nf.format(cents / 100);
}

/** A share in basis points: 9000 → "90%" / "90 %"; 8750 → "87.5%" / "87,5 %". */
export function formatShare(basisPoints: number, locale: Locale): string {
  const nf = cached(`pct|${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", maximumFractionDigits: 2 }));
  return nf.format(basisPoints / 10000);
}

export function formatNumber(value: number, locale: Locale): string {
  return cached(`num|${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale])).format(value);
}

/** "Rabat Process, Khartoum Process and C2CMMD" / "… et C2CMMD"; with "disjunction": "… or …" / "… ou …". */
export function formatList(items: readonly string[], locale: Locale, type: "conjunction" | "disjunction" = "conjunction"): string {
  return new Intl.ListFormat(INTL_LOCALE[locale], { style: "long", type }).format(items);
}
