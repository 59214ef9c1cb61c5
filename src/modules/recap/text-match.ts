// Word-level comparison of two wordings, no I/O: does an edited recap line still say what its evidence says?
const STOP = new Set(("a an the and or but of to in on at for by with from as is are was were be been it its this that these those " +
  "we you they he she i our your their his her us them will would shall can could should may might do does did has have had " +
  "not no so then than there here what which who whom when where how all any each also just about into over after before " +
  "el la los las un una y o de del en por para con que se es lo al su sus " +
  "der die das ein eine und oder zu im am mit von für ist sind wir sie den dem des " +
  "o a os as um uma e ou do da dos das em no na por para com que é").split(/\s+/));

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
  "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
  "segunda", "terça", "quarta", "quinta", "sexta", "sábado"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
  "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
  "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro"];
const FACT_WORDS = new Set([...WEEKDAYS, ...MONTHS, "today", "tomorrow", "tonight", "week", "month", "quarter", "hoy", "mañana", "heute", "morgen", "hoje", "amanhã"]);

/** Lower-cased words, crude stems (plural/-ed/-ing off) so "sends" and "send" match. */
export function words(text: string): string[] {
  return (text.toLowerCase().normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
}
function stem(w: string): string {
  if (/^\d/.test(w) || w.length <= 4) return w;
  return w.replace(/(ing|ed|es|s)$/u, "");
}
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOP.has(w) && (w.length > 2 || /\d/.test(w)));
}

/** Dice overlap of content words: 1 for the same words, 0 for none in common. */
export function wordOverlap(a: string, b: string): number {
  const A = new Set(contentWords(a)), B = new Set(contentWords(b));
  if (!A.size && !B.size) return 1;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return (2 * common) / (A.size + B.size);
}

/** The words of a quote that carry its meaning: content words of 4+ letters and numbers. */
export function keyWords(quote: string): string[] {
  return [...new Set(contentWords(quote).filter((w) => w.length >= 4 || /\d/.test(w)))];
}

/** Share of the quote's key words the text still contains (1 when the quote has none). */
export function keyWordsPresent(quote: string, text: string): number {
  const keys = keyWords(quote);
  if (!keys.length) return 1;
  const have = new Set(contentWords(text));
  return keys.filter((k) => have.has(k)).length / keys.length;
}

/** Dates, days and numbers a text states: an edit that adds one the sources never said changes the facts. */
export function factWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\d/.test(w) || FACT_WORDS.has(w)))];
}

export function newFacts(text: string, sources: string[]): string[] {
  const known = new Set(sources.flatMap(factWords));
  return factWords(text).filter((w) => !known.has(w));
}
