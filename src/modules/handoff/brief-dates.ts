// Finds the dates an intro mentions ("before Friday the 13th", "by the 27th", "this week",
// "bis Freitag", "antes del viernes") and resolves them against the email's own day.
// Dates are calendar days in the deal's zone, so no clock maths is needed here. Pure.
import type { Ymd } from "../../shared/zoned-date.ts";
import { addDaysToYmd, compareYmd, formatYmd, getDaysInMonth, getWeekdayOfYmd, parseYmd } from "../../shared/zoned-date.ts";

export interface DateMention {
  ymd: Ymd;
  text: string;
  index: number;
  /** Only the month is known ("in July"): ymd is the month's first day. */
  isMonthOnly: boolean;
  /** Preceded by by / before / until / antes de / bis / até. */
  isDeadline: boolean;
}

const WEEKDAY_NAMES: Array<[RegExp, number]> = [
  [/^(sun(day)?|domingo|sonntag)$/i, 0],
  [/^(mon(day)?|lunes|montag|segunda(-feira)?)$/i, 1],
  [/^(tue(s|sday)?|martes|dienstag|ter[çc]a(-feira)?)$/i, 2],
  [/^(wed(nesday)?|mi[ée]rcoles|mittwoch|quarta(-feira)?)$/i, 3],
  [/^(thu(rs|rsday)?|jueves|donnerstag|quinta(-feira)?)$/i, 4],
  [/^(fri(day)?|viernes|freitag|sexta(-feira)?)$/i, 5],
  [/^(sat(urday)?|s[áa]bado|samstag)$/i, 6],
];
const WEEKDAY_ALT = String.raw`monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|segunda(?:-feira)?|ter[çc]a(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|sexta(?:-feira)?`;

const MONTH_NAMES: Array<[RegExp, number]> = [
  [/^(jan(uary)?|enero|januar|janeiro)$/i, 1], [/^(feb(ruary)?|febrero|februar|fevereiro)$/i, 2],
  [/^(mar(ch)?|marzo|m[äa]rz|mar[çc]o)$/i, 3], [/^(apr(il)?|abril)$/i, 4], [/^(may|mayo|mai|maio)$/i, 5],
  [/^(june?|junio|juni|junho)$/i, 6], [/^(july?|julio|juli|julho)$/i, 7], [/^(aug(ust)?|agosto)$/i, 8],
  [/^(sep(t|tember)?|septiembre|setiembre|setembro)$/i, 9], [/^(oct(ober)?|octubre|oktober|outubro)$/i, 10],
  [/^(nov(ember)?|noviembre|novembro)$/i, 11], [/^(dec(ember)?|diciembre|dezember|dezembro)$/i, 12],
];
const MONTH_ALT = String.raw`january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|januar|februar|m[äa]rz|juni|juli|oktober|dezember|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro`;

const lookup = (table: Array<[RegExp, number]>, word: string) => table.find(([re]) => re.test(word))?.[1] ?? -1;

const DEADLINE_BEFORE = /(?:\bby|\bbefore|\buntil|\btill|\bno later than|\bahead of|\bprior to|\bantes del?|\bpara el|\bhasta el|\bbis(?: zum| sp[äa]testens)?|\bvor dem|\bsp[äa]testens|\bat[ée](?: o| a| dia)?|\bantes de)\s+(?:the\s+|el\s+|la\s+|zum\s+|o\s+|a\s+|this\s+|next\s+|coming\s+|dia\s+)?$/i;

function nextWeekday(ref: Ymd, weekday: number, allowSameDay = false): Ymd {
  const diff = (weekday - getWeekdayOfYmd(ref) + 7) % 7;
  return addDaysToYmd(ref, diff === 0 && !allowSameDay ? 7 : diff);
}

function nextDayOfMonth(ref: Ymd, day: number, weekday: number | null): Ymd | null {
  const [y, m] = parseYmd(ref);
  for (let k = 0; k < 14; k++) {
    const year = y + Math.floor((m - 1 + k) / 12);
    const month = ((m - 1 + k) % 12) + 1;
    if (day > getDaysInMonth(year, month)) continue;
    const ymd = formatYmd(year, month, day);
    if (compareYmd(ymd, ref) < 0) continue;
    if (weekday === null || getWeekdayOfYmd(ymd) === weekday) return ymd;
  }
  return null;
}

function resolveMonthDay(ref: Ymd, month: number, day: number, year: number | null): Ymd | null {
  const [ry] = parseYmd(ref);
  let y = year ?? ry;
  if (day < 1 || day > getDaysInMonth(y, month)) return null;
  let ymd = formatYmd(y, month, day);
  // A date well before the email without a year means next year's.
  if (year === null && compareYmd(ymd, addDaysToYmd(ref, -31)) < 0) { y += 1; ymd = formatYmd(y, month, Math.min(day, getDaysInMonth(y, month))); }
  return ymd;
}

const fridayOfWeek = (ref: Ymd, weeksAhead: number) => {
  const wd = getWeekdayOfYmd(ref);
  // Weeks run Monday–Sunday: on a weekend "this week" has already ended, so use the coming one.
  const monday = addDaysToYmd(ref, wd === 0 ? 1 : wd === 6 ? 2 : 1 - wd);
  return addDaysToYmd(monday, 4 + 7 * weeksAhead);
};

const NUMBER_WORDS: Record<string, number> = { one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, six: 6, dos: 2, tres: 3, zwei: 2, drei: 3, duas: 2, "três": 3 };

type Resolver = (m: RegExpExecArray, ref: Ymd) => { ymd: Ymd | null; isMonthOnly?: boolean };

