// The evidence gate: an item is kept only if its quote is an exact substring of the utterance it cites.
import type { Evidence, ExtractionUtterance } from "./extraction.types.ts";

export function isEvidenceValid(e: Evidence, bySeq: ReadonlyMap<number, ExtractionUtterance>): boolean {
  const u = bySeq.get(e.seq);
  return !!u && e.quote.trim().length > 0 && u.text.includes(e.quote);
}

/** Keeps the items whose evidence (and optional second evidence) checks out; counts the rest. */
export function checkEvidence<T>(
  items: T[],
  utterances: readonly ExtractionUtterance[],
  getEvidence: (item: T) => Array<Evidence | undefined>,
): { kept: T[]; dropped: number } {
  const bySeq = new Map(utterances.map((u) => [u.seq, u]));
  const kept: T[] = [];
  let dropped = 0;
  for (const item of items) {
    const ok = getEvidence(item).every((e) => e === undefined || isEvidenceValid(e, bySeq));
    if (ok) kept.push(item);
    else dropped++;
  }
  return { kept, dropped };
}
