// Business-time clock for time-to-first-action: adds or measures working time in the
// deal's zone, skipping weekends, holidays and the hours outside the workday. Each day's
// window is computed from the wall clock in the zone, so a DST change shortens or
// lengthens only the night, never the workday. Pure, no I/O.
import { invalidInput } from "../../shared/errors.ts";
import type { Ymd } from "../../shared/zoned-date.ts";
import { addDaysToYmd, assertTimezone, getWeekdayOfYmd, toZonedYmd, zonedTimeToDate } from "../../shared/zoned-date.ts";

export interface BusinessTimeOptions {
  timezone: string;
  /** YYYY-MM-DD days off, in the zone. */
  holidays?: string[];
  /** Wall-clock hours, "HH:MM" 24h. Default 09:00–17:00. */
  workday?: { start: string; end: string };
  /** Days of week off, 0 = Sunday. Default Saturday and Sunday. */
  weekend?: number[];
}

interface ResolvedOptions { timezone: string; holidays: Set<string>; start: string; end: string; weekend: Set<number> }

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
/** A clock that never stops would loop forever: cap the search at ten years of days. */
const MAX_DAYS = 3660;

function resolveOptions(opts: BusinessTimeOptions): ResolvedOptions {
  assertTimezone(opts.timezone);
  const start = opts.workday?.start ?? "09:00";
  const end = opts.workday?.end ?? "17:00";
  if (!HHMM.test(start) || !HHMM.test(end) || minutesOf(end) <= minutesOf(start)) {
    throw invalidInput("Workday must be HH:MM–HH:MM with the end after the start", [{ field: "workday", message: `${start}–${end}` }]);
  }
  const weekend = new Set(opts.weekend ?? [6, 0]);
  if ([...weekend].some((d) => !Number.isInteger(d) || d < 0 || d > 6) || weekend.size >= 7) {
    throw invalidInput("Weekend days must be 0–6 and leave at least one working day", [{ field: "weekend", message: JSON.stringify(opts.weekend) }]);
  }
  for (const h of opts.holidays ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw invalidInput(`Holiday "${h}" is not YYYY-MM-DD`, [{ field: "holidays", message: h }]);
  }
  return { timezone: opts.timezone, holidays: new Set(opts.holidays ?? []), start, end, weekend };
}

function isWorkingDay(ymd: Ymd, o: ResolvedOptions): boolean {
  return !o.weekend.has(getWeekdayOfYmd(ymd)) && !o.holidays.has(ymd);
}

export function isBusinessDay(date: Date | Ymd, opts: BusinessTimeOptions): boolean {
  const o = resolveOptions(opts);
  return isWorkingDay(typeof date === "string" ? date : toZonedYmd(date, o.timezone), o);
}

/** The instants the workday of `ymd` opens and closes. */
function getWindow(ymd: Ymd, o: ResolvedOptions): [number, number] {
  return [zonedTimeToDate(ymd, o.start, o.timezone).getTime(), zonedTimeToDate(ymd, o.end, o.timezone).getTime()];
}

/** Length of one workday in ms (8 h for 09:00–17:00): the "one business day" target. */
export function getBusinessDayMs(opts: Pick<BusinessTimeOptions, "workday"> = {}): number {
  const start = opts.workday?.start ?? "09:00";
  const end = opts.workday?.end ?? "17:00";
  return (minutesOf(end) - minutesOf(start)) * 60_000;
}

/** `start` plus `ms` of working time. Adding 0 returns `start` unchanged, even off-hours. */
export function addBusinessTime(start: Date, ms: number, opts: BusinessTimeOptions): Date {
  if (!Number.isFinite(ms) || ms < 0) throw invalidInput("Business time to add must be a non-negative number of ms", [{ field: "ms", message: String(ms) }]);
  if (Number.isNaN(start.getTime())) throw invalidInput("Start is not a valid date", [{ field: "start", message: String(start) }]);
  const o = resolveOptions(opts);
  if (ms === 0) return new Date(start.getTime());
  let remaining = ms;
  let cursor = start.getTime();
  let ymd = toZonedYmd(start, o.timezone);
  for (let i = 0; i < MAX_DAYS; i++, ymd = addDaysToYmd(ymd, 1)) {
    if (!isWorkingDay(ymd, o)) continue;
    const [open, close] = getWindow(ymd, o);
    const from = Math.max(cursor, open);
    if (from >= close) continue;
    if (from + remaining <= close) return new Date(from + remaining);
    remaining -= close - from;
    cursor = close;
  }
  throw invalidInput("No working time found within ten years: check weekend and holidays", [{ field: "holidays", message: `${o.holidays.size} holidays` }]);
}

/** Working time between two instants; negative when `b` is before `a`. */
export function businessMsBetween(a: Date, b: Date, opts: BusinessTimeOptions): number {
  if (b.getTime() < a.getTime()) return -businessMsBetween(b, a, opts);
  const o = resolveOptions(opts);
  let total = 0;
  let ymd = toZonedYmd(a, o.timezone);
  const last = toZonedYmd(b, o.timezone);
  for (let i = 0; i < MAX_DAYS && ymd <= last; i++, ymd = addDaysToYmd(ymd, 1)) {
    if (!isWorkingDay(ymd, o)) continue;
    const [open, close] = getWindow(ymd, o);
    const from = Math.max(a.getTime(), open);
    const to = Math.min(b.getTime(), close);
    if (to > from) total += to - from;
  }
  return total;
}
