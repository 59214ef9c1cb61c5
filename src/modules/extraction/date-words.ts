// Word lists the due-date normaliser needs (en, es, de, pt). Data only.

const CARDINALS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, "a couple of": 2, couple: 2,
  // es
  un: 1, una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  quince: 15, veinte: 20,
  // de
  ein: 1, eine: 1, einer: 1, zwei: 2, drei: 3, vier: 4, "fünf": 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10,
  // pt
  duas: 2, "três": 3, quatro: 4, sete: 7, oito: 8, nove: 9, dez: 10, quinze: 15, vinte: 20,
};

const ORDINAL_UNITS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
};
const ORDINALS: Record<string, number> = {
  ...ORDINAL_UNITS, tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
for (const [w, n] of Object.entries(ORDINAL_UNITS)) {
  ORDINALS[`twenty-${w}`] = 20 + n;
  ORDINALS[`twenty ${w}`] = 20 + n;
}
ORDINALS["thirty-first"] = 31;
ORDINALS["thirty first"] = 31;

const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length);
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const CARDINAL_RE = `(?:\\d{1,3}|${byLength(Object.keys(CARDINALS)).map(escape).join("|")})`;
export const ORDINAL_RE = `(?:\\d{1,2}(?:st|nd|rd|th)|${byLength(Object.keys(ORDINALS)).map(escape).join("|")})`;
/** A day number written either way: "27", "27th", "twenty-seventh". */
export const DAY_RE = `(?:\\d{1,2}(?:st|nd|rd|th)?|${byLength(Object.keys(ORDINALS)).map(escape).join("|")})`;

export function parseCardinal(w: string): number | null {
  const t = w.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  return CARDINALS[t] ?? null;
}

export function parseDay(w: string): number | null {
  const t = w.trim().toLowerCase();
  const m = /^(\d{1,2})(?:st|nd|rd|th|º|\.)?$/.exec(t);
  if (m) return Number(m[1]);
  return ORDINALS[t] ?? null;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9,
  octubre: 10, noviembre: 11, diciembre: 12,
  januar: 1, februar: 2, "märz": 3, mai: 5, juni: 6, juli: 7, oktober: 10, dezember: 12,
  janeiro: 1, fevereiro: 2, "março": 3, maio: 5, junho: 6, julho: 7, setembro: 9, outubro: 10, novembro: 11, dezembro: 12,
};
export const MONTH_RE = `(?:${byLength(Object.keys(MONTHS)).map(escape).join("|")})`;
export const parseMonth = (w: string): number | null => MONTHS[w.trim().toLowerCase()] ?? null;

/** 0 = Sunday. Portuguese "segunda"/"terça"… only with "-feira" or after a preposition (see due-dates.ts). */
const WEEKDAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  domingo: 0, lunes: 1, martes: 2, "miércoles": 3, miercoles: 3, jueves: 4, viernes: 5, "sábado": 6, sabado: 6,
  sonntag: 0, montag: 1, dienstag: 2, mittwoch: 3, donnerstag: 4, freitag: 5, samstag: 6,
  "segunda-feira": 1, "terça-feira": 2, "quarta-feira": 3, "quinta-feira": 4, "sexta-feira": 5,
  "terça": 2, quarta: 3, quinta: 4, sexta: 5,
};
export const WEEKDAY_RE = `(?:${byLength(Object.keys(WEEKDAYS)).map(escape).join("|")})`;
export const parseWeekday = (w: string): number | null => WEEKDAYS[w.trim().toLowerCase()] ?? null;
