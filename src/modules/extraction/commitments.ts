// Commitments: first-person undertakings, assignments to a named colleague, accepted requests and offers.
// One commitment per spoken turn (people rarely make two in one breath); emails may hold several.
import type { RosterPerson } from "../conversations/conversation.ts";
import type { Side } from "../../shared/sides.ts";
import { buildCommitmentText, isProFormPhrase, pickQuote } from "./commitment-text.ts";
import { isAcceptance, matchFirstPersonCue, matchNamedCue, matchOffer, matchRequest, matchSuggestion, type CueMatch } from "./commitment-patterns.ts";
import { matchIntlCue, matchIntlNamedCue } from "./commitment-patterns-intl.ts";
import { findDuePhrases, resolveDue } from "./due-dates.ts";
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Commitment } from "./extraction.types.ts";
import { findOrgMention, findPersonMentions } from "./people.ts";
import type { Span } from "./text-spans.ts";

interface Found {
  index: number;
  sentence: Span;
  cue: CueMatch;
  owner: RosterPerson | null;
  ownerUnclear: boolean;
  side: Side | null;
  text: string;
  due: string | null;
  dueText: string | null;
  confidence: number;
}

interface Pending { index: number; speakerId: string | null; text: string; due: string | null; dueText: string | null; sentence: Span; addressee: RosterPerson | null }

function speakerKey(ctx: ExtractionContext, i: number): string {
  return ctx.speakers[i]?.id ?? ctx.utterances[i].speakerName ?? ctx.utterances[i].speakerLabel ?? `#${i}`;
}

