// English cues for a first-person (or named third-person) undertaking inside one sentence. Pure.
import type { Span } from "./text-spans.ts";

export interface CueMatch {
  /** Offset (within the sentence) where the undertaking's wording starts (the subject). */
  start: number;
  /** Offset where the verb phrase starts; the summary text is built from here. */
  verbStart: number;
  subject: "i" | "we" | "team" | "named" | "someone";
  verb: string;
  strength: number;
}

const ADVERBS = "(?:\\s+(?:also|just|definitely|certainly|then|personally|quickly|absolutely|go ahead and|make sure to|still|both|all|actually|now|gladly|happily|first|right away|straight away|immediately|for sure))*";
const FIRST_PERSON = new RegExp(
  "(?<![\\w'])(?:" +
    "(i|we|(?:our|my)\\s+(?:team|side|folks|people|engineers|group|office|legal team)|someone|somebody|one of us)\\s*(?:'ll|\\s+will|\\s+shall|'m going to|\\s+am going to|'re going to|\\s+are going to|'m gonna|'re gonna|\\s+is going to|'s going to)" +
    "|(let me|lemme)" +
    "|(i|we) can" +
    "|(?:^|(?<=[,.!]\\s*)|(?<=^(?:yes|yeah|yep|sure|oh|and|so|okay|ok),?\\s+))(?:i'm |i'd be |i am |we're |we'd be |we are )?(happy|glad) to" +
    ")" + ADVERBS + "\\s+(?!not\\b|never\\b)([a-z][a-z'-]*)",
  "g",
);

// Verbs after "I'll"/"we'll" that are talk about the call itself, predictions or pleasantries, not undertakings.
const NOT_ACTIONS = new Set([
  "be", "see", "need", "want", "miss", "try", "wait", "stop", "start", "jump", "pass", "hand", "kick", "say", "tell",
  "admit", "guess", "bet", "have", "let", "keep", "leave", "go", "hear", "hope", "probably", "likely", "maybe", "mute",
  "unmute", "drop", "hop", "wrap", "circle", "pause", "repeat", "defer", "own", "talk", "take", "show", "share", "walk",
  "give", "do", "also", "get", "put", "look", "think", "learn", "love", "like", "help", "present", "explain", "answer",
]);

// Some of those are fine when followed by a concrete object.
const ACTION_WHEN: Array<[string, RegExp]> = [
  ["have", /^have\s+(?!to\b|a\s+(?:look|think|chat|word)\b|fun\b|a\s+good)/],
  ["keep", /^keep\s+(?!you\s+(?:posted|updated|in\s+the\s+loop)|it\s+(?:short|brief)|this\s+(?:short|brief)|going)/],
  ["own", /^own\s+/],
  ["talk", /^talk\s+(?:to|with)\s+(?!you\b)/],
  ["present", /^present\s+.*\bto\s+(?:the\s+)?(?:board|committee|leadership|\w+\s+on)\b/],
  ["take", /^take\s+(?!(?:it|that|this)\s*(?:[.,!]|$)|a\s+(?:look|step|minute|second|moment|stab|note)|that\s+as|it\s+from\s+here|it\s+away|questions|us\s+through)/],
  ["show", /^show\s+(?!you\b|it\b|how\b|the\s+(?:screen|dashboard|console))/],
  ["share", /^share\s+(?!my\s+screen|the\s+screen|my\s+screen|a\s+(?:bit|little|few\s+thoughts))/],
  ["walk", /^walk\s+\w+\s+through\b/],
  ["give", /^give\s+(?!you\s+(?:a\s+(?:quick|brief|little)|an?\s+overview|some\s+context|the\s+floor)|it\s+a\s+(?:try|shot|go))/],
  ["do", /^do\s+(?!my\s+best|what\s+i\s+can|that\s+(?:now|later|right\s+now)|a\s+quick\s+(?:intro|demo|round))/],
  ["get", /^get\s+(?!started|going|into|back\s+to\s+(?:the|your\s+question|that)|to\s+(?:that|it|the\s+point|your|this|those|them|you)\b|a\s+sense|out\s+of|you\s+(?:guys\s+)?off|there|it\s+(?:now|right))/],
  ["put", /^put\s+(?!it\s+this\s+way|that\s+way)/],
  ["look", /^look\s+(?:into|at)\s+(?!it\s+(?:this|that)\s+way)/],
  ["let", /^let\s+(?:you|\w+)\s+know\b/],
  ["hand", /^hand\s+(?!it\s+(?:over|off)\s+to|over\s+to)/],
  ["help", /^help\s+\w+\s+(?:with|set|get|fill|prepare|draft|write)/],
];

// "let me" is mostly about the call itself ("let me share my screen").
const LET_ME_OK = /^(?:check|loop|follow|find|dig|confirm|send|set|sort|get|look\s+into|circle\s+back|ask\s+(?!you\b|a\b)|talk\s+to|reach|chase|pull\s+together|put\s+together|see\s+(?:if|what)\s+i\s+can|run\s+(?:it|that|this)\s+by|email|call|connect|introduce\s+you|grab|line\s+up|book|schedule|draft|write|work\s+on|take\s+(?:that|it)\s+(?:back|away|offline|to)|double[- ]check|verify|escalate|raise|flag|forward)/;

