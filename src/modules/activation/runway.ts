// A newly onboarded partner's runway, no I/O: the co-sell play (talk track, qualifying questions) and the shared
// note format with defaults built from both organisations' names, and the four weekly 15-minute huddles (ICS, COUNT=4).
import { createEvent } from "ics";
import { AppError } from "../../shared/errors.ts";
import { getZonedParts } from "../../shared/zoned-date.ts";
import { HUDDLE_MINUTES, nextSlot, zonedTime, type Weekday } from "../recap/huddle.ts";

export const RUNWAY_WEEKS = 4;
export const MAX_TARGET_ACCOUNTS = 10;
export const DEFAULT_HUDDLE = { weekday: "TU" as Weekday, time: "10:00" };

export function defaultTalkTrack(partner: string, ours: string): string {
  return [
    `When a ${partner} client mentions the problem ${ours} solves, ${partner} introduces ${ours} by email the same day.`,
    `${partner} keeps the relationship and the delivery; ${ours} brings the product and runs the first call within one business day.`,
    `Pitch in one line: "We work with ${ours} on exactly this. A 20-minute call with both of us is enough to see whether it fits."`,
  ].join("\n");
}

export function defaultQuestions(partner: string, ours: string): string[] {
  return [
    "What problem are they trying to solve, in their own words, and what does it cost them today?",
    "Who owns the problem, and who signs off on the budget?",
    "Is there a date or event that makes this urgent (renewal, launch, audit, season)?",
    `What have they tried already, and is any vendor besides ${ours} in the picture?`,
    `Is ${partner} already engaged on this account, and what is ${partner}'s part in the project?`,
  ];
}

export function defaultNoteTemplate(partner: string, ours: string): string {
  return [
    `# ${partner} × ${ours} huddle: {{date}}`,
    "",
    `Attendees: {{attendees}}`,
    "",
    "## Deals moving",
    "| Deal | Stage | Next step | Owner | Due |",
    "| --- | --- | --- | --- | --- |",
    "|  |  |  |  |  |",
    "",
    "## New intros",
    `- Account, contact, problem (from ${partner}):`,
    "",
    "## Target accounts",
    "- Account: status, who reaches out, by when",
    "",
    "## Blockers and asks",
    `- ${partner} needs from ${ours}:`,
    `- ${ours} needs from ${partner}:`,
    "",
    "## Decisions",
    "- ",
    "",
    "## Action items",
    "- [ ] Owner: action (due date)",
  ].join("\n");
}

/** The first `count` weekly slots on `weekday` at `time` (local, in `timeZone`), from the start of day `from` (YYYY-MM-DD). */
export function runwaySlots(from: string, opts: { weekday: Weekday; time: string; timeZone: string; count?: number }): Date[] {
  const [y, m, d] = from.split("-").map(Number);
  const startOfDay = zonedTime({ y, m, d }, "00:00", opts.timeZone);
  const slots: Date[] = [];
  let after = new Date(startOfDay.getTime() - 1);
  for (let i = 0; i < (opts.count ?? RUNWAY_WEEKS); i++) {
    after = nextSlot(after, opts);
    slots.push(after);
  }
  return slots;
}

export interface RunwayInvite {
  uid: string; title: string; description: string; start: Date; weekday: Weekday; count: number;
  /** IANA zone of the slot: DTSTART carries it (TZID) so the four occurrences keep their wall-clock time across a DST change. */
  timeZone?: string;
  organizer: { name: string; email: string } | null; attendees: Array<{ name: string; email: string }>;
  /** DTSTAMP: when the invitation was made (the injected clock), so the same runway gives the same ICS. */
  stamp?: Date;
}

/** Wall-clock YYYYMMDDTHHMMSS of an instant in a zone. */
export function localStamp(at: Date, timeZone: string): string {
  const p = getZonedParts(at, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(p.year).padStart(4, "0")}${two(p.month)}${two(p.day)}T${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

/**
 * Like recap's huddleIcs (15 minutes, weekly, METHOD:REQUEST) but ending after `count` occurrences, and with
 * DTSTART in the slot's zone when given (a UTC DTSTART would move the later huddles by an hour across DST).
 */
export function runwayIcs(h: RunwayInvite): string {
  const s = h.start;
  const { error, value } = createEvent({
    uid: h.uid, title: h.title, description: h.description, method: "REQUEST", productId: "baton/runway",
    ...(h.stamp ? { timestamp: h.stamp.getTime() } : {}),
    start: [s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes()], startInputType: "utc", startOutputType: "utc",
    duration: { minutes: HUDDLE_MINUTES }, recurrenceRule: `FREQ=WEEKLY;BYDAY=${h.weekday};COUNT=${h.count}`,
    organizer: h.organizer ?? undefined,
    attendees: h.attendees.map((a) => ({ name: a.name, email: a.email, rsvp: true, role: "REQ-PARTICIPANT", partstat: "NEEDS-ACTION" })),
  });
  if (error || !value) throw new AppError("INTERNAL", `Could not build the calendar invitation: ${error?.message ?? "empty"}`, { cause: error });
  if (!h.timeZone) return value;
  const zoned = value.replace(/^DTSTART:\d{8}T\d{6}Z\r?$/m, (line) => `DTSTART;TZID=${h.timeZone}:${localStamp(h.start, h.timeZone!)}${line.endsWith("\r") ? "\r" : ""}`);
  if (zoned === value) throw new AppError("INTERNAL", "Could not set the time zone of the calendar invitation");
  return zoned;
}
