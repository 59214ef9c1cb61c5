// Pure rules that find roster names in what was said and classify each occurrence:
// a self-introduction ("Kevin here"), a vocative ("thanks, Raj"), or a third-person mention.
import type { ParsedUtterance, RosterPerson } from "./conversation.ts";
import { normaliseName } from "./speaker-names.ts";

export type CueKind = "self-intro" | "vocative" | "mention" | "absent";
export interface NameCue { seq: number; personIds: string[]; kind: CueKind; quote: string }

const GREETINGS = new Set(["hi", "hey", "hello", "morning", "afternoon", "evening", "hiya", "howdy", "good", "hola", "buenos", "buenas", "dias", "tardes", "hallo", "servus", "moin", "guten", "tag", "bonjour", "salut", "ola", "oi", "bom", "dia", "ciao", "buongiorno"]);
const GROUP_WORDS = new Set(["everyone", "everybody", "all", "folks", "guys", "team", "yall", "there", "todos", "todas", "zusammen", "alle", "tous", "pessoal", "gente", "a", "tutti"]);
const FILLERS = new Set(["so", "and", "okay", "ok", "oh", "um", "uh", "also", "now", "alright", "well", "yeah", "yes", "right", "but", "y", "und", "e", "et", "pues", "bueno", "vale"]);
const VOCATIVE_BEFORE = new Set(["hi", "hey", "hello", "morning", "afternoon", "evening", "thanks", "thank", "thx", "cheers", "welcome", "bye", "sorry", "ahead", "hola", "gracias", "danke", "merci", "obrigado", "obrigada", "grazie", "ciao", "bienvenido", "bienvenida", "congrats", "congratulations", "go"]);
const VOCATIVE_AFTER = new Set([",", "?", "you", "can", "could", "would", "will", "do", "did", "does", "are", "what", "how", "when", "where", "thanks", "thank", "any", "have", "quick", "please", "puedes", "podrias", "kannst", "konnen", "tu", "voce", "vous"]);
const VOCATIVE_END_BEFORE = new Set([",", "right", "yeah", "thanks", "you", "too", "okay", "ok", "please", "there", "again", "gracias", "danke", "merci", "obrigado"]);
// "this is Dana", "I'm Grace", "soy Lucía", "ich bin Jonas", "je suis Marie", "sou a Ana"...
const INTRO_PHRASES = [
  ["this", "is"], ["its"], ["it", "is"], ["im"], ["i", "am"], ["my", "name", "is"], ["names"], ["soy"], ["me", "llamo"], ["habla"], ["les", "habla"],
  ["ich", "bin"], ["hier", "ist"], ["hier", "spricht"], ["mein", "name", "ist"], ["je", "suis"], ["cest"], ["moi", "cest"],
  ["sou"], ["sou", "a"], ["sou", "o"], ["eu", "sou"], ["aqui", "e"], ["io", "sono"], ["sono"], ["mi", "chiamo"], ["ik", "ben"], ["met"],
];
const THIRD_PERSON_AFTER = new Set(["she", "he", "who", "our", "my", "her", "his", "they", "the", "is", "was", "has", "will", "runs", "said", "says", "wants", "sent"]);
const SELF_AFTER = new Set(["here", "speaking", "aqui", "hier", "ici", "qui"]);
const ORG_LINK = new Set(["from", "with", "at", "de", "da", "von", "van", "di", "do", "del"]);
const ABSENCE_AFTER = [["sends"], ["couldnt"], ["cant"], ["cannot"], ["wont"], ["isnt", "able"], ["is", "out"], ["is", "off"], ["is", "on", "vacation"], ["is", "on", "leave"], ["had", "to", "drop"], ["dropped"], ["is", "not", "joining"], ["isnt", "joining"], ["is", "stuck"], ["is", "sick"]];

/** Punctuation stays as its own token because it separates "Hi. Tracy Nguyen," from "Hi Tracy,". */
export function tokenise(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/([,.!?;:])/g, " $1 ")
    .replace(/[^\p{L}\p{N},.!?;:]+/gu, " ")
    .split(" ")
    .filter((t) => t.length > 0);
}

export interface NameIndex { full: Map<string, string[]>; first: Map<string, string[]>; maxFullTokens: number }

export function buildNameIndex(roster: RosterPerson[]): NameIndex {
  const full = new Map<string, string[]>();
  const first = new Map<string, string[]>();
  let maxFullTokens = 1;
  for (const p of roster) {
    const n = normaliseName(p.name);
    if (!n) continue;
    full.set(n, [...(full.get(n) ?? []), p.id]);
    maxFullTokens = Math.max(maxFullTokens, n.split(" ").length);
    const f = n.split(" ")[0];
    first.set(f, [...(first.get(f) ?? []), p.id]);
  }
  return { full, first, maxFullTokens };
}

const endsWith = (tokens: string[], end: number, phrase: string[]) =>
  phrase.length <= end && phrase.every((w, k) => tokens[end - phrase.length + k] === w);
const startsWith = (tokens: string[], start: number, phrase: string[]) => phrase.every((w, k) => tokens[start + k] === w);
const isPunct = (t: string | undefined) => t !== undefined && /^[,.!?;:]$/.test(t);

