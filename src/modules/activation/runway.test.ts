// Runway defaults, slots and ICS, no database.
import { describe, expect, it } from "vitest";
import { defaultNoteTemplate, defaultQuestions, defaultTalkTrack, localStamp, runwayIcs, runwaySlots } from "./runway.ts";

describe("runway", () => {
  it("builds defaults from both organisations' names", () => {
    expect(defaultTalkTrack("Orbis", "Brightkite")).toMatch(/Orbis introduces Brightkite/);
    expect(defaultQuestions("Orbis", "Brightkite").some((q) => q.includes("Orbis"))).toBe(true);
    expect(defaultNoteTemplate("Orbis", "Brightkite").split("\n")[0]).toBe("# Orbis × Brightkite huddle: {{date}}");
  });
  it("finds four weekly slots from the onboarding day, the day itself included, across DST", () => {
    const s = runwaySlots("2026-03-03", { weekday: "TU", time: "10:00", timeZone: "America/Chicago" });
    expect(s.map((d) => d.toISOString())).toEqual(["2026-03-03T16:00:00.000Z", "2026-03-10T15:00:00.000Z", "2026-03-17T15:00:00.000Z", "2026-03-24T15:00:00.000Z"]);
    expect(localStamp(s[1], "America/Chicago")).toBe("20260310T100000");
  });
  it("writes one VEVENT with COUNT=4 and a zoned DTSTART", () => {
    const ics = runwayIcs({ uid: "u@x", title: "Huddle", description: "d", start: new Date("2026-03-03T16:00:00Z"), weekday: "TU", count: 4, timeZone: "Europe/Berlin", organizer: null, attendees: [{ name: "A", email: "a@x.test" }] });
    expect(ics).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4/);
    expect(ics).toMatch(/DTSTART;TZID=Europe\/Berlin:20260303T170000/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(runwayIcs({ uid: "u@x", title: "H", description: "d", start: new Date("2026-03-03T16:00:00Z"), weekday: "TU", count: 4, organizer: null, attendees: [] })).toMatch(/DTSTART:20260303T160000Z/);
  });
});
