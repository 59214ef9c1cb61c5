import { describe, expect, it } from "vitest";
import { createDueContext, resolveDue } from "./due-dates.ts";
import { toLocalDate } from "./local-date.ts";

// [call start, zone, words, expected due, language?, holidays?]
const cases: Array<[string, string, string, string | null, string?, string[]?]> = [
  // Wednesday 2026-06-03, New York
  ["2026-06-03T10:00:00-04:00", "America/New_York", "I'll do it today", "2026-06-03"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "you'll have it tonight", "2026-06-03"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "I'll send it this afternoon", "2026-06-03"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by end of day", "2026-06-03"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "EOD", "2026-06-03"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "tomorrow morning", "2026-06-04"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by Thursday", "2026-06-04"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "on Wednesday", "2026-06-10"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "end of the week", "2026-06-05"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by end of next week", "2026-06-12"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "next week", null],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "sometime next quarter", null],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "next Tuesday", "2026-06-09"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "in two weeks", "2026-06-17"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "in 10 days", "2026-06-13"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by the 14th", "2026-06-14"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by the second", "2026-07-02"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "for the first thirty days", null],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by June 27", "2026-06-27"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by 27 June", "2026-06-27"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by 6/27", "2026-06-27"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "before the steering meeting on the 20th", "2026-06-20"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "by the end of the month", "2026-06-30"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "on July twelfth", "2026-07-12"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "Thursday — no, Friday", "2026-06-05"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "Monday, sorry, make that Tuesday", "2026-06-09"],
  ["2026-06-03T10:00:00-04:00", "America/New_York", "during the week of June 15", null],
  // Business days skip the weekend and holidays (Friday 2026-07-03 is a holiday here).
  ["2026-07-01T10:00:00-04:00", "America/New_York", "in two business days", "2026-07-06", "en", ["2026-07-03"]],
  ["2026-07-02T10:00:00-04:00", "America/New_York", "in 1 business day", "2026-07-06", "en", ["2026-07-03"]],
  // Said on a Saturday, "end of week" is the coming Friday.
  ["2026-06-06T10:00:00-04:00", "America/New_York", "end of week", "2026-06-12"],
  // Late evening across the US DST switch (2026-03-08): local date is still the 8th.
  ["2026-03-09T06:30:00Z", "America/Los_Angeles", "tomorrow", "2026-03-09"],
  ["2026-03-29T00:30:00Z", "Europe/Madrid", "mañana", "2026-03-30", "es"],
  // Spanish, German, Portuguese
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "te lo envío el viernes", "2026-06-05", "es"],
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "antes del jueves", "2026-06-04", "es"],
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "la semana que viene", null, "es"],
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "hoy mismo", "2026-06-03", "es"],
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "el 15 de junio", "2026-06-15", "es"],
  ["2026-06-03T10:00:00+02:00", "Europe/Berlin", "bis Freitag", "2026-06-05", "de"],
  ["2026-06-03T10:00:00+02:00", "Europe/Berlin", "morgen", "2026-06-04", "de"],
  ["2026-06-03T10:00:00-03:00", "America/Sao_Paulo", "até sexta", "2026-06-05", "pt"],
  ["2026-06-03T10:00:00-03:00", "America/Sao_Paulo", "amanhã", "2026-06-04", "pt"],
  ["2026-06-03T10:00:00+02:00", "Europe/Madrid", "el 5/7", "2026-07-05", "es"],
];

describe("resolveDue", () => {
  it.each(cases)("%s %s: %s → %s", (startedAt, timezone, words, due, language = "en", holidays = []) => {
    const r = resolveDue(words, createDueContext({ startedAt, timezone, language, holidays }));
    expect(r.due).toBe(due);
  });

  it("keeps the words even when no day is meant", () => {
    const r = resolveDue("I'll get that to you next week", createDueContext({ startedAt: "2026-06-03T10:00:00-04:00", timezone: "America/New_York", language: "en" }));
    expect(r).toEqual({ due: null, dueText: "next week" });
  });

  it("computes the local date in the deal's zone, not UTC", () => {
    expect(toLocalDate("2026-11-01T04:30:00Z", "America/New_York")).toEqual({ y: 2026, m: 11, d: 1 });
    expect(toLocalDate("2026-11-01T03:30:00Z", "America/New_York")).toEqual({ y: 2026, m: 10, d: 31 });
  });
});
