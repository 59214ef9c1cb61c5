// Calendar and wall-clock maths in an IANA time zone using only Intl, so DST rules come
// from the runtime's tz database and we ship no tz library. Pure, no I/O. The one place Baton reads a zone's
// clock: extraction's due dates, the handoff clocks, the ledger's weeks, huddle and runway invitations use it.
import { invalidInput } from "./errors.ts";

/** A calendar day as written in a zone: "2026-03-13". */
export type Ymd = string;

export interface ZonedParts {
  year: number; month: number; day: number;
  hour: number; minute: number; second: number;
  /** 0 = Sunday … 6 = Saturday, like Date#getDay. */
  weekday: number;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timezone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: timezone, hourCycle: "h23",
        year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short",
      });
    } catch (cause) {
      throw invalidInput(`Unknown time zone "${timezone}"`, [{ field: "timezone", message: String(cause) }]);
    }
    formatterCache.set(timezone, f);
  }
  return f;
}

export function assertTimezone(timezone: string): void {
  getFormatter(timezone);
}

/** Is this an IANA zone the runtime knows ("Europe/Oslo")? For validation messages of one's own. */
export function isTimezone(timezone: string): boolean {
  try {
    getFormatter(timezone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function getZonedParts(date: Date, timezone: string): ZonedParts {
  const parts = getFormatter(timezone).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "0";
  return {
    year: Number(get("year")), month: Number(get("month")), day: Number(get("day")),
    hour: Number(get("hour")) % 24, minute: Number(get("minute")), second: Number(get("second")),
    weekday: WEEKDAYS.indexOf(get("weekday")),
  };
}

/** Offset of the zone from UTC at that instant, in ms (New York in winter: -5h). */
export function getZoneOffsetMs(date: Date, timezone: string): number {
  const p = getZonedParts(date, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in the zone. A time skipped by a spring-forward
 * gap maps to the same distance past the gap (02:30 → 03:30); an ambiguous fall-back
 * time maps to its first occurrence.
 */
export function zonedTimeToDate(ymd: Ymd, hhmm: string, timezone: string): Date {
  const [y, m, d] = parseYmd(ymd);
  const [hh, mm] = hhmm.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Offsets a few hours either side of the wall time cover both DST transitions.
  const before = getZoneOffsetMs(new Date(wall - 12 * 3600_000), timezone);
  const after = getZoneOffsetMs(new Date(wall + 12 * 3600_000), timezone);
  const candidates = [wall - before, wall - after].filter(
    (t) => getZoneOffsetMs(new Date(t), timezone) === wall - t,
  );
  if (candidates.length) return new Date(Math.min(...candidates));
  // In the gap: keep the pre-transition offset, which lands after the jump.
  return new Date(wall - before);
}

export function parseYmd(ymd: Ymd): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw invalidInput(`Not a YYYY-MM-DD date: "${ymd}"`, [{ message: "expected YYYY-MM-DD" }]);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function formatYmd(year: number, month: number, day: number): Ymd {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function toZonedYmd(date: Date, timezone: string): Ymd {
  const p = getZonedParts(date, timezone);
  return formatYmd(p.year, p.month, p.day);
}

export function addDaysToYmd(ymd: Ymd, days: number): Ymd {
  const [y, m, d] = parseYmd(ymd);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return formatYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function getWeekdayOfYmd(ymd: Ymd): number {
  const [y, m, d] = parseYmd(ymd);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function getDaysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function compareYmd(a: Ymd, b: Ymd): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
