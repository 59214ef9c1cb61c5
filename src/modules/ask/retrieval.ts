// Baton's retrieval over an in-memory list of turns (no database): concept groups with synonyms,
// neighbour-window context, speaker cues from the question and expansion from the meeting's own vocabulary.
// Used by offline evaluations (scripts/eval-qmsum.mjs) and usable for any transcript held in memory.
import { rankDocs, type RankDoc } from "./rank.ts";
import { buildTermGroups, type TermGroup } from "./synonyms.ts";
import { allStems, contentStems } from "./text.ts";

export interface Turn { i: number; speaker: string | null; text: string }
export interface RankTurnsOptions { window?: number; neighbourWeight?: number; expand?: boolean; /** Skip turns this close to a better one. */ spread?: number }

// Words of how a question is asked rather than what it is about.
const ASKING = new Set(("summarize summarise discuss discussed discussion discussions group meeting meetings talk talked talking " +
  "opinion opinions think thought say said mention mentioned agree agreed decide decided decision why how what when who whom which " +
  "whole team members member considered consider view views regard regarding towards toward").split(" "));

const clean = (t: string) => t.replace(/\{[a-z_]+\}/gi, " ").replace(/\s+/g, " ").trim();

export function rankTurns(turns: Turn[], question: string, opts: RankTurnsOptions = {}): number[] {
  const docs: Array<RankDoc & { i: number }> = turns.map((t) => ({ group: "m", seq: t.i, i: t.i, text: clean(t.text), speaker: t.speaker }));
  const q = question.toLowerCase();
  const speakers = [...new Set(turns.map((t) => (t.speaker ?? "").toLowerCase()).filter((s) => s && q.includes(s)))];
  let topic = q;
  for (const s of speakers) topic = topic.split(s).join(" ");
  const groups: TermGroup[] = buildTermGroups(topic.split(/\s+/).filter((w) => !ASKING.has(w.replace(/[^a-z0-9]/g, ""))).join(" "), 0.5);
  if (!groups.length) return [];
  const rankOpts = { window: opts.window ?? 0, neighbourWeight: opts.neighbourWeight ?? 0.15 };
  const query = { groups, phrases: [], speakers, speakerBoost: 1.6 };
  let ranked = rankDocs(docs, query, rankOpts);
  if (opts.expand !== false && ranked.length) {
    // Pseudo-relevance feedback: words the best turns share, weighted by rarity in this meeting.
    const df = new Map<string, number>();
    for (const d of docs) for (const s of new Set(contentStems(d.text))) df.set(s, (df.get(s) ?? 0) + 1);
    const have = new Set(groups.flatMap((g) => g.alts.flatMap((a) => a.stems)));
    const tf = new Map<string, number>();
    for (const r of ranked.slice(0, 5)) for (const s of new Set(contentStems(r.doc.text))) if (!have.has(s) && s.length > 2) tf.set(s, (tf.get(s) ?? 0) + 1);
    const extra = [...tf].filter(([, n]) => n >= 2).map(([s, n]) => [s, n * Math.log(docs.length / (df.get(s) ?? 1))] as const)
      .sort((a, b) => b[1] - a[1]).slice(0, 6);
    if (extra.length) {
      const more: TermGroup[] = extra.map(([s]) => ({ label: s, alts: [{ text: s, stems: [s], weight: 1 }], weight: 0.25 }));
      ranked = rankDocs(docs, { ...query, groups: [...groups, ...more] }, rankOpts);
    }
  }
  // One citation per stretch of talk: a turn right next to a better one adds little.
  const spread = opts.spread ?? 2, out: number[] = [], rest: number[] = [];
  for (const r of ranked) (out.some((i) => Math.abs(i - r.doc.i) <= spread) ? rest : out).push(r.doc.i);
  return [...out, ...rest];
}

export { bm25 } from "./rank.ts";
export const stems = allStems;