const HEDGES = /\b(?:maybe|perhaps|might|could|would|possibly|probably|hopefully|in theory|someday|one day)\b/;
const AFTER_HEDGE = /\b(?:i guess|i suppose|i think|probably|maybe|if at all)\b/;
// A leading "if" clause ("If the POC slips, we'll just sign…") makes the main clause a contingency, not an undertaking.
const LEADING_IF = /^(?:and |but |so |well |because )?(?:if|unless|in case|otherwise)\b/;
const HABITUAL = /\b(?:whenever|every time|each time|any time|anytime|automatically|around the clock|24\/7|in general|usually|typically|always)\b/;
const CONDITIONAL_OFFER = /\bif (?:you(?:'d)? (?:want|like|prefer|need)|that helps|it helps|useful|needed|there's interest)\b/;
const PLEASANTRY = /\b(?:talk (?:soon|later|to you (?:soon|later|then|next))|let you go|stay in touch|keep in touch|see you|catch up soon|be in touch|get out of your hair|follow up (?:soon|at some point)|let you get back)\b/;

function isAction(verb: string, rest: string): boolean {
  if (!NOT_ACTIONS.has(verb)) return true;
  const cond = ACTION_WHEN.find(([v]) => v === verb);
  return !!cond && cond[1].test(rest);
}

/** The strongest undertaking cue in a sentence, or null when it is a question, a hedge or small talk. */
export function matchFirstPersonCue(s: Span, opts: { hasDue: boolean; isReply: boolean }): CueMatch | null {
  const t = s.lower;
  if (/\?\s*["')]*$/.test(t)) return null;
  if (PLEASANTRY.test(t)) return null;
  FIRST_PERSON.lastIndex = 0;
  for (let m = FIRST_PERSON.exec(t); m; m = FIRST_PERSON.exec(t)) {
    const verb = m[5];
    const verbStart = m.index + m[0].length - verb.length;
    const rest = t.slice(verbStart);
    const before = t.slice(0, m.index);
    if (HEDGES.test(before.slice(-40)) || HABITUAL.test(t) || /\b(?:probably|might|maybe)\b/.test(t.slice(m.index, verbStart))) continue;
    if (CONDITIONAL_OFFER.test(before) && !opts.hasDue) continue;
    if (LEADING_IF.test(before) || AFTER_HEDGE.test(t.slice(verbStart))) continue;
    // "a proposal I can put in front of them": a relative clause, not a subject.
    if (m[3] && /[a-z]\s*$/.test(before) && !/(?:^|\s)(?:and|so|yeah|yes|sure|but|then|okay|ok|i think|absolutely|definitely)\s*$/.test(before)) continue;
    const subjWord = (m[1] ?? m[3] ?? "").trim();
    let subject: CueMatch["subject"] = /^(someone|somebody|one of us)$/.test(subjWord) ? "someone"
      : subjWord === "i" ? "i" : subjWord === "we" ? "we" : subjWord ? "team" : "i";
    if (m[2]) {
      if (!LET_ME_OK.test(rest)) continue;
      subject = "i";
    } else if (m[3]) {
      // "I can …" is a capability unless it names a day or answers a request: "I can get you access by Wednesday".
      if (!(opts.hasDue || opts.isReply) || !/^(?:get|send|have|set|share|do|pull|put|make|run|take|loop|book|schedule|draft|write|prepare|confirm|check|follow|fill|give|arrange|email)\b/.test(rest)) continue;
      if (/^do\s+(?:it|that|this)\b/.test(rest) && !opts.isReply) continue;
    } else if (m[4]) {
      if (!isAction(verb, rest) && !/^(?:join|help|fill|do\s+that|set|send|walk)/.test(rest)) continue;
      if (/^(?:help|answer|chat|discuss|talk|be here|hear|see|report|take questions|share more)\b/.test(rest) && !/^help\s+\w+\s+(?:with|set|get)/.test(rest)) continue;
    } else if (!isAction(verb, rest)) continue;
    return { start: m.index, verbStart, subject, verb, strength: m[2] || m[3] || m[4] ? 0.75 : 0.85 };
  }
  return null;
}

// Verbs a third person can be committed to by a colleague ("Raj will send you the SOW").
const NAMED_ACTIONS = /^(?:send|share|get|set|put|deliver|prepare|draft|write|install|deploy|schedule|book|forward|follow|own|run|build|submit|reach|call|email|loop|introduce|provide|pull|finish|complete|handle|take\s+care|update|confirm|check|arrange|organi[sz]e|coordinate|make\s+sure|translate|configure|test|map|shoot|circle\s+back|come\s+back|turn\s+around|return|fill|do\s+the|bring)\b/;
const WILL_AFTER_NAME = /^\)?(?:'s\s+team)?\s*(?:'ll|\s+will)(?:\s+(?:also|just|then|definitely))*\s+(?!not\b|never\b)([a-z][a-z'-]*)/;

/** "Raj will send…": returns the verb offset when the words right after a name commit that person. */
export function matchNamedCue(s: Span, nameEnd: number): { verbStart: number; verb: string } | null {
  const rest = s.lower.slice(nameEnd);
  const m = WILL_AFTER_NAME.exec(rest);
  if (!m) return null;
  const verbStart = nameEnd + m[0].length - m[1].length;
  if (!NAMED_ACTIONS.test(s.lower.slice(verbStart))) return null;
  if (/\?\s*$/.test(s.lower)) return null;
  return { verbStart, verb: m[1] };
}

const REQUEST = /(?:^|[,.]\s*|\b(?:and|so|also|but|hey|then)\s+|^\w+,?\s+)(?:(?:can|could|would|will)\s+(?:you|one of you|someone)(?:\s+guys)?|would\s+you\s+mind|(?:any\s+chance|is\s+it\s+possible)\s+(?:you\s+)?(?:could|can)?|please|do\s+you\s+mind)\s+(?:also\s+|just\s+|maybe\s+)?([a-z][a-z'-]*)/;
const REQUEST_VERBS = /^(?:send|share|get|set|put|deliver|prepare|draft|write|install|deploy|schedule|book|forward|follow|own|run|build|submit|reach|call|email|loop|introduce|provide|pull|finish|complete|handle|take|update|confirm|check|arrange|translate|configure|test|map|fill|give|do|make|add|include|cover|bring|walk|look|connect|copy|cc|chase|review|sign|approve|find|dig|join|hold|lock)\b/;

/** A request for someone to act ("Can you send the SOW?"), with where its verb phrase starts. */
export function matchRequest(s: Span): { verbStart: number } | null {
  const m = REQUEST.exec(s.lower);
  if (!m) return null;
  const verbStart = m.index + m[0].length - m[1].length;
  if (!REQUEST_VERBS.test(s.lower.slice(verbStart))) return null;
  if (/^give\s+me\s+(?:a\s+sec|a\s+minute|a\s+moment)/.test(s.lower.slice(verbStart))) return null;
  return { verbStart };
}

const OFFER = /\b(?:want\s+me\s+to|should\s+i|shall\s+i|do\s+you\s+want\s+(?:me|us)\s+to|would\s+it\s+help\s+if\s+i|happy\s+to\s+\w+.*\bif\s+you\s+(?:want|like))\s+([a-z][a-z'-]*)/;
export function matchOffer(s: Span): { verbStart: number } | null {
  if (!/\?\s*$/.test(s.lower) && !/if you (?:want|like)/.test(s.lower)) return null;
  const m = OFFER.exec(s.lower);
  if (!m) return null;
  const verbStart = m.index + m[0].length - m[1].length;
  if (!isAction(m[1], s.lower.slice(verbStart)) || /^(?:start|go|begin|kick|jump|share\s+my\s+screen|walk\s+you|recap|summari[sz]e|introduce\s+myself)\b/.test(s.lower.slice(verbStart))) return null;
  return { verbStart };
}

// "Dana can probably pull that together": a suggestion that a named person act, which they may then take up.
const SUGGESTION = /^\s+(?:can|could|should|might)\s+(?:probably\s+|maybe\s+|just\s+|also\s+)?([a-z][a-z'-]*)/;
export function matchSuggestion(s: Span, nameEnd: number): { verbStart: number } | null {
  const m = SUGGESTION.exec(s.lower.slice(nameEnd));
  if (!m) return null;
  const verbStart = nameEnd + m[0].length - m[1].length;
  return REQUEST_VERBS.test(s.lower.slice(verbStart)) ? { verbStart } : null;
}

const ACCEPT = /^(?:(?:oh\s+|um\s+|uh\s+)?(?:yes|yeah|yep|yup|sure|sure thing|of course|absolutely|definitely|certainly|will do|can do|no problem|happy to|glad to|on it|i can do that|we can do that|i'll do that|consider it done|done|for sure|totally|ok|okay|perfect|great|sounds good|claro|por supuesto|sí|hecho|vale|de acuerdo|ja|klar|gerne|mach ich|sim|claro que sim|pode deixar)\b)/;
const DECLINE = /^(?:no\b|nope|not\s+(?:yet|now|really|necessary)|we're\s+(?:fine|good|ok)|i\s+can't|i\s+cannot|we\s+can't|i'm\s+not\s+sure|i\s+don't\s+think|that's\s+(?:ok|okay|fine),?\s+(?:no|we)|no\s+need|not\s+needed)/;
const WEAK_ACCEPT = /^(?:ok|okay|perfect|great|sounds good|vale|de acuerdo)\b/;

/** Does this reply accept the request just made? Weak words ("okay") only count with a will-do after them. */
export function isAcceptance(reply: string): boolean {
  const t = reply.trim();
  if (DECLINE.test(t)) return false;
  if (/\b(?:can't|cannot|won't|not able|unable|rather not)\b/.test(t.slice(0, 60))) return false;
  if (!ACCEPT.test(t)) return false;
  if (WEAK_ACCEPT.test(t)) return /\b(?:will do|i'll|we'll|i will|i can|on it)\b/.test(t);
  return true;
}