const PATTERNS: Array<[RegExp, Resolver]> = [
  [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => ({ ymd: `${m[1]}-${m[2]}-${m[3]}` })],
  [new RegExp(String.raw`\b(?:(next|this|coming|pr[óo]ximo|pr[óo]xima|este|esta|n[äa]chsten?|diesen?)\s+)?(${WEEKDAY_ALT})\b(?:,?\s+(?:the\s+|el\s+|den\s+|dia\s+)?(\d{1,2})(?:st|nd|rd|th|\.)?(?!\d|:))?(?:,?\s+(?:de\s+)?(${MONTH_ALT})\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?)?`, "gi"),
    (m, ref) => {
      const wd = lookup(WEEKDAY_NAMES, m[2]);
      const month = m[4] ? lookup(MONTH_NAMES, m[4]) : -1;
      const day = Number(m[3] ?? m[5] ?? 0);
      if (day && month > 0) return { ymd: resolveMonthDay(ref, month, day, null) };
      if (day) return { ymd: nextDayOfMonth(ref, day, wd) ?? nextDayOfMonth(ref, day, null) };
      let ymd = nextWeekday(ref, wd);
      // "next Wednesday" said early in the week means the one in the following week.
      if (m[1] && /^(next|n[äa]chsten?|pr[óo]xim[oa])$/i.test(m[1]) && compareYmd(ymd, fridayOfWeek(ref, 0)) <= 0 && getWeekdayOfYmd(ref) !== 0) ymd = addDaysToYmd(ymd, 7);
      return { ymd };
    }],
  [new RegExp(String.raw`\b(${MONTH_ALT})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(\d{4}))?`, "gi"),
    (m, ref) => ({ ymd: resolveMonthDay(ref, lookup(MONTH_NAMES, m[1]), Number(m[2]), m[3] ? Number(m[3]) : null) })],
  [new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th|\.|º)?\s+(?:of\s+|de\s+)?(${MONTH_ALT})\b\.?(?:,?\s+(?:de\s+)?(\d{4}))?`, "gi"),
    (m, ref) => ({ ymd: resolveMonthDay(ref, lookup(MONTH_NAMES, m[2]), Number(m[1]), m[3] ? Number(m[3]) : null) })],
  [/\b(?:the\s+(\d{1,2})(?:st|nd|rd|th)|(?:el|dia|am|zum)\s+(\d{1,2})\.?)(?![\d:]|\s*(?:%|d[íi]as|tage|dias|personas|pessoas|de\b))/gi,
    (m, ref) => ({ ymd: nextDayOfMonth(ref, Number(m[1] ?? m[2]), null) })],
  [/\b(tomorrow|ma[ñn]ana|morgen|amanh[ãa])\b(?!\s+(?:morning|por|fr[üu]h))/gi, (_m, ref) => ({ ymd: addDaysToYmd(ref, 1) })],
  [/\b(?:today|hoy|heute|hoje|eod)\b/gi, (_m, ref) => ({ ymd: ref })],
  [/\b(?:(?:the\s+)?end of (?:the |this )?week|this week|eow|esta semana|(?:a )?finales de (?:esta )?semana|diese woche|ende der woche|(?:no )?fim (?:d)?esta semana|essa semana)\b/gi,
    (_m, ref) => ({ ymd: fridayOfWeek(ref, 0) })],
  [/\b(?:next week|(?:la )?pr[óo]xima semana|la semana que viene|n[äa]chste woche|semana que vem)\b/gi, (_m, ref) => ({ ymd: fridayOfWeek(ref, 1) })],
  [/\b(?:(?:the\s+)?end of (?:the |this )?month|finales de mes|ende des monats|fim do m[êe]s)\b/gi,
    (_m, ref) => { const [y, mo] = parseYmd(ref); return { ymd: formatYmd(y, mo, getDaysInMonth(y, mo)) }; }],
  [/\b(?:in|within|en|in den n[äa]chsten|em)\s+(\d+|one|two|three|four|a|dos|tres|zwei|drei|duas|três)\s+(weeks?|days?|semanas?|wochen|tagen?|d[íi]as?)\b/gi,
    (m, ref) => {
      const n = Number(m[1]) || NUMBER_WORDS[m[1].toLowerCase()] || 1;
      return { ymd: addDaysToYmd(ref, /^(week|semana|woche)/i.test(m[2]) ? 7 * n : n) };
    }],
  [new RegExp(String.raw`\b(?:in|en|im|em|by|before|antes de|bis)\s+(?:early\s+|mid-?\s*|late\s+)?(${MONTH_ALT})\b(?!\s+\d)`, "gi"),
    (m, ref) => ({ ymd: resolveMonthDay(ref, lookup(MONTH_NAMES, m[1]), 1, null), isMonthOnly: true })],
];

/** Every date the text mentions, resolved against `ref` (the email's day in the deal zone). */
export function findDateMentions(text: string, ref: Ymd): DateMention[] {
  const out: DateMention[] = [];
  const taken: Array<[number, number]> = [];
  for (const [re, resolve] of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index, end = m.index + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const r = resolve(m, ref);
      if (!r.ymd) continue;
      taken.push([start, end]);
      out.push({
        ymd: r.ymd, text: m[0], index: start, isMonthOnly: r.isMonthOnly ?? false,
        isDeadline: DEADLINE_BEFORE.test(text.slice(Math.max(0, start - 30), start)),
      });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

export function daysBetween(a: Ymd, b: Ymd): number {
  const [ay, am, ad] = parseYmd(a);
  const [by, bm, bd] = parseYmd(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}
