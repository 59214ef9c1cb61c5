// Resolves the due phrase of a commitment ("by Thursday", "end of week", "mañana") to a date in the deal's
// zone, resolved against the conversation's local date. Pure; our idiom list runs before anything generic
// because chrono-style parsers miss "end of week", "the 14th" and business days.
import {
  addBusinessDays, addDays, formatDate, getLastDayOfMonth, getNextDayOfMonth, getNextWeekday,
  getWeekday, getWeekdayOfWeek, resolveMonthDay, toLocalDate, type PlainDate,
} from "./local-date.ts";
import {
  CARDINAL_RE, DAY_RE, MONTH_RE, ORDINAL_RE, WEEKDAY_RE, parseCardinal, parseDay, parseMonth, parseWeekday,
} from "./date-words.ts";

export interface DueContext {
  /** The conversation's local calendar date. */
  today: PlainDate;
  holidays: ReadonlySet<string>;
  /** Numeric dates read as day/month outside English. */
  dayFirst: boolean;
}

export interface DuePhrase { start: number; end: number; text: string; date: string | null; hasBy: boolean }
export interface DueResult { due: string | null; dueText: string | null }

export function createDueContext(opts: { startedAt: string; timezone: string; language: string | null; holidays?: string[] }): DueContext {
  return {
    today: toLocalDate(opts.startedAt, opts.timezone),
    holidays: new Set(opts.holidays ?? []),
    dayFirst: opts.language != null && opts.language !== "en",
  };
}

const L = "(?<![\\p{L}\\p{N}])";
const R = "(?![\\p{L}\\p{N}])";
// A day-of-month ordinal must not start a noun phrase ("the first ninety days", "the second call").
const ORD_END = "(?!\\s+(?!(?:of|at|and|or|so|to|for|if|when|because|then|too|please|as|is|in|on|by)\\b)[a-z])";

type Resolver = (m: RegExpExecArray, ctx: DueContext) => PlainDate | null;
interface Rule { re: RegExp; resolve: Resolver }

const rule = (src: string, resolve: Resolver): Rule => ({ re: new RegExp(`${L}(?:${src})${R}`, "giu"), resolve });
const none: Resolver = () => null;
const todayOf: Resolver = (_m, c) => c.today;
const fridayOf = (c: DueContext, weeks: number) => {
  // "end of week" said on a weekend means the coming Friday.
  const wd = getWeekday(c.today);
  return getWeekdayOfWeek(c.today, 5, weeks + (wd === 6 || wd === 0 ? 1 : 0));
};

function resolveWeekday(c: DueContext, word: string, modifier: string | undefined, dayWord: string | undefined): PlainDate | null {
  const wd = parseWeekday(word);
  if (wd == null) return null;
  if (dayWord) {
    const day = parseDay(dayWord);
    if (day != null) return getNextDayOfMonth(c.today, day);
  }
  const mod = (modifier ?? "").toLowerCase();
  if (/^(next|nächsten|nächster|próximo|próxima|proximo|proxima|que viene)$/.test(mod)) return getWeekdayOfWeek(c.today, wd, 1);
  if (/^(this|este|esta|diesen|dieser|esse|essa)$/.test(mod)) {
    const same = getWeekdayOfWeek(c.today, wd, 0);
    return formatDate(same) >= formatDate(c.today) ? same : getNextWeekday(c.today, wd);
  }
  return getNextWeekday(c.today, wd);
}

function resolveRelative(c: DueContext, n: string, unit: string, business: boolean): PlainDate | null {
  const count = parseCardinal(n);
  if (count == null) return null;
  const u = unit.toLowerCase();
  if (/^(day|días|dia|dias|tag|tage|tagen)/.test(u) || u === "día") {
    return business ? addBusinessDays(c.today, count, c.holidays) : addDays(c.today, count);
  }
  if (/^(week|semana|woche)/.test(u)) return addDays(c.today, 7 * count);
  return null;
}

