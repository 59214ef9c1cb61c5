// ISO weeks ("2026-W21") as calendar days and as instants in a timezone. No I/O.
import { invalidInput } from "../../shared/errors.ts";
import { zonedTimeToDate } from "../../shared/zoned-date.ts";
import { localDate } from "./ledger.ts";

const DAY = 86_400_000;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** Monday of ISO week 1 of a year (UTC ms). */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

export function isoWeekOf(day: string): string {
  const ms = dayMs(day);
  const thursday = ms + (3 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - week1Monday(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Monday and Sunday of an ISO week, as YYYY-MM-DD. */
export function weekDays(week: string): { monday: string; sunday: string } {
  const m = WEEK_RE.exec(week);
  if (!m) throw invalidInput(`Week "${week}" should look like 2026-W21`);
  const year = Number(m[1]), n = Number(m[2]);
  const monday = week1Monday(year) + (n - 1) * 7 * DAY;
  if (n < 1 || isoWeekOf(toDay(monday)) !== week) throw invalidInput(`${year} has no week ${n}`);
  return { monday: toDay(monday), sunday: toDay(monday + 6 * DAY) };
}

export const previousWeek = (week: string) => isoWeekOf(toDay(dayMs(weekDays(week).monday) - 7 * DAY));

/** The instant a calendar day starts in an IANA zone (a midnight skipped by DST: the first instant after it). */
export function startOfDay(day: string, timeZone: string): Date {
  return zonedTimeToDate(day, "00:00", timeZone);
}

/** The week's days and its [start, end) instants in the zone. */
export function weekRange(week: string, timeZone: string) {
  const { monday, sunday } = weekDays(week);
  const next = toDay(dayMs(monday) + 7 * DAY);
  return { week, monday, sunday, start: startOfDay(monday, timeZone), end: startOfDay(next, timeZone) };
}

export const currentWeek = (now: Date, timeZone: string) => isoWeekOf(localDate(now, timeZone));
export const isDayInWeek = (day: string, r: { monday: string; sunday: string }) => day >= r.monday && day <= r.sunday;
