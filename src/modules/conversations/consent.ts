// Recording consent: find recording notices, requests, agreements and refusals in what was said,
// per speaker; and redact the words of speakers who declined.
import type { ParsedConversation, ParsedEmailMeta } from "./conversation.ts";

export type ConsentStatus = "granted" | "declined" | "unknown";
export interface ConsentEvidence { seq: number; quote: string }
export interface SpeakerConsent { status: ConsentStatus; evidence?: ConsentEvidence }
export interface DetectedConsent {
  /** The first recording notice or request, if anyone made one. */
  notice: ConsentEvidence | null;
  bySpeaker: Record<string, SpeakerConsent>;
}

export const DECLINED_MARKER = "[not recorded: consent declined]";

// Refusals first: "I'd prefer not to be recorded" also contains "recorded".
const DECLINE = new RegExp([
  String.raw`\b(?:i'?d|i would|we'?d|we would)\s+(?:prefer|rather)\s+(?:not|(?:you|we)\s+(?:didn'?t|did not|don'?t))\b[^.?!]{0,40}\brecord`,
  String.raw`\b(?:please\s+)?(?:don'?t|do not)\s+record\b`,
  String.raw`\bnot\s+(?:comfortable|ok|okay|happy)\s+(?:with|being|to be)\s+(?:being\s+)?record`,
  String.raw`\b(?:can|could)\s+(?:we|you)\s+(?:not|(?:turn|switch)\s+off|stop)\s+(?:the\s+)?record`,
  String.raw`\b(?:please\s+)?(?:stop|pause)\s+the\s+recording\b`,
  String.raw`\bi\s+(?:don'?t|do not)\s+(?:consent|agree)\s+to\s+(?:being\s+|the\s+)?record`,
  String.raw`\b(?:prefiero|preferiría|preferiria|preferimos)\s+que\s+no\s+(?:se\s+)?(?:me\s+|nos\s+)?grab`,
  String.raw`\bno\s+(?:me\s+)?grab(?:éis|eis|es|en|e)\b`,
  String.raw`\bno\s+quiero\s+que\s+(?:se\s+)?(?:me\s+)?grab`,
  String.raw`\b(?:bitte\s+)?nicht\s+(?:aufzeichnen|aufnehmen)\b`,
  String.raw`\b(?:lieber|möchte|moechte)\s+nicht\s+(?:aufgezeichnet|aufgenommen)\b`,
  String.raw`\bprefiro\s+(?:que\s+)?não\s+(?:ser\s+)?grav`,
  String.raw`\bnão\s+(?:me\s+)?grav(?:em|e)\b`,
  String.raw`\bje\s+préf[eè]re\s+ne\s+pas\s+être\s+enregistr`,
].join("|"), "i");

const NOTICE = new RegExp([
  String.raw`\b(?:this|the)\s+(?:call|meeting|session)\s+(?:is|will be)\s+(?:being\s+)?recorded\b`,
  String.raw`\b(?:i'?m|we'?re|i am|we are)\s+(?:now\s+)?recording\b`,
  String.raw`\b(?:i'?ve|we'?ve|i have|we have)\s+(?:started|turned on|hit)\s+(?:the\s+)?record`,
  String.raw`\brecording\s+(?:has\s+)?(?:started|is on|is now on)\b`,
  String.raw`\b(?:se\s+está|estamos|vamos\s+a)\s+grabando?\b`,
  String.raw`\bwird\s+aufgezeichnet\b|\bwir\s+zeichnen\b[^.?!]{0,30}\bauf\b`,
  String.raw`\b(?:está|estamos|vamos)\s+(?:sendo\s+)?grava(?:da|ndo|r)\b`,
]. join("|"), "i");

const REQUEST = new RegExp([
  String.raw`\b(?:is|are)\s+(?:it|everyone|everybody|you all|y'?all|you)\s+(?:ok|okay|alright|fine|good)\s+(?:with|if)\s+(?:(?:me|us|we|i)\s+)?record`,
  String.raw`\b(?:do\s+you|does\s+anyone|would\s+you|anyone)\s+mind\s+if\s+(?:we|i)\s+record`,
  String.raw`\bmind\s+if\s+(?:we|i)\s+record`,
  String.raw`\b(?:can|may)\s+(?:we|i)\s+record\b`,
  String.raw`\bok(?:ay)?\s+(?:if|to)\s+(?:we|i)\s+record`,
  String.raw`\b(?:os|les|te)\s+importa\s+(?:si|que)\s+grab`,
  String.raw`\b(?:ist\s+es|wäre\s+es)\s+(?:ok|okay|in\s+ordnung)[^.?!]{0,30}\b(?:aufzeichnen|aufnehmen)\b`,
  String.raw`\btudo\s+bem\s+(?:se|que)\s+(?:a\s+gente\s+)?grav`,
].join("|"), "i");

const GRANT = new RegExp([
  String.raw`^\W*(?:yes|yeah|yep|yup|sure|of course|absolutely|fine|that'?s fine|totally fine|no problem|no worries|go ahead|go for it|ok|okay|sounds good|works for me|fine by me|all good)\b`,
  String.raw`\b(?:happy|fine|ok|okay)\s+(?:to be|with being|with)\s+record`,
  String.raw`^\W*(?:sí|si|claro|vale|por supuesto|sin problema|ja|klar|kein problem|natürlich|gerne|sim|pode|com certeza|oui|bien sûr|d'accord)\b`,
].join("|"), "i");