const RULES: Rule[] = [
  rule("(?:by\\s+|before\\s+)?(?:the\\s+)?(?:end\\s+of\\s+(?:the\\s+)?(?:business\\s+)?day|close\\s+of\\s+business)(?:\\s+today)?|eod|cob|end\\s+of\\s+play|final\\s+del\\s+día|fin\\s+del\\s+día|fim\\s+do\\s+dia|feierabend", todayOf),
  rule("(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?next\\s+week|finales\\s+de\\s+la\\s+semana\\s+que\\s+viene|ende\\s+nächster\\s+woche", (_m, c) => fridayOf(c, 1)),
  rule("(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?week|week'?s\\s+end|finales\\s+de\\s+(?:esta\\s+|la\\s+)?semana|ende\\s+(?:der|dieser)\\s+woche|fim\\s+da\\s+semana|final\\s+da\\s+semana", (_m, c) => fridayOf(c, 0)),
  rule("(?:the\\s+)?end\\s+of\\s+next\\s+month", (_m, c) => getLastDayOfMonth(c.today, 1)),
  rule("(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?month|month[-\\s]end|fin(?:al)?(?:es)?\\s+de(?:l)?\\s+mes|ende\\s+des\\s+monats|monatsende|fim\\s+do\\s+mês|final\\s+do\\s+mês", (_m, c) => getLastDayOfMonth(c.today)),
  rule("(?:the\\s+)?day\\s+after\\s+tomorrow|pasado\\s+mañana|übermorgen|depois\\s+de\\s+amanhã", (_m, c) => addDays(c.today, 2)),
  rule("(?:later\\s+)?today|tonight|this\\s+(?:morning|afternoon|evening)|hoy(?:\\s+mismo)?|esta\\s+(?:tarde|mañana|noche)|heute(?:\\s+(?:noch|nachmittag|abend))?|hoje(?:\\s+mesmo)?|esta\\s+noite|ainda\\s+hoje", todayOf),
  rule("tomorrow(?:\\s+(?:morning|afternoon|evening))?|mañana|morgen|amanhã", (_m, c) => addDays(c.today, 1)),
  rule(`(?:in|within|en|dentro\\s+de|in\\s+den\\s+nächsten|innerhalb\\s+von|em|daqui\\s+a)\\s+(${CARDINAL_RE})\\s+(business\\s+|working\\s+|hábiles\\s+|úteis\\s+)?(days?|weeks?|días|dias|semanas?|tagen?|wochen?|werktagen)(?!\\s+(?:of|after|from\\s+when)\\b)`,
    (m, c) => resolveRelative(c, m[1], m[3], !!m[2] || /werktag/i.test(m[3]))),
  rule(`(${CARDINAL_RE})\\s+(business\\s+|working\\s+)?(days?|weeks?)\\s+from\\s+(?:today|now)`, (m, c) => resolveRelative(c, m[1], m[3], !!m[2])),
  // Phrases that name no single day: kept as due text, due stays null.
  rule("(?:early\\s+|late\\s+)?next\\s+(?:week|month|quarter)|this\\s+week|(?:the\\s+)?week\\s+of\\s+[^,.;]{1,25}?(?=[,.;]|$)|soon|asap|la\\s+semana\\s+que\\s+viene|la\\s+próxima\\s+semana|esta\\s+semana|nächste\\s+woche|diese\\s+woche|(?:na\\s+)?semana\\s+que\\s+vem|(?:na\\s+)?próxima\\s+semana|nesta\\s+semana", none),
  rule(`(?:(next|this|coming|el\\s+próximo|el\\s+proximo|este|nächsten|diesen|na\\s+próxima|nesta)\\s+)?(${WEEKDAY_RE})(?:\\s+(que\\s+viene))?(?:,?\\s+(?:the\\s+)?(${DAY_RE})${ORD_END})?`,
    (m, c) => resolveWeekday(c, m[2], (m[1] ?? m[3])?.replace(/^el\s+|^na\s+/i, ""), m[4])),
  rule(`(?:segunda|sábado|domingo)(?=\\s|$|[,.;])`, none), // bare Portuguese "segunda" is too ambiguous alone
  rule(`(${MONTH_RE})\\s+(?:the\\s+)?(${DAY_RE})${ORD_END}`, (m, c) => monthDay(c, m[1], m[2])),
  rule(`(?:the\\s+)?(${DAY_RE})\\s+(?:of\\s+|de\\s+)?(${MONTH_RE})`, (m, c) => monthDay(c, m[2], m[1])),
  rule("(\\d{1,2})/(\\d{1,2})(?:/(\\d{2,4}))?", (m, c) => {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [month, day] = c.dayFirst ? [b, a] : [a, b];
    return resolveMonthDay(c.today, month, day);
  }),
  rule(`the\\s+(${ORDINAL_RE})${ORD_END}|el\\s+(?:día\\s+)?(\\d{1,2})(?![/\\d]|\\s*(?:%|de\\s+\\p{L}))|am\\s+(\\d{1,2})\\.|dia\\s+(\\d{1,2})`, (m, c) => {
    const day = parseDay(m[1] ?? m[2] ?? m[3] ?? m[4]);
    return day == null ? null : getNextDayOfMonth(c.today, day);
  }),
];

