// Decisions: what the parties agree in the conversation ("let's run the pilot with Dallas first"). Pure.
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Decision } from "./extraction.types.ts";

const DECISION = /\b(?:let's (?:go with|do (?:the|it|that)|plan on|start with|run|not (?:push|add)|use|stick with|keep)|let's do the|(?:we're|we are) (?:agreed|going with|doing)|agreed|that's decided|we(?:'ve)? decided|(?:so )?the plan is|so we agree|we agree|so phase one is|we'll go with|i'm good with that|makes sense,? \w+ first|that's the (?:pilot|plan)|de acuerdo|empezamos por|lo mandas tú|first, then the rest|let's do it|we park|is going to own|(?:\w+) first, then)\b/;
// The buyer accepting a proposal on the table is the decision: "Alongside is fine.", "That works within the ceiling."
const BUYER_ACCEPTS = /\b(?:is fine|i'm fine|that works|works for me|that's decided|let's do it|i'm good with that|así sí|lo cambia todo)\b/;
const BARE_AGREEMENT = /^(?:agreed|deal|sounds good|perfect|de acuerdo|done|yes, let's|let's do it)[.!]?$/;
const NOT_DECISION = /\?\s*$|\b(?:if we|could we|should we|would we|maybe|might)\b/;

export function extractDecisions(ctx: ExtractionContext): Decision[] {
  const out: Decision[] = [];
  for (let i = 0; i < ctx.utterances.length; i++) {
    if (ctx.isEmail) continue;
    const sentences = ctx.sentences[i];
    // A bare "Agreed." seals what the previous speaker just proposed: cite the proposal.
    if (sentences.length === 1 && BARE_AGREEMENT.test(sentences[0].lower) && i > 0 && ctx.speakers[i - 1]?.id !== ctx.speakers[i]?.id) {
      const prev = ctx.sentences[i - 1].at(-1);
      if (prev && !/\?\s*$/.test(prev.lower)) {
        out.push({ localId: "", text: prev.text, evidence: makeEvidence(ctx, i - 1, prev.start, prev.end) });
        continue;
      }
    }
    for (const s of sentences) {
      const accepts = ctx.sides[i] === "buyer" && BUYER_ACCEPTS.test(s.lower);
      if ((!DECISION.test(s.lower) && !accepts) || NOT_DECISION.test(s.lower)) continue;
      out.push({ localId: "", text: s.text, evidence: makeEvidence(ctx, i, s.start, s.end) });
      break;
    }
  }
  // Agreement often echoes across two turns ("Let's do X." — "Agreed."); keep the first.
  const merged = out.filter((d, k) => k === 0 || d.evidence.seq - out[k - 1].evidence.seq > 2);
  return merged.map((d, k) => ({ ...d, localId: `d${k + 1}` }));
}
