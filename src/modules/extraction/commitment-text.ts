// Short imperative summaries ("Send the SOC 2 report") and quote trimming for extracted items. Pure.
import type { Span } from "./text-spans.ts";

const CLAUSE_END = /(?:[,;:—–]\s|\s(?:so that|so|because|since|and then|but|which|once|when|after|before|if|unless)\s|[.!?](?:\s|$))/i;

/** The verb phrase from `verbStart` to the end of its clause, minus the due words, as an imperative. */
export function buildCommitmentText(s: Span, verbStart: number, dueText: string | null): string {
  let phrase = s.text.slice(verbStart);
  const end = CLAUSE_END.exec(phrase);
  if (end && end.index > 8) phrase = phrase.slice(0, end.index);
  if (dueText) {
    const i = phrase.toLowerCase().indexOf(dueText.toLowerCase());
    if (i > 0) phrase = `${phrase.slice(0, i)} ${phrase.slice(i + dueText.length)}`;
  }
  phrase = phrase.replace(/\s+/g, " ").replace(/[\s,.;:!?-]+$/, "").trim();
  const words = phrase.split(" ");
  if (words.length > 16) phrase = words.slice(0, 16).join(" ");
  if (!phrase) return s.text.trim();
  return phrase[0].toUpperCase() + phrase.slice(1);
}

/** True when the verb phrase only points back ("do that", "send it over"): the request then supplies the text. */
export function isProFormPhrase(text: string): boolean {
  return /^(?:do|send|get|handle|take|fill|own|cover|check)\s+(?:that|it|this|those|them|one)(?:\s+(?:over|out|back|too|as\s+well))?$/i.test(text.trim())
    || text.trim().split(/\s+/).length <= 1;
}

/**
 * A quote that holds the item: the sentence, or for a long sentence the part from `from` to its end,
 * so scorers and readers see the clause rather than a wall of text.
 */
export function pickQuote(s: Span, from: number): { start: number; end: number } {
  if (s.text.length <= 160) return { start: s.start, end: s.end };
  let start = from;
  // Back up to a word start so the quote begins cleanly.
  while (start > 0 && /\S/.test(s.text[start - 1])) start--;
  let end = s.text.length;
  const tail = s.text.slice(start);
  const cut = /[,;—–]\s/.exec(tail.slice(60));
  if (cut && tail.length > 160) end = start + 60 + cut.index;
  return { start: s.start + start, end: s.start + end };
}
