// Deadlines typed as a local date-time in a named time zone and stored as instants: the
// ordinary case, both daylight-saving edges, odd offsets, and round trips for any instant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  instantToLocal,
  instantToLocalString,
  instantsForLocal,
  isTimeZone,
  localToInstant,
  parseLocalDateTime,
  zoneOffsetMs,
  type LocalDateTime,
} from "~/utils/zoned-time.ts";

const iso = (r: ReturnType<typeof localToInstant>) => (r.ok ? r.instant.toISOString() : r.reason);

describe("localToInstant", () => {
  it("reads 17:00 Vienna time in summer (UTC+2) and in winter (UTC+1)", () => {
    expect(iso(localToInstant("2026-05-01T17:00", "Europe/Vienna"))).toBe("2026-05-01T15:00:00.000Z");
    expect(iso(localToInstant("2024-06-17T17:00", "Europe/Vienna"))).toBe("2024-06-17T15:00:00.000Z");
    expect(iso(localToInstant("2027-01-15T17:00", "Europe/Vienna"))).toBe("2027-01-15T16:00:00.000Z");
  });

  it("reads other zones: UTC, Dakar (UTC+0), Addis Ababa (UTC+3), Kathmandu (UTC+5:45), New York", () => {
    expect(iso(localToInstant("2027-03-01T12:00", "UTC"))).toBe("2027-03-01T12:00:00.000Z");
    expect(iso(localToInstant("2027-03-01T12:00", "Africa/Dakar"))).toBe("2027-03-01T12:00:00.000Z");
    expect(iso(localToInstant("2027-03-01T12:00", "Africa/Addis_Ababa"))).toBe("2027-03-01T09:00:00.000Z");
    expect(iso(localToInstant("2027-03-01T12:00", "Asia/Kathmandu"))).toBe("2027-03-01T06:15:00.000Z");
    expect(iso(localToInstant("2027-07-01T12:00", "America/New_York"))).toBe("2027-07-01T16:00:00.000Z");
  });

  it("refuses a time in the spring-forward gap (02:30 on 29 March 2026 does not exist in Vienna)", () => {
    expect(localToInstant("2026-03-29T02:30", "Europe/Vienna")).toEqual({ ok: false, reason: "gap" });
    expect(localToInstant("2026-03-29T02:00", "Europe/Vienna")).toEqual({ ok: false, reason: "gap" });
    expect(instantsForLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 59 }, "Europe/Vienna")).toEqual([]);
  });

  it("accepts the minutes either side of the gap", () => {
    expect(iso(localToInstant("2026-03-29T01:59", "Europe/Vienna"))).toBe("2026-03-29T00:59:00.000Z");
    expect(iso(localToInstant("2026-03-29T03:00", "Europe/Vienna"))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("picks the earlier of the two instants in the fall-back overlap, or the later, or refuses when asked", () => {
    // 25 October 2026: 02:30 happens at 00:30Z (still summer time) and again at 01:30Z.
    const earlier = localToInstant("2026-10-25T02:30", "Europe/Vienna");
    expect(earlier).toEqual({ ok: true, instant: new Date("2026-10-25T00:30:00.000Z"), ambiguous: true });
    expect(iso(localToInstant("2026-10-25T02:30", "Europe/Vienna", "later"))).toBe("2026-10-25T01:30:00.000Z");
    expect(localToInstant("2026-10-25T02:30", "Europe/Vienna", "reject")).toEqual({ ok: false, reason: "ambiguous" });
    expect(instantsForLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 0 }, "Europe/Vienna").map((d) => d.toISOString())).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
    ]);
    // Just outside the overlap there is one instant again.
    expect(localToInstant("2026-10-25T03:00", "Europe/Vienna")).toEqual({ ok: true, instant: new Date("2026-10-25T02:00:00.000Z"), ambiguous: false });
    expect(localToInstant("2026-10-25T01:59", "Europe/Vienna")).toEqual({ ok: true, instant: new Date("2026-10-24T23:59:00.000Z"), ambiguous: false });
  });

  it("handles the southern hemisphere and half-hour daylight saving (Lord Howe Island)", () => {
    // Sydney leaves summer time on the first Sunday of April 2027: 02:30 happens twice.
    expect(instantsForLocal({ year: 2027, month: 4, day: 4, hour: 2, minute: 30 }, "Australia/Sydney")).toHaveLength(2);
    // Lord Howe moves its clock by 30 minutes: 02:00-02:29 is skipped on 3 October 2027.
    expect(localToInstant("2027-10-03T02:15", "Australia/Lord_Howe")).toEqual({ ok: false, reason: "gap" });
    expect(localToInstant("2027-10-03T02:30", "Australia/Lord_Howe").ok).toBe(true);
  });

  it("handles a whole skipped day (Samoa jumped over 30 December 2011)", () => {
    expect(localToInstant("2011-12-30T12:00", "Pacific/Apia")).toEqual({ ok: false, reason: "gap" });
    expect(iso(localToInstant("2011-12-31T00:00", "Pacific/Apia"))).toBe("2011-12-30T10:00:00.000Z");
  });

  it("refuses unknown zones and impossible or malformed dates", () => {
    expect(localToInstant("2027-05-01T17:00", "Europe/Atlantis")).toEqual({ ok: false, reason: "invalid_zone" });
    expect(localToInstant("2027-05-01T17:00", "")).toEqual({ ok: false, reason: "invalid_zone" });
    for (const bad of ["2027-04-31T17:00", "2027-02-29T10:00", "2027-13-01T10:00", "2027-05-01T24:00", "2027-05-01T17:60", "1 May 2027", "", "2027-05-01"]) {
      expect(localToInstant(bad, "Europe/Vienna"), bad).toEqual({ ok: false, reason: "invalid_date" });
    }
    expect(localToInstant("2028-02-29T10:00", "Europe/Vienna").ok).toBe(true);
  });
});

