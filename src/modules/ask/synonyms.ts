// Sales vocabulary: words and phrases that name the same thing in a co-sell conversation.
// A question word in a group also searches for the group's other members, at a lower weight.
import { allStems, isStopword, words } from "./text.ts";

const GROUPS: string[][] = [
  ["sow", "statement of work", "scope of work", "services scope"],
  ["security questionnaire", "questionnaire", "sig", "caiq", "vendor assessment", "security review", "infosec review"],
  ["security", "soc 2", "pen test", "penetration test", "iso 27001", "infosec", "trust team"],
  ["pricing", "price", "cost", "costs", "quote", "discount", "fee", "fees", "budget", "expensive", "per endpoint", "per seat", "thousand", "licence", "license", "offer"],
  ["integration", "integrate", "connector", "connectors", "api", "sync", "webhook", "feed", "hl7", "fhir", "edi", "read directly", "automatically", "interface"],
  ["timeline", "deadline", "go live", "go-live", "launch", "cutover", "by when", "due", "before", "shutdown", "fiscal year", "end of quarter"],
  ["legal", "msa", "dpa", "redlines", "contract", "terms", "clause", "addendum", "liability", "eula", "jurisdiction", "law"],
  ["approve", "approval", "sign off", "sign-off", "signs", "sign", "signature", "authorize", "po", "purchase order"],
  ["install", "installation", "deploy", "deployment", "rollout", "retrofit", "set up"],
  ["competitor", "competition", "alternative", "other vendor", "incumbent", "quoted us", "offering us"],
  ["kubernetes", "k8s", "cluster", "eks", "containers"],
  ["leaving", "last day", "leave", "moving on", "handover", "hand over", "going forward", "out on leave", "medical leave", "while i'm out"],
  ["contact", "point of contact", "reach out", "go-to"],
  ["champion", "sponsor", "own this", "advocate"],
  ["requirement", "requirements", "must", "has to", "have to", "need", "needs", "non-negotiable", "necesito"],
  ["risk", "delay", "freeze", "blocker", "slip", "push out", "jeopardize", "concern"],
  ["pilot", "poc", "proof of concept", "trial"],
  ["renewal", "renew", "term", "multi-year", "price lock"],
  ["tag", "tagging", "tags", "cleanup", "clean up"],
  ["recap", "summary", "notes", "follow-up", "follow up"],
  ["data protection officer", "dpo", "privacy", "dpia", "gdpr"],
  ["grant", "funding", "subsidy"],
];

export interface TermAlt { text: string; stems: string[]; weight: number }
/** One concept of a query: its alternatives (the word itself at weight 1, synonyms lower). */
export interface TermGroup { label: string; alts: TermAlt[]; weight: number }

const stemmedGroups = GROUPS.map((g) => g.map((text) => ({ text, stems: allStems(text) })));
const key = (s: string[]) => s.join(" ");

/** The synonym phrases of one stemmed word or phrase. */
export function synonymsOf(stems: string[]): Array<{ text: string; stems: string[] }> {
  const k = key(stems);
  const out = new Map<string, { text: string; stems: string[] }>();
  for (const g of stemmedGroups) {
    if (!g.some((p) => key(p.stems) === k)) continue;
    for (const p of g) if (key(p.stems) !== k && !out.has(key(p.stems))) out.set(key(p.stems), p);
  }
  return [...out.values()];
}

/**
 * Turns topic text into concept groups: known multi-word phrases first (longest match),
 * then single content words; each gets its synonyms at `synonymWeight`.
 */
// The known multi-word phrases, longest first (fixed: computed once, not for every question).
const knownPhrases = stemmedGroups.flat().map((p) => p.stems).filter((p) => p.length > 1).sort((a, b) => b.length - a.length);

export function buildTermGroups(text: string, synonymWeight = 0.6): TermGroup[] {
  const toks = words(text);
  const stems = toks.map((t) => allStems(t)[0] ?? t);
  const phrases = knownPhrases;
  const groups: TermGroup[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < stems.length;) {
    const ph = phrases.find((p) => p.every((s, j) => stems[i + j] === s));
    const take = ph ?? (isStopword(toks[i]!) ? null : [stems[i]!]);
    const len = ph?.length ?? 1;
    if (take && !seen.has(key(take))) {
      seen.add(key(take));
      const label = toks.slice(i, i + len).join(" ");
      const alts: TermAlt[] = [{ text: label, stems: take, weight: 1 }, ...synonymsOf(take).map((s) => ({ ...s, weight: synonymWeight }))];
      groups.push({ label, alts, weight: 1 });
    }
    i += len;
  }
  return groups;
}
