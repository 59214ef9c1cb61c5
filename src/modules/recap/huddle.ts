// The weekly 15-minute co-sell huddle, no I/O: its first slot in a zone, and the ICS (weekly RRULE) for it.
import { createEvent } from "ics";
import { AppError } from "../../shared/errors.ts";
import { getZoneOffsetMs } from "../../shared/zoned-date.ts";

export const HUDDLE_MINUTES = 15;
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const HUDDLE_WEEKDAYS = WEEKDAYS;

/** Offset of a zone at an instant, in ms (local − UTC). */
const zoneOffset = (at: number, timeZone: string) => getZoneOffsetMs(new Date(at), timeZone);

/** The instant of a local wall-clock time in a zone. */
export function zonedTime(date: { y: number; m: number; d: number }, time: string, timeZone: string): Date {
  const [h, mi] = time.split(":").map(Number);
  const guess = Date.UTC(date.y, date.m - 1, date.d, h, mi);
  const first = guess - zoneOffset(guess, timeZone);
  return new Date(guess - zoneOffset(first, timeZone));
}

/** The next `weekday` at `time` (local, in `timeZone`) strictly after `now`. */
export function nextSlot(now: Date, opts: { weekday: Weekday; time: string; timeZone: string }): Date {
  const local = new Date(now.getTime() + zoneOffset(now.getTime(), opts.timeZone));
  const target = WEEKDAYS.indexOf(opts.weekday);
  for (let i = 0; i < 8; i++) {
    const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + i));
    if (day.getUTCDay() !== target) continue;
    const at = zonedTime({ y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() }, opts.time, opts.timeZone);
    if (at > now) return at;
  }
  throw new AppError("INTERNAL", "no slot found");
}

export interface HuddleInvite {
  uid: string; title: string; description: string; start: Date; weekday: Weekday;
  organizer: { name: string; email: string } | null; attendees: Array<{ name: string; email: string }>;
  /** DTSTAMP: when the invitation was made (the injected clock), so the same huddle gives the same ICS. */
  stamp?: Date;
}

/** One VEVENT, 15 minutes, repeating weekly on its weekday (METHOD:REQUEST so mail clients offer to accept). */
export function huddleIcs(h: HuddleInvite): string {
  const s = h.start;
  const { error, value } = createEvent({
    uid: h.uid, title: h.title, description: h.description, method: "REQUEST", productId: "baton/huddle",
    ...(h.stamp ? { timestamp: h.stamp.getTime() } : {}),
    start: [s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes()], startInputType: "utc", startOutputType: "utc",
    duration: { minutes: HUDDLE_MINUTES }, recurrenceRule: `FREQ=WEEKLY;BYDAY=${h.weekday}`,
    organizer: h.organizer ?? undefined,
    attendees: h.attendees.map((a) => ({ name: a.name, email: a.email, rsvp: true, role: "REQ-PARTICIPANT", partstat: "NEEDS-ACTION" })),
  });
  if (error || !value) throw new AppError("INTERNAL", `Could not build the calendar invitation: ${error?.message ?? "empty"}`, { cause: error });
  return value;
}
