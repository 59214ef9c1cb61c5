// Conversation language from what was said: franc per utterance, aggregated per speaker and overall,
// weighted by length, because franc is unreliable on the short turns calls are full of.
import { franc } from "franc-min";

const DEFAULT_ONLY = ["eng", "spa", "deu", "por", "fra", "ita", "nld"];
const ISO_639_1: Record<string, string> = {
  eng: "en", spa: "es", deu: "de", por: "pt", fra: "fr", ita: "it", nld: "nl", cat: "ca", pol: "pl", swe: "sv",
  dan: "da", nob: "no", fin: "fi", tur: "tr", rus: "ru", ukr: "uk", ces: "cs", ron: "ro", hun: "hu", ell: "el",
  jpn: "ja", cmn: "zh", kor: "ko", arb: "ar", heb: "he", hin: "hi", ind: "id", vie: "vi", tha: "th",
};
/** Below this many letters a speaker's leftover text is not judged. */
const MIN_UTTERANCE_CHARS = 25;
const CHUNK_LETTERS = 160;
/** A second language holding at least this share of the judged text makes the conversation mixed. */
const MIXED_SHARE = 0.2;
const MIXED_MIN_CHARS = 150;
/**
 * franc's cost grows with the text it reads, and an hour-long call holds ~300 chunks. Each speaker's first
 * FULL_CHUNKS chunks are all judged; after that one chunk in SAMPLE_STRIDE is, weighted by the stride, so the
 * per-language shares stay an unbiased estimate of the whole call at about a fifth of the cost (a speaker with 60
 * chunks: 11 judged). The dev corpus' languages, per speaker and mixed flags are the same as judging every chunk.
 */
const FULL_CHUNKS = 4;
const SAMPLE_STRIDE = 8;

export interface DetectedLanguage {
  /** ISO 639-1 ("en"), or "und" when there is too little text to tell. */
  language: string;
  mixed: boolean;
  bySpeaker: Record<string, string>;
  /** Share of judged text per language, for display and debugging. */
  shares: Record<string, number>;
}

export function toIso6391(code: string): string {
  return ISO_639_1[code] ?? (code === "und" ? "und" : code);
}

export function detectLanguage(
  utterances: Array<{ speakerLabel: string | null; text: string }>,
  opts: { only?: string[] } = {},
): DetectedLanguage {
  const only = opts.only ?? DEFAULT_ONLY;
  const total = new Map<string, number>();
  const perSpeaker = new Map<string, Map<string, number>>();
  const speakerText = new Map<string, string[]>();
  // Judge each speaker's words in chunks of a few hundred letters: long enough for franc to be
  // reliable, and far fewer franc calls than one per utterance on a long call.
  const pending = new Map<string, { parts: string[]; letters: number }>();
  const chunkCount = new Map<string, number>();
  const judgeSampled = (label: string, text: string, letters: number) => {
    const k = chunkCount.get(label) ?? 0;
    chunkCount.set(label, k + 1);
    if (k < FULL_CHUNKS) judge(label, text, letters);
    else if ((k - FULL_CHUNKS) % SAMPLE_STRIDE === 0) judge(label, text, letters * SAMPLE_STRIDE);
  };
  const judge = (label: string, text: string, letters: number) => {
    const lang = franc(text, { only, minLength: MIN_UTTERANCE_CHARS });
    if (lang === "und") return;
    addWeight(total, lang, letters);
    const row = perSpeaker.get(label) ?? new Map<string, number>();
    addWeight(row, lang, letters);
    perSpeaker.set(label, row);
  };
  for (const u of utterances) {
    const label = u.speakerLabel ?? "";
    const own = speakerText.get(label) ?? [];
    own.push(u.text);
    speakerText.set(label, own);
    const letters = u.text.replace(/[^\p{L}]/gu, "").length;
    const buffer = pending.get(label) ?? { parts: [], letters: 0 };
    buffer.parts.push(u.text);
    buffer.letters += letters;
    pending.set(label, buffer);
    if (buffer.letters >= CHUNK_LETTERS) {
      judgeSampled(label, buffer.parts.join(" "), buffer.letters);
      pending.delete(label);
    }
  }
  for (const [label, buffer] of pending) if (buffer.letters >= MIN_UTTERANCE_CHARS) judge(label, buffer.parts.join(" "), buffer.letters);

  const bySpeaker: Record<string, string> = {};
  for (const [label, texts] of speakerText) {
    if (label === "") continue;
    const row = perSpeaker.get(label);
    // Speakers with only short turns: judge their turns together.
    const lang = row && row.size > 0 ? topOf(row) : franc(texts.join(" "), { only, minLength: MIN_UTTERANCE_CHARS });
    bySpeaker[label] = toIso6391(lang);
  }

  if (total.size === 0) {
    const whole = franc(utterances.map((u) => u.text).join(" "), { only, minLength: 10 });
    return { language: toIso6391(whole), mixed: false, bySpeaker, shares: whole === "und" ? {} : { [toIso6391(whole)]: 1 } };
  }
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  const ranked = [...total.entries()].sort((a, b) => b[1] - a[1]);
  const shares = Object.fromEntries(ranked.map(([lang, w]) => [toIso6391(lang), Math.round((w / sum) * 1000) / 1000]));
  const second = ranked[1];
  const mixed = second !== undefined && second[1] / sum >= MIXED_SHARE && second[1] >= MIXED_MIN_CHARS;
  return { language: toIso6391(ranked[0][0]), mixed, bySpeaker, shares };
}

function addWeight(map: Map<string, number>, key: string, weight: number) {
  map.set(key, (map.get(key) ?? 0) + weight);
}

function topOf(map: Map<string, number>): string {
  let best = "und";
  let bestWeight = -1;
  for (const [k, v] of map) if (v > bestWeight) { best = k; bestWeight = v; }
  return best;
}
