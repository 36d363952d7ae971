import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatList, formatMoney, formatRelative, formatShare, formatTime, isPast, timeZoneLabel } from "~/utils/format.ts";

// Intl separates French thousands and "€" with narrow/no-break spaces; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

// 17 June 2026, 15:00 UTC = 17:00 in Vienna (CEST, UTC+2).
const DEADLINE = "2026-06-17T15:00:00.000Z";

describe("dates", () => {
  it("writes a date in words in the given time zone", () => {
    expect(formatDate(DEADLINE, "en", "Europe/Vienna")).toBe("17 June 2026");
    expect(formatDate(DEADLINE, "fr", "Europe/Vienna")).toBe("17 juin 2026");
    // Late evening UTC is already the next day in Nairobi.
    expect(formatDate("2026-06-17T22:30:00Z", "en", "Africa/Nairobi")).toBe("18 June 2026");
  });

  it("uses the 24-hour clock in both languages", () => {
    expect(formatTime(DEADLINE, "en", "Europe/Vienna")).toBe("17:00");
    expect(formatTime(DEADLINE, "fr", "Europe/Vienna")).toBe("17:00");
    expect(formatTime("2026-01-10T16:00:00Z", "en", "Europe/Vienna")).toBe("17:00"); // CET in winter
  });

  it("names the time zone by its city, in the reader's language", () => {
    expect(timeZoneLabel("Europe/Vienna", "en")).toBe("Vienna time");
    expect(timeZoneLabel("Europe/Vienna", "fr")).toBe("heure de Vienne");
    expect(timeZoneLabel("Africa/Addis_Ababa", "en")).toBe("Addis Ababa time");
    expect(timeZoneLabel("Africa/Addis_Ababa", "fr")).toBe("heure d’Addis-Abeba");
    expect(timeZoneLabel("Africa/Dakar", "fr")).toBe("heure de Dakar");
    expect(timeZoneLabel("UTC", "fr")).toBe("UTC");
  });

  it("writes a deadline as date, time and named zone", () => {
    expect(formatDateTime(DEADLINE, "en", "Europe/Vienna")).toBe("17 June 2026, 17:00 (Vienna time)");
    expect(formatDateTime(DEADLINE, "fr", "Europe/Vienna")).toBe("17 juin 2026, 17:00 (heure de Vienne)");
    expect(formatDateTime(new Date(DEADLINE), "en", "Africa/Dakar")).toBe("17 June 2026, 15:00 (Dakar time)");
  });

  it("falls back to UTC for an unknown zone and to nothing for an invalid date", () => {
    expect(formatDateTime(DEADLINE, "en", "Mars/Olympus_Mons")).toBe("17 June 2026, 15:00 (UTC)");
    expect(formatDateTime("not a date", "en", "Europe/Vienna")).toBe("");
    expect(formatRelative("not a date", "en")).toBe("");
  });
});

describe("relative time", () => {
  const now = new Date("2026-06-05T15:00:00Z");

  it("counts days to a deadline", () => {
    expect(formatRelative(DEADLINE, "en", now)).toBe("in 12 days");
    expect(formatRelative(DEADLINE, "fr", now)).toBe("dans 12 jours");
  });

  it("counts back from a passed deadline", () => {
    const later = new Date("2026-06-20T15:00:00Z");
    expect(formatRelative(DEADLINE, "en", later)).toBe("3 days ago");
    expect(formatRelative(DEADLINE, "fr", later)).toBe("il y a 3 jours");
    expect(isPast(DEADLINE, later)).toBe(true);
    expect(isPast(DEADLINE, now)).toBe(false);
  });

  it("picks a unit that reads naturally", () => {
    expect(formatRelative("2026-06-05T15:00:30Z", "en", now)).toBe("in 30 seconds");
    expect(formatRelative("2026-06-05T15:20:00Z", "en", now)).toBe("in 20 minutes");
    expect(formatRelative("2026-06-05T20:00:00Z", "fr", now)).toBe("dans 5 heures");
    expect(formatRelative("2026-06-06T15:00:00Z", "en", now)).toBe("in 1 day");
    expect(formatRelative("2026-09-05T15:00:00Z", "en", now)).toBe("in 3 months");
    expect(formatRelative("2028-06-05T15:00:00Z", "fr", now)).toBe("dans 2 ans");
  });
});

describe("money", () => {
  it("writes whole euros without cents", () => {
    expect(formatMoney(30_000_000, "en")).toBe("€300,000");
    expect(plain(formatMoney(30_000_000, "fr"))).toBe("300 000 €");
    expect(formatMoney(0, "en")).toBe("€0");
  });

  it("shows cents when there are some", () => {
    expect(formatMoney(12_345, "en")).toBe("€123.45");
    expect(plain(formatMoney(12_345, "fr"))).toBe("123,45 €");
    expect(formatMoney(5, "en")).toBe("€0.05");
    expect(formatMoney(-150_000, "en")).toBe("-€1,500");
  });

  it("refuses anything but integer cents", () => {
    expect(() => formatMoney(10.5, "en")).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, "en")).toThrow(RangeError);
  });

  it("writes shares in basis points as percentages", () => {
    expect(formatShare(9000, "en")).toBe("90%");
    expect(plain(formatShare(9000, "fr"))).toBe("90 %");
    expect(formatShare(10000, "en")).toBe("100%");
    expect(plain(formatShare(8750, "fr"))).toBe("87,5 %");
  });

  it("joins lists in the reader's language", () => {
    expect(formatList(["Rabat Process", "Khartoum Process", "C2CMMD"], "en")).toBe("Rabat Process, Khartoum Process and C2CMMD");
    expect(formatList(["Processus de Rabat", "C2CMMD"], "fr")).toBe("Processus de Rabat et C2CMMD");
    expect(formatList(["an AU member state", "an EU member state"], "en", "disjunction")).toBe("an AU member state or an EU member state");
  });
});