/** The sentence holding a match: evidence must be an exact, readable substring of the utterance. */
function quoteSentence(text: string, match: RegExpExecArray): string {
  const at = match.index;
  const before = Math.max(text.lastIndexOf(". ", at), text.lastIndexOf("? ", at), text.lastIndexOf("! ", at));
  const start = before < 0 ? 0 : before + 2;
  const ends = [".", "?", "!"].map((c) => text.indexOf(c, at + match[0].length)).filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) + 1 : text.length;
  return text.slice(start, end).trim();
}

/**
 * Every DECLINE, NOTICE and REQUEST pattern names the recording by one of these stems; a turn without one (nearly
 * all of them) skips the three long alternations. Keep in step when adding a pattern.
 */
const RECORDING_WORD = /record|grab|grav|aufz|aufn|aufg|zeichn|enregistr/i;

/** Replies within this many utterances after a notice or request count as answers to it. */
const ANSWER_WINDOW = 4;

export function detectConsent(utterances: Array<{ seq: number; speakerLabel: string | null; text: string }>): DetectedConsent {
  const bySpeaker: Record<string, SpeakerConsent> = {};
  for (const u of utterances) if (u.speakerLabel !== null) bySpeaker[u.speakerLabel] ??= { status: "unknown" };
  let notice: ConsentEvidence | null = null;
  let openUntil = -1;
  let asker: string | null = null;
  utterances.forEach((u, index) => {
    const label = u.speakerLabel;
    const mentionsRecording = RECORDING_WORD.test(u.text);
    const declined = mentionsRecording ? DECLINE.exec(u.text) : null;
    if (declined && label !== null) {
      bySpeaker[label] = { status: "declined", evidence: { seq: u.seq, quote: quoteSentence(u.text, declined) } };
      return;
    }
    const asked = mentionsRecording ? REQUEST.exec(u.text) ?? NOTICE.exec(u.text) : null;
    if (asked) {
      notice ??= { seq: u.seq, quote: quoteSentence(u.text, asked) };
      openUntil = index + ANSWER_WINDOW;
      asker = label;
      // Whoever announces or asks about the recording is the one recording: consent is implied.
      if (label !== null && bySpeaker[label].status === "unknown") bySpeaker[label] = { status: "granted", evidence: { seq: u.seq, quote: quoteSentence(u.text, asked) } };
      return;
    }
    if (index <= openUntil && label !== null && label !== asker && bySpeaker[label].status === "unknown") {
      const granted = GRANT.exec(u.text);
      if (granted) bySpeaker[label] = { status: "granted", evidence: { seq: u.seq, quote: quoteSentence(u.text, granted) } };
    }
  });
  return { notice, bySpeaker };
}

/**
 * Replace the words of speakers who declined with a marker. The returned object holds no copy of
 * their words: not in utterances, not in the e-mail meta, not in warnings.
 */
export function redactDeclined(parsed: ParsedConversation, declinedLabels: Iterable<string>): ParsedConversation {
  const declined = new Set(declinedLabels);
  if (declined.size === 0) return structuredClone(parsed);
  const removed = parsed.utterances.filter((u) => u.speakerLabel !== null && declined.has(u.speakerLabel)).map((u) => u.text).filter((t) => t.length > 0);
  const scrub = (s: string) => removed.reduce((acc, t) => acc.split(t).join(DECLINED_MARKER), s);
  const utterances = parsed.utterances.map((u) =>
    u.speakerLabel !== null && declined.has(u.speakerLabel) ? { ...u, text: DECLINED_MARKER } : { ...u, text: scrub(u.text) });
  const out: ParsedConversation = {
    format: parsed.format,
    utterances,
    warnings: parsed.warnings.map((w) => ({ ...w, message: scrub(w.message) })),
  };
  if (parsed.email) out.email = redactEmailMeta(parsed.email, declined, scrub);
  return out;
}

function redactEmailMeta(meta: ParsedEmailMeta, declined: Set<string>, scrub: (s: string) => string): ParsedEmailMeta {
  const sender = meta.from ? [meta.from.name, meta.from.address] : [];
  const isSenderDeclined = sender.some((s) => s !== null && declined.has(s));
  const text = (s: string | null | undefined) => (s == null ? (s ?? null) : isSenderDeclined ? DECLINED_MARKER : scrub(s));
  return {
    ...structuredClone(meta),
    bodyText: text(meta.bodyText) ?? "",
    quotedText: text(meta.quotedText),
    signature: text(meta.signature),
    forwarded: meta.forwarded
      ? { ...structuredClone(meta.forwarded), bodyText: isSenderDeclined ? DECLINED_MARKER : scrub(meta.forwarded.bodyText), quotedText: meta.forwarded.quotedText === null ? null : isSenderDeclined ? DECLINED_MARKER : scrub(meta.forwarded.quotedText), signature: meta.forwarded.signature == null ? null : isSenderDeclined ? DECLINED_MARKER : scrub(meta.forwarded.signature) }
      : null,
  };
}
