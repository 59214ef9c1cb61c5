// Fulfilments: a later conversation says an earlier commitment is done ("as promised I sent…", "thanks for
// the sandbox", "got the SOC 2"). Each done-statement is linked to the open commitment it best matches by
// object words and by who acted. Pure.
import type { RosterPerson } from "../conversations/conversation.ts";
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { EarlierCommitment, Fulfilment } from "./extraction.types.ts";
import { findPersonMentions } from "./people.ts";
import { getContentStems, type Span } from "./text-spans.ts";

const PAST_ACTS = "sent|shared|forwarded|attached|finished|completed|built|set|deployed|approved|signed|submitted|talked|spoke|got|pulled|put|walked|wrote|updated|filed|scheduled|booked|translated|mapped|installed|surveyed|had|delivered|ran|did|emailed|called|looped|brought|added|made|reviewed|read|confirmed|tested|opened|prepared|drafted|uploaded|published|created|configured|enabled|granted|gave|provided|handled|took|introduced|checked|fixed|loaded|mailed|posted|passed";
const DONE_CUES: RegExp[] = [
  /\bas (?:promised|i promised|we promised|discussed|agreed)\b/,
  /\blike (?:i|we) (?:said|promised)\b/,
  new RegExp(`\\b(?:i|we|he|she|they)(?:'ve| have| had)?\\s+(?:already\\s+|just\\s+|finally\\s+|also\\s+)?(?:${PAST_ACTS})\\b`),
  new RegExp(`\\b[a-z]+(?:'s)?\\s+(?:already\\s+|just\\s+|finally\\s+)?(?:${PAST_ACTS})\\s+(?:the|your|our|it|them|both|me|us|over|a|an|his|her|their|out|in)\\b`),
  /\bthanks?(?: you)?(?:,?\s+\w+,?)?\s+for\s+(?:the|your|sending|setting|getting|pulling|sharing|putting|pulling|doing|making|following|looping|bringing|walking|all the)\b/,
  /\b(?:got|received|have|has|saw|read|went through|looked at|reviewed)\s+(?:the|your|both|it|all|his|her|their)\b/,
  /\b(?:came|come) (?:through|back|in)\b/,
  /\b(?:is|are|was|were|been|went) (?:live|done|sorted|out|running|signed|approved|in place|through|forwarded|sent)\b/,
  /\b(?:worked|was (?:great|perfect|clear|helpful|useful|super helpful|really helpful|exactly)|were (?:great|perfect|clear|helpful))\b/,
  /\battached (?:is|are)\b|\bi(?:'ve| have) attached\b|\bplease find attached\b|\bin section \d/,
  /\b(?:i|we)(?:'ve| have) been (?:in|using|clicking|playing|testing)\b/,
  /\b(?:i|we) did (?:talk|speak|send|get|review)\b/,
  /\b(?:forwarded|sent) me\b/,
  /(?<![\p{L}])(?:te|os|le|les|ya)\s+(?:envié|mandé|pasé|enviamos|mandamos|hemos enviado|he enviado|he mandado)(?![\p{L}])|(?<![\p{L}])(?:gracias por|ya está|ya tenemos|ya tengo|recibimos|recibí)(?![\p{L}])/u,
];
const NOT_DONE = /\b(?:will|going to|gonna|'ll|can you|could you|should|haven't|hasn't|didn't|not yet|still waiting|waiting on|no news|if you|when you)\b/;

function isDoneStatement(s: Span): boolean {
  if (/\?\s*$/.test(s.lower)) return false;
  if (!DONE_CUES.some((re) => re.test(s.lower))) return false;
  // "I'll send it once Raj has sent the SOW" talks about the future.
  const notDone = NOT_DONE.exec(s.lower);
  return !notDone || /\b(?:as promised|like (?:i|we) said|like i promised|thanks|thank you)\b/.test(s.lower);
}

const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", twenty: "20" };
const GENERIC = new Set(["call", "doc", "document", "list", "thing", "stuff", "team", "plan", "version", "bit", "part", "info", "detail",
  "back", "came", "come", "over", "last", "day", "hard", "stop", "set", "put", "took", "take", "whole", "first", "next", "same", "yesterday", "ago", "already", "done"]);
const stemsOf = (text: string) => new Set(getContentStems(text).map((w) => NUMBER_WORDS[w] ?? w).filter((w) => !GENERIC.has(w)));

interface Candidate { sentenceIndex: number; utteranceIndex: number; sentence: Span; ref: string; score: number }

export function findFulfilments(ctx: ExtractionContext, earlier: EarlierCommitment[]): Fulfilment[] {
  const prior = earlier.filter((e) => e.conversationFile !== ctx.input.conversation.file && e.startedAt <= ctx.input.conversation.startedAt);
  if (prior.length === 0) return [];
  const commitStems = prior.map((e) => stemsOf(`${e.commitment.text} ${e.commitment.evidence.quote}`));
  // The object of the commitment (first content words of its summary) counts double: "the SOW" vs "McLeod".
  const objectStems = prior.map((e) => new Set([...stemsOf(e.commitment.text)].slice(0, 2)));
  const df = new Map<string, number>();
  for (const set of commitStems) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log(1 + prior.length / (df.get(w) ?? 1));

  const candidates: Candidate[] = [];
  let sentenceIndex = 0;
  for (let i = 0; i < ctx.utterances.length; i++) {
    const speaker = ctx.speakers[i];
    for (const s of ctx.sentences[i]) {
      sentenceIndex++;
      if (!isDoneStatement(s)) continue;
      const words = stemsOf(s.text);
      const mentioned = new Set(findPersonMentions(ctx.people, s.text).map((m) => m.person.id));
      const firstPersonPast = /\b(?:i|we)(?:'ve| have)?\s+(?:already\s+|just\s+)?\w+ed\b|\b(?:i|we) (?:sent|got|did|had|put|ran|set|made|spoke|wrote|took|gave)\b|\bas (?:i|we) promised\b/.test(s.lower);
      prior.forEach((e, k) => {
        let overlap = 0;
        for (const w of commitStems[k]) if (words.has(w)) overlap += idf(w) * (objectStems[k].has(w) ? 2 : 1);
        const owner = e.commitment.ownerPersonId;
        let who = 0;
        if (owner && mentioned.has(owner)) who += 1.2;
        else if (owner && speaker?.id === owner && firstPersonPast) who += 1.2;
        // The person the commitment was made to, thanking for it.
        if (owner && speaker && speaker.id !== owner && isBeneficiary(e, speaker)) who += 0.5;
        const score = overlap + who;
        const promised = /\b(?:as (?:i |we )?promised|like (?:i|we) (?:said|promised))\b/.test(s.lower);
        if (overlap > 0 || (who >= 1.2 && promised)) candidates.push({ sentenceIndex, utteranceIndex: i, sentence: s, ref: e.ref, score });
      });
    }
  }
  // Greedy: best-scoring links first; each commitment is fulfilled once, a sentence may close several.
  candidates.sort((a, b) => b.score - a.score);
  const usedRefs = new Set<string>();
  const best = new Map<number, number>();
  const out: Fulfilment[] = [];
  for (const c of candidates) {
    if (c.score < 2 || usedRefs.has(c.ref)) continue;
    const top = best.get(c.sentenceIndex);
    if (top != null && c.score < top * 0.75) continue;
    if (top == null) best.set(c.sentenceIndex, c.score);
    usedRefs.add(c.ref);
    out.push({
      commitmentRef: c.ref,
      evidence: makeEvidence(ctx, c.utteranceIndex, c.sentence.start, c.sentence.end),
      confidence: Math.min(0.9, 0.4 + c.score / 8),
    });
  }
  return out.sort((a, b) => a.evidence.seq - b.evidence.seq);
}

function isBeneficiary(e: EarlierCommitment, speaker: RosterPerson): boolean {
  const first = speaker.name.split(/\s+/)[0].toLowerCase();
  return `${e.commitment.text} ${e.commitment.evidence.quote}`.toLowerCase().includes(first);
}
