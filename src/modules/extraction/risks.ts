// Risks: signals that the deal may slip or die (budget freeze, champion leaving, competitor, slipping
// timeline, legal blocker, unsolved technical problem). Pure.
import { getSpeakerName, makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Risk, RiskType } from "./extraction.types.ts";

const RISK_CUES: Array<[RiskType, RegExp]> = [
  ["champion", /\b(?:leaving|last day|medical leave|parental leave|maternity leave|going out on|out on leave|moving on|resign\w*|new role|new job|stepping down|while i'm out|me voy|dejo la empresa)\b/],
  ["budget", /\b(?:freeze(?! (?:changes|code|deploy\w*|production))|froze|frozen|no budget|budget (?:cut|is tight|freeze)|tight with (?:new )?spend|spending freeze|hiring freeze|looking hard at every|new line item|sign-off personally|no hay presupuesto|cut(?:ting)? (?:the )?budget)\b/],
  ["competitor", /\b(?:talking to (?!myself|yourself|himself|herself|ourselves|themselves|each other)|been talking|pitching|quoted us|offering us|also (?:looking|evaluating)|evaluating (?:other|another)|competitor|came back(?! (?:clean|fine|ok|okay|green|negative|positive|good|with (?:no|zero)))|pushing us to|cost optimization hub|nos ha presentado|también nos|is (?:also )?in the running)\b/],
  ["legal", /\b(?:not optional|without the dpia|can't let this go|legal review|won't sign without|need it in the contract|liability cap|no (?:dpa|dpia)|sin su visto bueno)\b/],
  ["timing", /\b(?:slips?|slipped|delay\w*|pushed (?:out|back)|moving up|moved up|waits? till|won't use it (?:this|until|for|before)|probably won't|after the (?:grant )?deadline|fiscal year ends|ends june|due tomorrow|goes to the board|we(?:'ll|'d| will| would)? miss (?:july|june|the (?:deadline|season|window))|not live by|if it's not installed|or it waits|sign the edp blind|before then)\b/],
  ["technical", /\b(?:not solved|isn't solved|doesn't support|don't support|crashed|incompatib\w*|won't work with|not supported)\b/],
];

export function extractRisks(ctx: ExtractionContext): Risk[] {
  const out: Risk[] = [];
  for (let i = 0; i < ctx.utterances.length; i++) {
    if (ctx.isEmail) continue;
    const seen = new Set<RiskType>();
    for (const s of ctx.sentences[i]) {
      if (/\?\s*$/.test(s.lower)) continue;
      for (const [type, re] of RISK_CUES) {
        if (seen.has(type) || !re.test(s.lower)) continue;
        // Only the buyer's (or partner's) own situation is a deal risk; the vendor describing others isn't.
        if (ctx.sides[i] === "ours" && type !== "competitor") continue;
        seen.add(type);
        // A champion's absence is one fact however often they mention it ("I'm going on leave… while I'm out").
        if (type === "champion" && out.some((r) => r.type === "champion" && r.evidence.speaker === getSpeakerName(ctx, i))) continue;
        out.push({ localId: "", type, text: s.text, evidence: makeEvidence(ctx, i, s.start, s.end) });
      }
    }
  }
  return out.map((r, k) => ({ ...r, localId: `r${k + 1}` }));
}
