// Keyword families shared by the objection and risk classifiers (en + es). Data and one scorer.
import type { ObjectionTopic } from "./extraction.types.ts";

export const TOPIC_WORDS: Record<Exclude<ObjectionTopic, "other">, RegExp> = {
  legal: /\b(?:contract|clause|legal|msa|eula|liability|terms|dpia|dpa|jurisdiction|law|termination|indemn\w*|notification clause|addendum|redlines?|paper|gdpr|licen[cs]e agreement)\b/g,
  competition: /\b(?:competitor|cheaper(?! than)|quoted us|offering (?:us|mdr)|another vendor|other vendor|cost explorer|is free|for free|free for|already (?:have|pay)|why would we pay|medisyn|convoyant|ironclad)\b/g,
  security: /\b(?:secur\w*|data|access|remote|internet|cloud|encrypt\w*|soc ?2|compliance|stored|sensitive|privacy|write access|outside the eu|leave our|datos|pacientes|examiners?|breach)\b/g,
  pricing: /\b(?:price|pricing|priced|cost|costs|expensive|budget(?:ed)?|fee|fees|pay|per[- ]employee|per[- ]seat|discount|ceiling|capital|capex|spend|dollars|thousand|grand|percent over|on top of|more than i expected|ballpark)\b|\$\d/g,
  integration: /\b(?:integrat\w*|sync|api|adp|sap|connector|batch|rip out|agent|crash\w*|fhir|hl7|install\w*|compatib\w*|antivirus|migration|another app|app|cluster|interfaz|integración)\b/g,
  resources: /\b(?:staff|anyone|anybody|nobody|people|bandwidth|headcount|can't take on|maintain|dashboards|managers|hiring season|implementation|gente|team to|to respond|resources?)\b/g,
  timeline: /\b(?:timeline|months?|weeks?|summer|july|june|september|deadline|too long|in time|llegar|slow|sale|season|before our|by then|go live|live by)\b/g,
};

const PRECEDENCE: Array<Exclude<ObjectionTopic, "other">> = ["legal", "competition", "security", "pricing", "integration", "resources", "timeline"];

/** The topic with most keyword hits; ties go to the more specific family. */
export function classifyTopic(lower: string): { topic: ObjectionTopic; hits: number } {
  let best: ObjectionTopic = "other";
  let bestHits = 0;
  for (const t of PRECEDENCE) {
    const re = TOPIC_WORDS[t];
    re.lastIndex = 0;
    const hits = lower.match(re)?.length ?? 0;
    if (hits > bestHits) { best = t; bestHits = hits; }
  }
  return { topic: best, hits: bestHits };
}

// Phrases that name the concern outright, checked on the concern sentence before any counting: "I can't
// maintain…" is about people even in a turn full of money words, "need a DPIA" is legal even though it
// mentions data.
const STRONG: Array<[Exclude<ObjectionTopic, "other">, RegExp]> = [
  ["legal", /\b(?:dpia|dpa|msa|liability|jurisdiction|indemn\w*|governing law|termination for convenience|(?:contract|legal) terms?)\b/],
  ["resources", /\b(?:can't|cannot|won't be able to) (?:maintain|staff|support|own|run|take on)\b|\bteam of one\b|\b(?:no|not enough|don't have (?:the |enough |any )?)(?:people|staff|bandwidth|headcount|one to)\b|\bnobody (?:to|will|here)\b|\b(?:won't|will not|not going to|don't want to) (?:use|learn|adopt) (?:another|a new|yet another) (?:app|tool|system)\b|\banother (?:app|tool) (?:nobody|no one)\b|\bno (?:tengo|tenemos) (?:gente|personal)\b/],
  ["pricing", /\b(?:cheaper than|over (?:our |the )?budget|over what we budget\w*|percent over|more than (?:i|we) expected|too expensive|can't afford|price (?:is|was) too)\b/],
  ["security", /\b(?:sensitive|(?:remote|write|admin|root|outside) access|access (?:to|into) (?:our|the))\b/],
];

/** The concern's topic: a named concern in its own sentence (then elsewhere in the turn), else the sentence's keywords, else the turn's. */
export function classifyConcernTopic(sentence: string, turn: string[]): { topic: ObjectionTopic; hits: number } {
  for (const text of [sentence, ...turn]) for (const [topic, re] of STRONG) if (re.test(text)) return { topic, hits: 1 };
  const own = classifyTopic(sentence);
  return own.hits > 0 ? own : classifyTopic(turn.join(" "));
}