/** The best cue in one sentence: a named colleague or the speaker, whichever comes first. */
function findCueInSentence(ctx: ExtractionContext, i: number, s: Span, isReply: boolean): Found | null {
  // Whether the sentence names a day is asked only once a cue needs it: most sentences have no cue at all.
  let hasDue: boolean | undefined;
  const cueOpts = { get hasDue() { return (hasDue ??= findDuePhrases(s.text, ctx.due).length > 0); }, isReply };
  const speaker = ctx.speakers[i];
  const candidates: Array<{ cue: CueMatch; owner: RosterPerson | null; unclear: boolean }> = [];
  for (const mention of findPersonMentions(ctx.people, s.text)) {
    if (speaker && mention.person.id === speaker.id) continue;
    const named = matchNamedCue(s, mention.end) ?? matchIntlNamedCue(s, mention.end);
    if (named) candidates.push({ cue: { start: mention.start, verbStart: named.verbStart, subject: "named", verb: named.verb, strength: 0.7 }, owner: mention.person, unclear: false });
  }
  const first = matchFirstPersonCue(s, cueOpts) ?? matchIntlCue(s, cueOpts);
  if (first) {
    const unknownSpeaker = !speaker && ctx.sides[i] == null;
    const unclear = first.subject === "someone" || (first.subject === "we" && unknownSpeaker);
    candidates.push({ cue: first, owner: unclear ? null : speaker, unclear });
  }
  // "Stratus will run the allocation rules": the speaker's own org stands for the speaker.
  if (!first && speaker) {
    const org = findOrgMention(ctx.people, s.text.slice(0, 40));
    if (org && org.side === speaker.side) {
      const at = s.lower.search(/\s(?:will|'ll|is going to)\s/);
      if (at > 0) {
        const named = matchNamedCue(s, at);
        if (named) candidates.push({ cue: { start: 0, verbStart: named.verbStart, subject: "team", verb: named.verb, strength: 0.7 }, owner: speaker, unclear: false });
      }
    }
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.cue.start - b.cue.start);
  const best = candidates[0];
  // The due words usually follow the cue; Spanish often puts them first ("mañana os paso…"), and a
  // speaker may name the day in the next sentence ("Te la mando en dos semanas").
  let { due, dueText } = resolveDue(s.text.slice(best.cue.start), ctx.due);
  if (!dueText) ({ due, dueText } = resolveDue(s.text, ctx.due));
  if (!dueText) {
    const next = ctx.sentences[i].find((x) => x.start >= s.end);
    if (next && !/\b(?:i|we)\b|[?]/.test(next.lower)) ({ due, dueText } = resolveDue(next.text, ctx.due));
    else if (next && matchIntlCue(next, { hasDue: true })) ({ due, dueText } = resolveDue(next.text, ctx.due));
  }
  return {
    index: i,
    sentence: s,
    cue: best.cue,
    owner: best.owner,
    ownerUnclear: best.unclear,
    side: best.unclear ? null : best.owner?.side ?? ctx.sides[i],
    text: buildCommitmentText(s, best.cue.verbStart, dueText),
    due,
    dueText,
    confidence: best.cue.strength + (due ? 0.05 : 0),
  };
}

/** "I'll set up a call, and I'll send Dana a summary": an email sentence holding two undertakings. */
function splitAtSecondCue(s: Span): Span[] {
  const m = /,?\s+and\s+(?=(?:i|we)(?:'ll|\s+will)\s)/.exec(s.lower);
  if (!m || m.index < 10) return [s];
  const cut = m.index + m[0].length;
  const head: Span = { start: s.start, end: s.start + m.index, text: s.text.slice(0, m.index), lower: s.lower.slice(0, m.index) };
  const tail: Span = { start: s.start + cut, end: s.end, text: s.text.slice(cut), lower: s.lower.slice(cut) };
  return [head, ...splitAtSecondCue(tail)];
}

function toCommitment(ctx: ExtractionContext, f: Found, n: number): Commitment {
  const q = pickQuote(f.sentence, f.cue.start);
  const u = ctx.utterances[f.index];
  return {
    localId: `c${n}`,
    text: f.text,
    ownerPersonId: f.owner?.id ?? null,
    owner: f.owner?.name ?? (f.ownerUnclear ? null : u.speakerName ?? u.speakerLabel),
    side: f.side,
    due: f.due,
    dueText: f.dueText,
    ownerUnclear: f.ownerUnclear,
    confidence: Math.min(0.95, f.confidence),
    evidence: makeEvidence(ctx, f.index, q.start, q.end),
    context: commitmentContext(ctx, f),
  };
}

/** The turn the undertaking answers plus the speaker's own turn: "both of those" means what was asked for. */
function commitmentContext(ctx: ExtractionContext, f: Found): string {
  const parts: string[] = [];
  const me = speakerKey(ctx, f.index);
  for (let j = f.index - 1; !ctx.isEmail && j >= Math.max(0, f.index - 2); j--) {
    if (speakerKey(ctx, j) === me) continue;
    parts.push(ctx.sentences[j].slice(-2).map((s) => s.text).join(" "));
    break;
  }
  const own = ctx.sentences[f.index];
  const at = Math.max(0, own.findIndex((s) => s.start <= f.sentence.start && f.sentence.start < s.end));
  parts.push(own.slice(Math.max(0, at - 1), at + 2).map((s) => s.text).join(" "));
  return parts.join(" ").slice(0, 600);
}

export function extractCommitments(ctx: ExtractionContext): Commitment[] {
  const found: Found[] = [];
  let request = null as Pending | null;
  let offer = null as Pending | null;
  const lastOwnerAt = new Map<string, number>();

  for (let i = 0; i < ctx.utterances.length; i++) {
    const sentences = ctx.sentences[i];
    const me = speakerKey(ctx, i);
    const isReply = !!request && request.speakerId !== me && i - request.index <= 3;
    const accepted = isReply && sentences.length > 0 && isAcceptance(sentences[0].lower);
    const inTurn: Found[] = [];
    for (const s of ctx.isEmail ? sentences.flatMap(splitAtSecondCue) : sentences) {
      const f = findCueInSentence(ctx, i, s, accepted);
      if (f) inTurn.push(f);
    }
    // Prefer a sentence that says what will be done over "we'll do that".
    const rank = (f: Found) => (isProFormPhrase(f.text) ? 0 : 2) + (f.due ? 1 : 0);
    let picked = inTurn.reduce<Found | null>((best, f) => (!best || rank(f) > rank(best) ? f : best), null);
    if (accepted && request && (!picked || isProFormPhrase(picked.text))) {
      const s = picked?.sentence ?? sentences[0];
      const owner = picked?.owner ?? ctx.speakers[i];
      const recent = owner ? lastOwnerAt.get(owner.id) : undefined;
      const alreadyOwned = recent != null && i - recent <= 2 && !picked;
      if (!alreadyOwned) {
        const own = resolveDue(s.text, ctx.due);
        picked = {
          index: i, sentence: s, cue: picked?.cue ?? { start: 0, verbStart: 0, subject: "i", verb: "", strength: 0.65 },
          owner, ownerUnclear: false, side: owner?.side ?? ctx.sides[i], text: request.text,
          due: own.due ?? request.due, dueText: own.dueText ?? request.dueText, confidence: 0.65,
        };
      }
      request = null;
    } else if (accepted && request) {
      picked = { ...picked!, text: picked!.text };
      request = null;
    }
    // An offer ("want me to send the deck?") binds the one who offered once the other side says yes.
    if (!picked && offer && offer.speakerId !== me && i - offer.index <= 2 && sentences.length > 0) {
      const t = sentences[0].lower;
      if (isAcceptance(t) || /^(?:that would be|that'd be) (?:great|helpful|good|perfect|amazing)|^please\b|^yes please/.test(t)) {
        const s = offer.sentence;
        const owner = ctx.speakers[offer.index];
        found.push({
          index: offer.index, sentence: s, cue: { start: 0, verbStart: 0, subject: "i", verb: "", strength: 0.6 },
          owner, ownerUnclear: false, side: owner?.side ?? ctx.sides[offer.index], text: offer.text,
          due: offer.due, dueText: offer.dueText, confidence: 0.6,
        });
      }
      offer = null;
    }
    if (picked) {
      const targets = ctx.isEmail ? inTurn.filter((f) => f !== picked).concat(picked) : [picked];
      for (const f of targets) {
        found.push(f);
        if (f.owner) lastOwnerAt.set(f.owner.id, i);
      }
    }
    // Remember this turn's request or offer for the next speakers.
    for (const s of sentences) {
      let r = matchRequest(s);
      if (!r) {
        for (const mention of findPersonMentions(ctx.people, s.text)) {
          if (mention.person.id === ctx.speakers[i]?.id) continue;
          r = matchSuggestion(s, mention.end);
          if (r) break;
        }
      }
      if (r && !picked) {
        const d = resolveDue(s.text, ctx.due);
        const mention = findPersonMentions(ctx.people, s.text)[0]?.person ?? null;
        request = { index: i, speakerId: me, text: buildCommitmentText(s, r.verbStart, d.dueText), due: d.due, dueText: d.dueText, sentence: s, addressee: mention };
      }
      const o = matchOffer(s);
      if (o) {
        const d = resolveDue(s.text, ctx.due);
        offer = { index: i, speakerId: me, text: buildCommitmentText(s, o.verbStart, d.dueText), due: d.due, dueText: d.dueText, sentence: s, addressee: null };
      }
    }
    if (request && i - request.index > 3) request = null;
  }
  found.sort((a, b) => a.index - b.index || a.sentence.start - b.sentence.start);
  return found.map((f, n) => toCommitment(ctx, f, n + 1));
}
