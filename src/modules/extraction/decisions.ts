// Decisions: what the parties agree in the conversation ("let's run the pilot with Dallas first", "so we're
// agreed, native app", "one recap for both of us"). A promise by one person is a commitment, not a
// decision; an acceptance of that promise is not a decision either. Pure.
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Decision } from "./extraction.types.ts";
import type { Span } from "./text-spans.ts";

const DECISION = new RegExp([
  String.raw`\blet's (?:go with|do (?:the|it|that)|plan on|start with|run|not (?:push|add)|use|stick with|keep)\b`,
  String.raw`\blet's do the\b|\blet's do it\b`,
  String.raw`\b(?:we're|we are) (?:agreed|going with|doing|going to (?:run|do|start|go with|use|pilot|keep|stick))\b`,
  String.raw`\b(?:we(?:'ll| will)) (?:go with|start with|stick with|do \w+(?: \w+)? first)\b`,
  String.raw`\bagreed\b|\bthat's decided\b|\bwe(?:'ve)? decided\b|\b(?:so )?the plan is\b|\bso we agree\b|\bwe agree\b|\bso phase one is\b`,
  String.raw`\bi'm good with that\b|\bmakes sense,? \w+ first\b|\bthat's the (?:pilot|plan)\b|\bfirst, then the rest\b|\bwe park\b`,
  String.raw`\b(?:\w+) first, then\b`,
  // Ownership settled for the deal: "Tanya's going to own this going forward".
  String.raw`\b(?:is|'s) going to own\b|\bwill own (?:this|it) going forward\b|\bowns? (?:this|it) going forward\b`,
  // Spanish.
  String.raw`\bde acuerdo\b|\bempezamos por\b|\bvamos con\b|\bquedamos en\b|\blo mandas tú\b|\bno duplicamos\b`,
].join("|"));
// One channel instead of two: "one recap for both of us", "so we don't have two recaps", "I won't send a separate one".
const ONE_CHANNEL = /\bone (?:recap|summary|document|doc|email|thread|invoice|contract|quote) for (?:both|all) of us\b|\bso (?:we|there) (?:don't|doesn't|won't) (?:have |get |end up with )?(?:two|duplicate)|\bwon't send a separate\b|^(?:\w+, )?one (?:document|recap|thread)[.!]?$/;
// The buyer accepting a proposal on the table is the decision: "Alongside is fine.", "That works within the ceiling."
const BUYER_ACCEPTS = /\b(?:is fine|i'm fine|that works|works for me|that's decided|let's do it|i'm good with that|así sí|lo cambia todo)\b/;
const BARE_AGREEMENT = /^(?:agreed|deal|sounds good|perfect|de acuerdo|done|yes, let's|let's do it|(?:understood|okay|ok|fine),? [\w' -]{2,30} it is)[.!]?$/;
const NOT_DECISION = /\?\s*$|\b(?:if we|could we|should we|would we|maybe|might)\b/;
// One person's undertaking: "I'll send…", "we'll take the application sections".
const PROMISE = /\b(?:i|we)(?:'ll| will| can| am going to|'m going to)\b|\b(?:i|we) (?:won't|will not)\b/;
const JOINT = /\b(?:first|then|start with|go with|stick with|both of us|instead)\b/;

function isPromise(lower: string): boolean {
  return PROMISE.test(lower) && !JOINT.test(lower);
}

/** The other speaker's last statement before turn `i`, when it proposes something (not a promise, not a quip). */
function proposalBefore(ctx: ExtractionContext, i: number): { index: number; s: Span } | null {
  if (i === 0 || ctx.speakers[i - 1]?.id === ctx.speakers[i]?.id) return null;
  const prev = ctx.sentences[i - 1].at(-1);
  if (!prev || /\?\s*$/.test(prev.lower) || isPromise(prev.lower)) return null;
  if (prev.lower.split(/\s+/).length < 4 || /^i\b/.test(prev.lower)) return null;
  return { index: i - 1, s: prev };
}

interface Found { d: Decision; strength: number }

const AGREEMENT_WORDS = new Set("yeah yes yep ok okay agreed agree i i'm im am good with that this fine sounds great perfect then so we we're sure right makes sense it works for me totally absolutely de acuerdo vale".split(" "));
/** Only agreement words ("yeah i'm good with that", "agreed yeah"): it echoes a decision, it doesn't state one. */
function isEcho(lower: string): boolean {
  const words = lower.match(/[\p{L}']+/gu) ?? [];
  // Short restatements ("Agreed, branches first.", "One recap.") and pro-forms ("let's do that") echo too.
  return words.length <= 4 || /\b(?:do|go with|stick with) (?:that|it|this)[.!]?$/.test(lower) || words.filter((w) => !AGREEMENT_WORDS.has(w)).length < 2;
}

export function extractDecisions(ctx: ExtractionContext): Decision[] {
  const out: Found[] = [];
  const add = (index: number, s: Span, strength: number) => out.push({ d: { localId: "", text: s.text, evidence: makeEvidence(ctx, index, s.start, s.end) }, strength });
  for (let i = 0; i < ctx.utterances.length; i++) {
    if (ctx.isEmail) continue;
    const sentences = ctx.sentences[i];
    // A bare "Agreed." seals what the previous speaker just proposed: cite the proposal.
    if (sentences.length === 1 && BARE_AGREEMENT.test(sentences[0].lower)) {
      const p = proposalBefore(ctx, i);
      if (p) { add(p.index, p.s, 2); continue; }
    }
    for (const s of sentences) {
      if (NOT_DECISION.test(s.lower) && !ONE_CHANNEL.test(s.lower)) continue;
      if (DECISION.test(s.lower) || ONE_CHANNEL.test(s.lower)) {
        if (isPromise(s.lower) && !/\bagreed\b|\bde acuerdo\b|\bwon't send a separate\b/.test(s.lower)) continue;
        // "agreed yeah" echoes a decision; "so we're agreed then, native app" states it.
        add(i, s, isEcho(s.lower) ? 1.5 : 3);
        break;
      }
      // Accepting a proposal, not a promise or a fact: "Alongside is fine." after "we'd run it alongside".
      const prev = ctx.sentences[i - 1]?.at(-1)?.lower ?? "";
      if (ctx.sides[i] === "buyer" && BUYER_ACCEPTS.test(s.lower) && !isPromise(prev) && ctx.speakers[i - 1]?.id !== ctx.speakers[i]?.id) {
        add(i, s, 1);
        break;
      }
    }
  }
  // Agreement often echoes across two or three turns ("Let's do X." — "Agreed." — "That works."): keep the
  // most explicit statement of each run.
  const kept: Found[] = [];
  const near = (a: Found, b: Found) => b.d.evidence.seq - a.d.evidence.seq <= 2 || b.d.evidence.atMs - a.d.evidence.atMs <= 20_000;
  for (const f of out) {
    const last = kept.at(-1);
    // Two full statements are two decisions; an echo joins the statement it echoes.
    if (last && near(last, f) && !(last.strength >= 3 && f.strength >= 3)) {
      if (f.strength > last.strength) kept[kept.length - 1] = f;
      continue;
    }
    kept.push(f);
  }
  return kept.map((f, k) => ({ ...f.d, localId: `d${k + 1}` }));
}
