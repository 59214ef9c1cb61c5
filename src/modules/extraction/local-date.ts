// Calendar arithmetic on plain dates (YYYY-MM-DD) in a deal's zone. No I/O.
// Dates are handled as UTC midnights so adding days never crosses a DST edge.

import { getDaysInMonth, getZonedParts } from "../../shared/zoned-date.ts";

export { getDaysInMonth };

export interface PlainDate { y: number; m: number; d: number }

/** The calendar date of an instant as seen in an IANA zone (DST-correct via Intl). */
export function toLocalDate(iso: string, timeZone: string): PlainDate {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an ISO date: ${iso}`);
  const p = getZonedParts(instant, timeZone);
  return { y: p.year, m: p.month, d: p.day };
}

const toUtc = (p: PlainDate) => Date.UTC(p.y, p.m - 1, p.d);
const fromUtc = (ms: number): PlainDate => {
  const x = new Date(ms);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
};

export function addDays(p: PlainDate, n: number): PlainDate {
  return fromUtc(toUtc(p) + n * 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function getWeekday(p: PlainDate): number {
  return new Date(toUtc(p)).getUTCDay();
}

export function formatDate(p: PlainDate): string {
  return `${p.y}-${String(p.m).padStart(2, "0")}-${String(p.d).padStart(2, "0")}`;
}


export function isValidDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= getDaysInMonth(y, m);
}

/** The next date strictly after `from` that falls on `weekday`. */
export function getNextWeekday(from: PlainDate, weekday: number): PlainDate {
  const diff = (weekday - getWeekday(from) + 7) % 7 || 7;
  return addDays(from, diff);
}

/** The given weekday inside the Monday-based week containing `from` (offset by `weeks`). */
export function getWeekdayOfWeek(from: PlainDate, weekday: number, weeks = 0): PlainDate {
  const mondayBased = (getWeekday(from) + 6) % 7;
  const monday = addDays(from, -mondayBased + weeks * 7);
  return addDays(monday, (weekday + 6) % 7);
}

export function addBusinessDays(from: PlainDate, n: number, holidays: ReadonlySet<string>): PlainDate {
  let cur = from;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    const wd = getWeekday(cur);
    if (wd !== 0 && wd !== 6 && !holidays.has(formatDate(cur))) left--;
  }
  return cur;
}

/** Next occurrence (today or later) of a day of month; rolls to following months when it doesn't exist yet. */
export function getNextDayOfMonth(from: PlainDate, day: number): PlainDate | null {
  let y = from.y;
  let m = from.m;
  if (day < from.d) { m++; if (m > 12) { m = 1; y++; } }
  for (let i = 0; i < 3; i++) {
    if (isValidDate(y, m, day)) return { y, m, d: day };
    m++; if (m > 12) { m = 1; y++; }
  }
  return null;
}

/** A month/day without a year: this year, unless that is more than two months past (then next year). */
export function resolveMonthDay(from: PlainDate, month: number, day: number): PlainDate | null {
  let y = from.y;
  const candidate = Date.UTC(y, month - 1, day);
  if (candidate < toUtc(from) - 60 * 86_400_000) y++;
  if (!isValidDate(y, month, day)) return null;
  return { y, m: month, d: day };
}

export function getLastDayOfMonth(from: PlainDate, monthsAhead = 0): PlainDate {
  let m = from.m + monthsAhead;
  let y = from.y;
  while (m > 12) { m -= 12; y++; }
  return { y, m, d: getDaysInMonth(y, m) };
}
