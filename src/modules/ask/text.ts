// Pure text helpers for Ask: tokens, a light English stemmer, stop words and sentence spans.

const STOP = new Set(("a an and are as at be been being but by can could did do does doing done for from had has have having he her here hers him his how " +
  "i if in into is it its itself just me my myself no nor not of off on once only or other our ours out over own same she should so some such " +
  "than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who " +
  "whom why will with would you your yours yourself um uh yeah okay ok like so well oh also any anything about get got let lets s t re ve ll d m " +
  "gonna wanna thing things really actually right know think mean kind sort just going go").split(" "));

export const isStopword = (t: string): boolean => STOP.has(t);

/** Lowercased word tokens (letters/digits, inner apostrophes dropped), accents folded. */
export function words(text: string): string[] {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/(\w)['’](s|t|re|ve|ll|d|m)\b/g, "$1 $2").match(/[\p{L}\p{N}]+/gu) ?? [];
}

const DERIV = ["ational", "ations", "ation", "ments", "ment", "ings", "ing", "ness", "ably", "ibly", "ated", "ates", "ate", "ers", "er", "ed", "ly", "al", "ive"];

// Words repeat across turns: remembering each word's stem makes re-stemming a deal's text cheap.
const stemMemo = new Map<string, string>();

/** A small, deterministic suffix stripper: "integrations", "integrated", "integrate" → "integr". */
export function stem(word: string): string {
  const known = stemMemo.get(word);
  if (known !== undefined) return known;
  const s = stemWord(word);
  if (stemMemo.size >= 100_000) stemMemo.clear();
  stemMemo.set(word, s);
  return s;
}

function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(ches|shes|xes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (let round = 0; round < 2; round++) {
    const suf = DERIV.find((s) => w.endsWith(s) && w.length - s.length >= 4);
    if (!suf) break;
    w = w.slice(0, -suf.length);
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith("y") && w.length > 4) w = `${w.slice(0, -1)}i`;
  if (/([bdfgmnprt])\1$/.test(w) && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Stems of the content words of a text (stop words dropped). */
export function contentStems(text: string): string[] {
  return words(text).filter((t) => !STOP.has(t)).map(stem);
}

/** Stems of every word, stop words included, so phrases can be matched in order. */
export function allStems(text: string): string[] {
  return words(text).map(stem);
}

/** Sentence/clause spans of a text: [start, end) offsets, so a quote is an exact substring. */
export function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /[^.!?…]+(?:[.!?…]+|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let s = m.index, e = m.index + m[0].length;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push([s, e]);
    if (m[0].length === 0) re.lastIndex++;
  }
  return spans.length ? spans : [[0, text.length]];
}
