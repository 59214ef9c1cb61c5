// Which open deal a new intro belongs to, no I/O: a deal with the same buyer organisation and the same
// partner that is not closed (won or lost). Among several, the one whose name or intro subject shares the
// most words with the new intro's subject; ties go to the most recently updated (the order given).
export const CLOSED_STAGES = ["won", "closed-won", "closed_won", "lost", "closed-lost", "closed_lost"];

export interface OpenDealCandidate { id: string; stage: string; buyerOrgId: string | null; partnerOrgIds: string[]; name: string; subject: string | null }

export const isClosedStage = (stage: string) => CLOSED_STAGES.includes(stage.trim().toLowerCase());

/** Words that say nothing about which deal an intro is about. */
const STOP = new Set(["intro", "introduction", "fwd", "fw", "re", "aw", "wg", "meet", "and", "the", "for", "with", "to", "of", "a", "an", "y", "e", "und", "de"]);
const words = (s: string | null) => new Set((s ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !STOP.has(w)));

/** Jaccard similarity of the two texts' word sets (0 when either is empty). */
export function subjectSimilarity(a: string | null, b: string | null): number {
  const x = words(a), y = words(b);
  if (!x.size || !y.size) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}

/** The open deal of this buyer with this partner that the intro joins, or null when it needs a new deal. */
export function pickOpenDeal(candidates: OpenDealCandidate[], intro: { buyerOrgId: string; partnerOrgId: string | null; subject: string | null }): OpenDealCandidate | null {
  if (!intro.partnerOrgId) return null;
  const open = candidates.filter((d) => d.buyerOrgId === intro.buyerOrgId && d.partnerOrgIds.includes(intro.partnerOrgId!) && !isClosedStage(d.stage));
  let best: { deal: OpenDealCandidate; score: number } | null = null;
  for (const deal of open) {
    const score = Math.max(subjectSimilarity(intro.subject, deal.subject), subjectSimilarity(intro.subject, deal.name));
    if (!best || score > best.score) best = { deal, score };
  }
  return best?.deal ?? null;
}
