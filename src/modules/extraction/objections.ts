// Objections: the buyer (rarely the partner) voices a concern that stands in the way of buying; resolved
// when someone answers and the buyer then sounds satisfied ("okay, that works"). Pure.
import { makeEvidence, getSpeakerName, type ExtractionContext } from "./extraction-context.ts";
import type { Objection } from "./extraction.types.ts";
import { classifyTopic } from "./topic-words.ts";

const CONCERN = /\b(?:can't|cannot|won't|not allowed|isn't allowed|no way|it's a no|doesn't (?:have|help|work)|don't have|don't want|don't love|not sure|too (?:expensive|much|high|long|slow)|more than i expected|over what we|above (?:the|our)|concern\w*|worr\w*|problem|issue|hard sell|kills us|not negotiable|non-negotiable|need (?:a|an|the)\b|has to|have to|must|afraid|sensitive|cheaper|less for|on top of what|why would we|how is (?:that|it|this) secured|where is our data|crashed|not going to|no (?:tengo|podemos|pueden)|me preocupa|no es negociable|can't accept|quoted us|offering|free|won't touch|will not)\b/;
const SATISFIED = /^(?:okay|ok|good|great|fine|perfect|alright|all right|fair|fair enough|makes sense|vale|perfecto|genial|that works|that helps|then|yes|yeah|right)\b|\b(?:that works|that helps|that's what i needed|i can live with|we can live with|that's fine|is fine|that changes|much better|that's better|i'm fine|i'm good|works for me|sounds good|that's fair|lo cambia todo|me parece|así sí|perfecto|makes sense|that's reasonable|i like that)\b/;

export function extractObjections(ctx: ExtractionContext): Objection[] {
  const out: Objection[] = [];
  for (let i = 0; i < ctx.utterances.length; i++) {
    const side = ctx.sides[i];
    if (side !== "buyer" || ctx.isEmail) continue;
    for (const s of ctx.sentences[i]) {
      if (!CONCERN.test(s.lower)) continue;
      const { topic, hits } = classifyTopic(ctx.sentences[i].map((x) => x.lower).join(" "));
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

function findResolution(ctx: ExtractionContext, at: number): { by: number } | null {
  let answerer: number | null = null;
  for (let j = at + 1; j < Math.min(ctx.utterances.length, at + 7); j++) {
    const side = ctx.sides[j];
    if (side && side !== "buyer") { answerer = j; continue; }
    if (side === "buyer" && answerer != null) {
      const first = ctx.sentences[j][0]?.lower ?? "";
      if (SATISFIED.test(first) && !/\b(?:but|still|however)\b/.test(first.slice(0, 30))) return { by: answerer };
      if (CONCERN.test(first)) return null;
    }
  }
  return null;
}
