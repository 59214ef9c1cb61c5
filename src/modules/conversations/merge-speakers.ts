// Two exports of one call (a Zoom VTT and an Otter export): align their utterances by shared words and
// carry the people one export resolved over to the other's unresolved labels. Pure: no I/O.
import type { Side } from "../../shared/sides.ts";
import { normaliseForComparison } from "./duplicates.ts";

export interface AlignUtterance { speakerLabel: string | null; personId: string | null; side: Side | null; text: string }

const GRAM = 3;
function grams(text: string): string[] {
  const t = normaliseForComparison(text);
  if (t.length < GRAM) return t.length ? [t.join(" ")] : [];
  const out: string[] = [];
  for (let i = 0; i + GRAM <= t.length; i++) out.push(t.slice(i, i + GRAM).join(" "));
  return out;
}

/**
 * For each label of `canonical` with no person, the person the other export gives the same words to,
 * when a clear majority of that label's aligned words agree. Each person is given to one label at most,
 * and never to a label when that person already speaks under another label of the canonical conversation.
 */
export function mergeSpeakerNames(canonical: AlignUtterance[], other: AlignUtterance[]): Record<string, { personId: string; side: Side | null; votes: number }> {
  const byGram = new Map<string, Set<number>>();
  other.forEach((u, i) => {
    if (!u.personId) return;
    for (const g of grams(u.text)) (byGram.get(g) ?? byGram.set(g, new Set()).get(g)!).add(i);
  });
  const votes = new Map<string, Map<string, number>>();
  for (const u of canonical) {
    if (!u.speakerLabel || u.personId) continue;
    const row = votes.get(u.speakerLabel) ?? votes.set(u.speakerLabel, new Map()).get(u.speakerLabel)!;
    for (const g of grams(u.text)) {
      const hits = byGram.get(g);
      if (!hits || hits.size > 3) continue; // common phrases say nothing about who spoke
      for (const i of hits) row.set(other[i].personId!, (row.get(other[i].personId!) ?? 0) + 1 / hits.size);
    }
  }
  const taken = new Set(canonical.map((u) => u.personId).filter((p): p is string => p != null));
  const sideOf = new Map(other.filter((u) => u.personId).map((u) => [u.personId!, u.side]));
  const ranked = [...votes.entries()].flatMap(([label, row]) => {
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    const [top] = [...row.entries()].sort((a, b) => b[1] - a[1]);
    return top && total > 0 && top[1] / total > 0.6 && top[1] >= 2 ? [{ label, personId: top[0], votes: top[1] }] : [];
  }).sort((a, b) => b.votes - a.votes);
  const out: Record<string, { personId: string; side: Side | null; votes: number }> = {};
  for (const r of ranked) {
    if (taken.has(r.personId)) continue;
    taken.add(r.personId);
    out[r.label] = { personId: r.personId, side: sideOf.get(r.personId) ?? null, votes: Math.round(r.votes * 10) / 10 };
  }
  return out;
}