function monthDay(c: DueContext, monthWord: string, dayWord: string): PlainDate | null {
  const month = parseMonth(monthWord);
  const day = parseDay(dayWord);
  if (month == null || day == null) return null;
  return resolveMonthDay(c.today, month, day);
}

const BY_BEFORE = /(?:\b(?:by|before|until|till|no later than|on or before)|para el|para|antes del|antes de|hasta el|bis|bis zum|até|ate)\s+(?:the\s+)?$/iu;
const CORRECTION = /^[\s,;:.—–-]*(?:(?:no|nope|sorry|actually|i mean|make that|make it|or rather|rather|wait|perdón|mejor dicho|mejor|nein|quer dizer|digo)\b[\s,;:.—–-]*)+(?:(?:let'?s\s+say|say|make\s+it)\s+)?(?:by\s+|on\s+)?$/iu;

/** Every due phrase in `text`, left to right, overlapping candidates resolved in favour of the longer. */
export function findDuePhrases(text: string, ctx: DueContext): DuePhrase[] {
  const found: DuePhrase[] = [];
  for (const r of RULES) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      const d = r.resolve(m, ctx);
      const before = text.slice(Math.max(0, m.index - 20), m.index);
      const by = BY_BEFORE.exec(before);
      const start = by ? m.index - by[0].length : m.index;
      found.push({ start, end: m.index + m[0].length, text: text.slice(start, m.index + m[0].length).trim(), date: d ? formatDate(d) : null, hasBy: !!by });
    }
  }
  found.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const kept: DuePhrase[] = [];
  for (const p of found) {
    const last = kept[kept.length - 1];
    if (last && p.start < last.end) continue;
    kept.push(p);
  }
  return kept;
}

/**
 * The due date a clause means: a self-correction ("Thursday — no, Friday") wins, then a dated "by …" phrase,
 * then any dated phrase, then a phrase naming no day (due null, words kept).
 */
export function resolveDue(text: string, ctx: DueContext): DueResult {
  const phrases = findDuePhrases(text, ctx);
  if (phrases.length === 0) return { due: null, dueText: null };
  for (let i = phrases.length - 1; i > 0; i--) {
    const gap = text.slice(phrases[i - 1].end, phrases[i].start);
    if (CORRECTION.test(gap)) return { due: phrases[i].date, dueText: phrases[i].text };
  }
  const dated = phrases.filter((p) => p.date != null);
  const pick = dated.find((p) => p.hasBy) ?? dated[0] ?? phrases[0];
  return { due: pick.date, dueText: pick.text };
}
