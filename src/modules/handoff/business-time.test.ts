import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addBusinessTime, businessMsBetween, getBusinessDayMs, isBusinessDay } from "./business-time.ts";
import { zonedTimeToDate } from "../../shared/zoned-date.ts";

const H = 3_600_000;
const DAY = getBusinessDayMs(); // 8 h

describe("addBusinessTime", () => {
  // [name, zone, start (ISO with offset), ms to add, expected (ISO with offset), holidays]
  it.each([
    ["within the same workday", "America/New_York", "2026-03-03T10:00:00-05:00", 2 * H, "2026-03-03T12:00:00-05:00", []],
    ["one business day from mid-morning", "America/New_York", "2026-03-03T10:00:00-05:00", DAY, "2026-03-04T10:00:00-05:00", []],
    ["from before opening", "America/New_York", "2026-03-03T06:30:00-05:00", H, "2026-03-03T10:00:00-05:00", []],
    ["from after closing", "America/New_York", "2026-03-03T19:00:00-05:00", H, "2026-03-04T10:00:00-05:00", []],
    ["Friday afternoon rolls over the weekend", "America/New_York", "2026-03-06T16:00:00-05:00", 2 * H, "2026-03-09T10:00:00-04:00", []],
    ["Saturday starts Monday", "America/New_York", "2026-03-07T11:00:00-05:00", H, "2026-03-09T10:00:00-04:00", []],
    ["a holiday is skipped", "America/New_York", "2026-07-02T16:00:00-04:00", 2 * H, "2026-07-06T10:00:00-04:00", ["2026-07-03"]],
    // US spring forward: Sunday 8 March 2026; Friday 13:00 EST + 1 day = Monday 13:00 EDT.
    ["across US spring forward", "America/New_York", "2026-03-06T13:00:00-05:00", DAY, "2026-03-09T13:00:00-04:00", []],
    ["a day from opening ends at closing", "America/New_York", "2026-03-06T09:00:00-05:00", DAY, "2026-03-06T17:00:00-05:00", []],
    // US fall back: Sunday 1 November 2026.
    ["across US fall back", "America/New_York", "2026-10-30T13:00:00-04:00", DAY, "2026-11-02T13:00:00-05:00", []],
    // EU spring forward: Sunday 29 March 2026; EU fall back: Sunday 25 October 2026.
    ["across EU spring forward", "Europe/Madrid", "2026-03-27T15:00:00+01:00", 4 * H, "2026-03-30T11:00:00+02:00", []],
    ["across EU fall back", "Europe/Madrid", "2026-10-23T15:00:00+02:00", 4 * H, "2026-10-26T11:00:00+01:00", []],
    ["a Madrid holiday after a weekend", "Europe/Madrid", "2026-12-04T16:00:00+01:00", 2 * H, "2026-12-07T10:00:00+01:00", ["2026-12-08"]],
    ["a Madrid holiday right after the weekend", "Europe/Madrid", "2026-12-04T16:00:00+01:00", DAY, "2026-12-09T16:00:00+01:00", ["2026-12-07", "2026-12-08"]],
    ["adding 0 keeps the start", "America/New_York", "2026-03-07T11:00:00-05:00", 0, "2026-03-07T11:00:00-05:00", []],
  ])("%s", (_name, timezone, start, ms, expected, holidays) => {
    const got = addBusinessTime(new Date(start), ms, { timezone, holidays });
    expect(got.toISOString()).toBe(new Date(expected).toISOString());
  });

  it("honours a custom workday and weekend", () => {
    // Sunday–Thursday week, 08:00–16:00.
    const opts = { timezone: "Asia/Dubai", workday: { start: "08:00", end: "16:00" }, weekend: [5, 6] };
    const got = addBusinessTime(new Date("2026-03-05T15:00:00+04:00"), 2 * H, opts); // Thursday
    expect(got.toISOString()).toBe(new Date("2026-03-08T09:00:00+04:00").toISOString()); // Sunday
  });

  it("rejects bad options", () => {
    expect(() => addBusinessTime(new Date(), H, { timezone: "Nowhere/Else" })).toThrow(/time zone/);
    expect(() => addBusinessTime(new Date(), H, { timezone: "UTC", workday: { start: "17:00", end: "09:00" } })).toThrow(/Workday/);
    expect(() => addBusinessTime(new Date(), -1, { timezone: "UTC" })).toThrow(/non-negative/);
    expect(() => addBusinessTime(new Date(), H, { timezone: "UTC", weekend: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/Weekend/);
  });
});

describe("businessMsBetween", () => {
  it.each([
    ["same day", "America/New_York", "2026-03-03T10:00:00-05:00", "2026-03-03T15:30:00-05:00", 5.5 * H],
    ["over a weekend", "America/New_York", "2026-03-06T16:00:00-05:00", "2026-03-09T10:00:00-04:00", 2 * H],
    ["overnight outside hours", "America/New_York", "2026-03-03T18:00:00-05:00", "2026-03-04T08:00:00-05:00", 0],
    ["a full week with the US spring forward", "America/New_York", "2026-03-02T00:00:00-05:00", "2026-03-09T00:00:00-04:00", 5 * DAY],
    ["a full week with the EU fall back", "Europe/Madrid", "2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00", 5 * DAY],
    ["reversed is negative", "Europe/Madrid", "2026-03-04T12:00:00+01:00", "2026-03-04T10:00:00+01:00", -2 * H],
  ])("%s", (_name, timezone, a, b, expected) => {
    expect(businessMsBetween(new Date(a), new Date(b), { timezone })).toBe(expected);
  });

  it("inverts addBusinessTime", () => {
    fc.assert(fc.property(
      fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }),
      fc.integer({ min: 1, max: 40 * DAY }),
      fc.constantFrom("America/New_York", "Europe/Madrid"),
      (start, ms, timezone) => {
        const end = addBusinessTime(start, ms, { timezone, holidays: ["2026-12-25", "2027-01-01"] });
        expect(businessMsBetween(start, end, { timezone, holidays: ["2026-12-25", "2027-01-01"] })).toBe(ms);
      },
    ), { numRuns: 300 });
  });
});

describe("isBusinessDay and wall-clock instants", () => {
  it("knows weekends and holidays in the zone", () => {
    expect(isBusinessDay("2026-03-07", { timezone: "UTC" })).toBe(false);
    expect(isBusinessDay("2026-03-09", { timezone: "UTC", holidays: ["2026-03-09"] })).toBe(false);
    // 23:30 Friday in New York is already Saturday in UTC.
    expect(isBusinessDay(new Date("2026-03-07T04:30:00Z"), { timezone: "America/New_York" })).toBe(true);
  });

  it("maps skipped and repeated wall times", () => {
    expect(zonedTimeToDate("2026-03-08", "02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(zonedTimeToDate("2026-11-01", "01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });
});
