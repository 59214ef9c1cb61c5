// Objections: the buyer (rarely the partner) voices a concern that stands in the way of buying; resolved
// when someone answers and the buyer then sounds satisfied ("okay, that works"). Pure.
import { makeEvidence, getSpeakerName, type ExtractionContext } from "./extraction-context.ts";
import type { Objection } from "./extraction.types.ts";
import { classifyConcernTopic } from "./topic-words.ts";

const CONCERN = /\b(?:can't|cannot|won't|not allowed|isn't allowed|no way|it's a no|doesn't (?:have|help|work)|don't have|don't want|don't love|not sure|too (?:expensive|much|high|long|slow)|more than i expected|over what we|above (?:the|our)|concern\w*|worr\w*|(?<!no )problem|issue|hard sell|kills us|not negotiable|non-negotiable|need (?:a|an|the)\b|has to|have to|must|afraid|sensitive|cheaper|less for|on top of what|why would we|how is (?:that|it|this) secured|where is our data|crashed|not going to|no (?:tengo|podemos|pueden)|me preocupa|no es negociable|can't accept|quoted us|offering|free|won't touch|will not)\b/;
const SATISFIED = /^(?:okay|ok|good|great|fine|perfect|alright|all right|fair|fair enough|makes sense|vale|perfecto|genial|that works|that helps|then|yes|yeah|right)\b|\b(?:that works|that helps|that's what i needed|i can live with|we can live with|that's fine|is fine|that changes|much better|that's better|i'm fine|i'm good|works for me|sounds good|that's fair|lo cambia todo|me parece|así sí|perfecto|makes sense|that's reasonable|i like that)\b/;

const CONCERN_QUESTION = /\b(?:on top of (?:what|our)|why would (?:we|i)|how is (?:that|it|this|our)|where (?:is|does|will) our|what happens (?:if|when)|who (?:has|gets|can) access|is (?:that|it) secure)\b/;

// Contract terms the buyer requires are a legal objection even without a worried word ("we need Spanish law
// and jurisdiction", "our standard is two times").
const DEMAND = /\b(?:need|needs|require|requires|required|our standard is|we only sign|has to be)\b/;
const isTermsDemand = (lower: string) => DEMAND.test(lower) && classifyConcernTopic(lower, []).topic === "legal" && /\b(?:law|jurisdiction|clause|liability|msa|dpa|indemn\w*|termination)\b/.test(lower);

export function extractObjections(ctx: ExtractionContext): Objection[] {
  const out: Objection[] = [];
  for (let i = 0; i < ctx.utterances.length; i++) {
    const side = ctx.sides[i];
    if (side !== "buyer" || ctx.isEmail) continue;
    for (const s of ctx.sentences[i]) {
      if (!CONCERN.test(s.lower) && !isTermsDemand(s.lower)) continue;
      // A question is a concern only when it asks after one ("Why would we pay…?", "Where is our data stored?").
      if (/\?\s*$/.test(s.lower) && !CONCERN_QUESTION.test(s.lower)) continue;
      const { topic, hits } = classifyConcernTopic(s.lower, ctx.sentences[i].map((x) => x.lower));
      if (hits === 0) continue;
      const raiser = ctx.speakers[i];
      const resolution = findResolution(ctx, i);
      out.push({
        localId: "",
        topic,
        raisedBy: getSpeakerName(ctx, i),
        raisedByPersonId: raiser?.id ?? null,
        resolvedBy: resolution ? getSpeakerName(ctx, resolution.by) : null,
        resolvedByPersonId: resolution ? ctx.speakers[resolution.by]?.id ?? null : null,
        evidence: makeEvidence(ctx, i, s.start, s.end),
        ...(resolution ? { resolution: makeEvidence(ctx, resolution.by, 0, ctx.utterances[resolution.by].text.length) } : {}),
      });
      break;
    }
  }
  // Several turns on one concern are one objection: keep the first of a run with the same topic.
  const merged = out.filter((o, k) => k === 0 || !(out[k - 1].topic === o.topic && o.evidence.seq - out[k - 1].evidence.seq <= 3));
  return merged.map((o, k) => ({ ...o, localId: `o${k + 1}` }));
}

// Said anywhere in the buyer's reply (not only at its start): "Oh. That's a good point, that changes things."
const SATISFIED_ANYWHERE = /\b(?:that works|that helps|that (?:would|will|should) (?:\w+ )?(?:help|save|work)|(?:would|will) save us|(?:would|should) (?:\w+ )?get us there|i'm (?:comfortable|fine with (?:that|it)|okay with (?:that|it)|happy with (?:that|it))|that's what i needed|(?:i|we) can live with|that i can (?:live with|sell|approve|work with)|i can approve (?:that|it)|that changes (?:things|everything|it)|(?:a lot|much|way) better|that's (?:a )?(?:fair|good) point|works for me|sounds good|that's reasonable|lo cambia todo|así sí)\b|(?:^|, )fine[.!]?$/;
const NEGATED = /\b(?:not|doesn't|don't|isn't|no)\s+(?:\w+\s+)?(?:work|help|fine|better)/;

function isSatisfied(sentences: string[]): boolean {
  const first = sentences[0] ?? "";
  if (SATISFIED.test(first) && !/\b(?:but|still|however)\b/.test(first.slice(0, 30))) return true;
  return sentences.slice(0, 3).some((x) => SATISFIED_ANYWHERE.test(x) && !NEGATED.test(x));
}

// The buyer pushing back ("Maybe. I'd need to see it.", "I know, I know, they all say that") ends the search.
const PUSHBACK = /^(?:maybe|not really|i don't know|i know,? i know|no\b)|\b(?:but|still|i'd need to see|doesn't (?:help|change))\b/;

/**
 * An objection is resolved when the buyer, replying to an answer, sounds satisfied; the resolver is whoever
 * said most in answer (a one-line "that's me" after the real answer doesn't count). The raiser may ask one
 * follow-up or think aloud ("In writing?", "Hmm. Let me see.") before deciding; pushback or a second
 * undecided buyer turn means it stays open.
 */
function findResolution(ctx: ExtractionContext, at: number): { by: number } | null {
  const said = new Map<string, { index: number; words: number }>();
  let undecided = 0;
  for (let j = at + 1; j < Math.min(ctx.utterances.length, at + 8); j++) {
    const side = ctx.sides[j];
    if (side && side !== "buyer") {
      const key = ctx.speakers[j]?.id ?? getSpeakerName(ctx, j) ?? String(j);
      const prev = said.get(key);
      said.set(key, { index: prev?.index ?? j, words: (prev?.words ?? 0) + ctx.utterances[j].text.split(/\s+/).length });
      continue;
    }
    if (side === "buyer" && said.size > 0) {
      const sentences = ctx.sentences[j].map((x) => x.lower);
      if (isSatisfied(sentences)) {
        const best = [...said.values()].sort((a, b) => b.words - a.words || a.index - b.index)[0];
        return { by: best.index };
      }
      const isRaiser = getSpeakerName(ctx, j) === getSpeakerName(ctx, at);
      if (!isRaiser || undecided > 0 || sentences.slice(0, 2).some((x) => PUSHBACK.test(x) || CONCERN.test(x))) return null;
      undecided++;
    }
  }
  return null;
}
