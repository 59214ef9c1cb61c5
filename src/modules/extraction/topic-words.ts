// Keyword families shared by the objection and risk classifiers (en + es). Data and one scorer.
import type { ObjectionTopic } from "./extraction.types.ts";

export const TOPIC_WORDS: Record<Exclude<ObjectionTopic, "other">, RegExp> = {
  legal: /\b(?:contract|clause|legal|msa|eula|liability|terms|dpia|dpa|jurisdiction|law|termination|indemn\w*|notification clause|addendum|redlines?|paper|gdpr|licen[cs]e agreement)\b/g,
  competition: /\b(?:competitor|cheaper|quoted us|offering (?:us|mdr)|another vendor|other vendor|cost explorer|is free|for free|free for|already (?:have|pay)|why would we pay|medisyn|convoyant|ironclad)\b/g,
  security: /\b(?:secur\w*|data|access|remote|internet|cloud|encrypt\w*|soc ?2|compliance|stored|sensitive|privacy|write access|outside the eu|leave our|datos|pacientes|examiners?|breach)\b/g,
  pricing: /\b(?:price|pricing|cost|costs|expensive|budget(?:ed)?|fee|fees|pay|per[- ]employee|per[- ]seat|discount|ceiling|capital|capex|spend|dollars|thousand|grand|percent over|on top of|more than i expected|ballpark)\b|\$\d/g,
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
