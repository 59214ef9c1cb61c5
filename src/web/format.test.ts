import { describe, expect, it } from "vitest";
import { formatDate } from "./format.ts";

describe("formatDate", () => {
  it("shows a calendar date as that day in any deal timezone", () => {
    for (const tz of ["America/Los_Angeles", "America/New_York", "Europe/Madrid", "Pacific/Auckland"]) {
      expect(formatDate("2026-04-21", tz)).toMatch(/21/);
    }
  });
  it("shows an instant in the deal's timezone", () => {
    expect(formatDate("2026-04-21T02:00:00Z", "America/New_York")).toMatch(/20/);
  });
});
