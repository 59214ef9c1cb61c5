// Sentence spans with offsets into the original utterance text, so every quote stays an exact substring.

export interface Span { start: number; end: number; text: string; lower: string }

/** Lower-cases without changing string length (offsets into `lower` are offsets into `text`). */
export function toMatchable(text: string): string {
  const quotesFixed = text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
  const lower = quotesFixed.toLowerCase();
  if (lower.length === quotesFixed.length) return lower;
  let out = "";
  for (const ch of quotesFixed) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

function makeSpan(text: string, lower: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  // Bullets and quote markers in emails are not part of the sentence.
  while (start < end && /[-*•>]/.test(text[start]) && /\s/.test(text[start + 1] ?? "")) {
    start += 1;
    while (start < end && /\s/.test(text[start])) start++;
  }
  if (end - start < 2) return null;
  return { start, end, text: text.slice(start, end), lower: lower.slice(start, end) };
}

/**
 * Splits on sentence punctuation followed by space, on blank lines and on bullet lines. Abbreviations
 * ("Mr.") are rare in speech; a wrong split only costs a shorter quote.
 */
export function splitSentences(text: string): Span[] {
  const lower = toMatchable(text);
  const spans: Span[] = [];
  const re = /[.!?¿¡]*[.!?]+["')\]]*(?=\s|$)|\n\s*\n|\n(?=\s*[-*•]\s)|[¿¡]/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const isOpening = m[0] === "¿" || m[0] === "¡";
    const end = isOpening ? m.index : m.index + m[0].length;
    const s = makeSpan(text, lower, start, end);
    if (s) spans.push(s);
    start = end;
  }
  const last = makeSpan(text, lower, start, text.length);
  if (last) spans.push(last);
  return spans;
}

const STOP = new Set(("a an the and or but so of to for in on at by with from into over about this that these those it its " +
  "i me my we us our you your he him his she her they them their is are was were be been being will would can could " +
  "should shall may might must do does did have has had just also then there here what which who when where how " +
  "yeah yes okay ok sure thanks thank please all any some one up out get got send sent make made let go going " +
  "as if not no like well really very right now today tomorrow week friday monday tuesday wednesday thursday").split(" "));

/** Content-word stems, for overlap between a commitment and a later mention of it. */
export function getContentStems(text: string): string[] {
  const words = toMatchable(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z0-9]+/g) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (w.length < 3 || STOP.has(w)) continue;
    out.push(stemWord(w));
  }
  return out;
}

export function stemWord(w: string): string {
  if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith("ed")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}
