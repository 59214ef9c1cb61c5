import { describe, expect, it } from "vitest";
import { findDateMentions } from "./brief-dates.ts";

// 2026-03-03 is a Tuesday.
const REF = "2026-03-03";

describe("findDateMentions", () => {
  it.each([
    ["Could you meet before Friday the 13th?", "2026-03-13", true],
    ["Can you call her by Friday?", "2026-03-06", true],
    ["by next Wednesday", "2026-03-11", true],
    ["Could we hold a session by the 27th?", "2026-03-27", true],
    ["sometime this week", "2026-03-06", false],
    ["early next week works", "2026-03-13", false],
    ["tomorrow afternoon", "2026-03-04", false],
    ["by March 20", "2026-03-20", true],
    ["before 2 April", "2026-04-02", true],
    ["in two weeks", "2026-03-17", false],
    ["by Tuesday", "2026-03-10", true], // same weekday as the email: the next one
    ["¿Podríais antes del viernes?", "2026-03-06", true],
    ["para el 20 de marzo", "2026-03-20", true],
    ["Könntet ihr bis Freitag?", "2026-03-06", true],
    ["ab dem 1. Januar", "2027-01-01", false],
    ["até quinta-feira", "2026-03-05", true],
    ["by end of month", "2026-03-31", true],
    ["on January 15", "2027-01-15", false], // long past this year: next year's
  ])("%s → %s", (text, ymd, isDeadline) => {
    const d = findDateMentions(text, REF);
    expect(d[0]?.ymd).toBe(ymd);
    expect(d[0]?.isDeadline).toBe(isDeadline);
  });

  it("keeps month-only mentions apart", () => {
    const d = findDateMentions("Their renewal is in July.", REF);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ ymd: "2026-07-01", isMonthOnly: true });
  });

  it("does not read counts as days", () => {
    expect(findDateMentions("the 14 compressors and the 3 plants", REF)).toEqual([]);
    expect(findDateMentions("up 40% in 9 hours", REF)).toEqual([]);
  });
});