/** Is position i the start of a clause: utterance start, after punctuation, greetings or fillers only? */
function isClauseStart(tokens: string[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const t = tokens[k];
    if (isPunct(t) && t !== ",") return true;
    if (t === "," || GREETINGS.has(t) || GROUP_WORDS.has(t) || FILLERS.has(t)) continue;
    return false;
  }
  return true;
}

function classify(tokens: string[], i: number, length: number): CueKind {
  const before = tokens[i - 1];
  const after = tokens[i + length];
  const afterNext = tokens[i + length + 1];
  const isFull = length > 1;
  if (INTRO_PHRASES.some((p) => endsWith(tokens, i, p))) {
    const third = after === "," ? afterNext : after;
    return third !== undefined && THIRD_PERSON_AFTER.has(third) ? "mention" : "self-intro";
  }
  if (ABSENCE_AFTER.some((p) => startsWith(tokens, i + length, p))) return "absent";
  const clauseStart = isClauseStart(tokens, i);
  // "Clara here" opens a clause, also after a greeting to someone else: "hey Dag, Clara here".
  const isHere = after !== undefined && SELF_AFTER.has(after) && (afterNext === undefined || isPunct(afterNext));
  if ((clauseStart || before === ",") && isHere) return "self-intro";
  if (clauseStart && after !== undefined && SELF_AFTER.has(after)) return "self-intro";
  if (clauseStart && after !== undefined && ORG_LINK.has(after) && before !== undefined && (isPunct(before) || GROUP_WORDS.has(before) || FILLERS.has(before))) return "self-intro";
  if (clauseStart && after !== undefined && ORG_LINK.has(after) && i === 0) return "self-intro";
  // "hi everyone, Priyanka, I'm the reliability engineer" / "Hi. Tracy Nguyen, OT network."
  const third = after === "," || after === "." ? afterNext : after;
  if (clauseStart && (GROUP_WORDS.has(before ?? "") || (isFull && (before === undefined || isPunct(before))))) {
    if (after === "im" || (after === "i" && afterNext === "am")) return "self-intro";
    if ((after === "," || after === ".") && !(third !== undefined && THIRD_PERSON_AFTER.has(third)) && isFull) return "self-intro";
  }
  if (before !== undefined && VOCATIVE_BEFORE.has(before)) return "vocative";
  if (before === "," && VOCATIVE_BEFORE.has(tokens[i - 2] ?? "")) return "vocative";
  if (endsWith(tokens, i, ["over", "to", "you"]) || endsWith(tokens, i, ["thank", "you"])) return "vocative";
  if (clauseStart && after !== undefined && VOCATIVE_AFTER.has(after)) return "vocative";
  const isLast = after === undefined || (isPunct(after) && afterNext === undefined);
  if (isLast && before !== undefined && VOCATIVE_END_BEFORE.has(before)) return "vocative";
  return "mention";
}

/** Every roster name said in the utterances, classified. Linear in the number of tokens. */
export function findNameCues(utterances: ParsedUtterance[], index: NameIndex): NameCue[] {
  const cues: NameCue[] = [];
  // Every name starts with a first token (index.first holds the first token of each full name), and a token is the
  // text's letters lower-cased without apostrophes: plain-ASCII text holding none of those as a substring names
  // nobody, and is not tokenised at all (most of an hour's talk). Other text (accents fold) always is.
  const starts = [...index.first.keys()];
  const mayName = (text: string) => !/^[\x00-\x7f]*$/.test(text) || (starts.length > 0 && containsAny(text.toLowerCase().replace(/['`]/g, ""), starts));
  for (const u of utterances) {
    if (!mayName(u.text)) continue;
    const tokens = tokenise(u.text);
    for (let i = 0; i < tokens.length; i++) {
      if (!index.first.has(tokens[i]!) && !index.full.has(tokens[i]!)) continue;
      let matched: { ids: string[]; length: number } | null = null;
      for (let len = Math.min(index.maxFullTokens, tokens.length - i); len >= 2 && !matched; len--) {
        const ids = index.full.get(tokens.slice(i, i + len).join(" "));
        if (ids) matched = { ids, length: len };
      }
      if (!matched) {
        const ids = index.first.get(tokens[i]) ?? index.full.get(tokens[i]);
        if (ids) matched = { ids, length: 1 };
      }
      if (!matched) continue;
      cues.push({ seq: u.seq, personIds: matched.ids, kind: classify(tokens, i, matched.length), quote: quoteAround(u.text, tokens.slice(i, i + matched.length)) });
      i += matched.length - 1;
    }
  }
  return cues;
}

const containsAny = (text: string, words: string[]) => words.some((w) => text.includes(w));

/** An exact substring of the utterance around the name (evidence must be verbatim). */
function quoteAround(text: string, nameTokens: string[]): string {
  const folded = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  const at = folded.length === text.length ? folded.indexOf(nameTokens[0]) : -1;
  if (at < 0) return text.slice(0, 120);
  const start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 40)) + 1);
  const endGuess = at + nameTokens.join(" ").length + 40;
  const end = endGuess >= text.length ? text.length : Math.max(text.indexOf(" ", endGuess), endGuess);
  return text.slice(start, end).trim();
}