describe("reading and writing local date-times", () => {
  it("reads datetime-local values, with a space or with zero seconds", () => {
    expect(parseLocalDateTime("2027-05-01T17:00")).toEqual({ year: 2027, month: 5, day: 1, hour: 17, minute: 0 });
    expect(parseLocalDateTime(" 2027-05-01 17:00 ")).toEqual({ year: 2027, month: 5, day: 1, hour: 17, minute: 0 });
    expect(parseLocalDateTime("2027-05-01T17:00:00")).toEqual({ year: 2027, month: 5, day: 1, hour: 17, minute: 0 });
    expect(parseLocalDateTime("2027-05-01T17:00:30")).toBeNull();
    expect(parseLocalDateTime("0999-05-01T17:00")).toBeNull();
  });

  it("writes what a datetime-local input shows, in the call's zone", () => {
    expect(formatLocalDateTime({ year: 2027, month: 5, day: 1, hour: 7, minute: 5 })).toBe("2027-05-01T07:05");
    expect(instantToLocalString(new Date("2026-05-01T15:00:00Z"), "Europe/Vienna")).toBe("2026-05-01T17:00");
    expect(instantToLocalString("2026-05-01T15:00:00Z", "Africa/Addis_Ababa")).toBe("2026-05-01T18:00");
    expect(instantToLocalString(null, "Europe/Vienna")).toBe("");
    expect(instantToLocalString(new Date("2026-05-01T15:00:00Z"), "Nowhere/City")).toBe("");
  });

  it("knows the offset of a zone at an instant", () => {
    expect(zoneOffsetMs(new Date("2026-07-01T00:00:00Z"), "Europe/Vienna")).toBe(2 * 3600_000);
    expect(zoneOffsetMs(new Date("2026-01-01T00:00:00Z"), "Europe/Vienna")).toBe(3600_000);
    expect(zoneOffsetMs(new Date("2026-01-01T00:00:00Z"), "Asia/Kathmandu")).toBe(5.75 * 3600_000);
    expect(isTimeZone("Europe/Vienna")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Vienna")).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });
});

const ZONES = ["Europe/Vienna", "Europe/London", "Africa/Casablanca", "Africa/Cairo", "Africa/Nairobi", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"];
const zone = fc.constantFrom(...ZONES);
// Minute-aligned instants between 1990 and 2060.
const instant = fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 }).map((m) => new Date(m * 60_000));
const local: fc.Arbitrary<LocalDateTime> = fc.record({
  year: fc.integer({ min: 1990, max: 2060 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
});

describe("round trips (fast-check)", () => {
  it("any instant read as local time converts back to itself (with the right choice in an overlap)", () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const l = instantToLocal(t, tz);
        const candidates = instantsForLocal(l, tz).map((d) => d.getTime());
        expect(candidates).toContain(t.getTime());
        const earlier = localToInstant(l, tz, "earlier");
        const later = localToInstant(l, tz, "later");
        expect(earlier.ok && later.ok).toBe(true);
        if (earlier.ok && later.ok) expect([earlier.instant.getTime(), later.instant.getTime()]).toContain(t.getTime());
      }),
      { numRuns: 400 },
    );
  });

  it("any local time converts to an instant showing that local time, or is reported as a gap", () => {
    fc.assert(
      fc.property(local, zone, (l, tz) => {
        const r = localToInstant(l, tz);
        if (r.ok) {
          expect(instantToLocal(r.instant, tz)).toEqual(l);
        } else {
          expect(r.reason).toBe("gap");
          // A gap is short: an hour later the clock exists again.
          expect(localToInstant({ ...l, hour: (l.hour + 2) % 24 }, tz).ok || l.hour >= 22).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the datetime-local text survives a round trip through an instant", () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const text = instantToLocalString(t, tz);
        const back = localToInstant(text, tz, "earlier");
        expect(back.ok).toBe(true);
        if (back.ok) expect(instantToLocalString(back.instant, tz)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
