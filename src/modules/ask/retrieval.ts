// Baton's retrieval over an in-memory list of turns (no database): concept groups with synonyms, speaker cues from the
// question, expansion from the meeting's own vocabulary, then a learned combination of per-turn features (the turn's
// score, concept coverage, matches in the turns around it, speaker cues, length) whose weights are fitted on the QMSum
// train split. Used by offline evaluations (scripts/eval-qmsum.mjs) and usable for any transcript held in memory.
import { rankDocs, type RankDoc } from "./rank.ts";
import { buildTermGroups, type TermGroup } from "./synonyms.ts";
import { LEARNED_WEIGHTS } from "./retrieval-weights.ts";
import { allStems, contentStems, words } from "./text.ts";

export interface Turn { i: number; speaker: string | null; text: string }
export interface RankTurnsOptions {
  window?: number; neighbourWeight?: number;
  k1?: number; b?: number; coverageBase?: number; synonymWeight?: number; speakerBoost?: number;
  /** Pseudo-relevance feedback: words shared by the `expandTop` best turns, up to `expandTerms` of them at `expandWeight`. */
  expand?: boolean; expandTop?: number; expandTerms?: number; expandWeight?: number;
  /** Skip turns this close to a better one. */ spread?: number;
}

// Words of how a question is asked rather than what it is about.
const ASKING = new Set(("summarize summarise discuss discussed discussion discussions group meeting meetings talk talked talking " +
  "opinion opinions think thought say said mention mentioned agree agreed decide decided decision why how what when who whom which " +
  "whole team members member considered consider view views regard regarding towards toward").split(" "));

/** The first-stage settings, chosen on the QMSum train split only (scripts/eval-qmsum.mjs --train); validation is reported, never tuned on. */
export const TUNED: Required<RankTurnsOptions> = {
  window: 0, neighbourWeight: 0.15, k1: 1.2, b: 0.75, coverageBase: 0.4, synonymWeight: 0.5, speakerBoost: 1.6,
  expand: true, expandTop: 5, expandTerms: 6, expandWeight: 0.25, spread: 2,
};

const clean = (t: string) => t.replace(/\{[a-z_]+\}/gi, " ").replace(/\s+/g, " ").trim();

/** The features the learned combination weighs for each candidate turn (scripts/train-qmsum.mjs fits the weights). */
export const TURN_FEATURES = ["bias", "score", "own", "coverage", "near1", "near3", "density8", "speaker", "otherSpeaker", "length", "rank",
  "density20", "union5", "union15"] as const;

export interface TurnCandidates { ids: number[]; features: number[][] }

/**
 * Candidate turns for a question with their features: the concept-group score after pseudo-relevance feedback and before
 * it, concept coverage, the best neighbouring scores, the density of matches around the turn, speaker cues and length.
 * `ids` are turn numbers in the order of the plain (untrained) score.
 */
export function turnCandidates(turns: Turn[], question: string, opts: RankTurnsOptions = {}): TurnCandidates | null {
  const docs: Array<RankDoc & { i: number }> = turns.map((t) => ({ group: "m", seq: t.i, i: t.i, text: clean(t.text), speaker: t.speaker }));
  const q = question.toLowerCase();
  const speakers = [...new Set(turns.map((t) => (t.speaker ?? "").toLowerCase()).filter((s) => s && q.includes(s)))];
  let topic = q;
  for (const s of speakers) topic = topic.split(s).join(" ");
  const o = { ...TUNED, ...opts };
  const groups: TermGroup[] = buildTermGroups(topic.split(/\s+/).filter((w) => !ASKING.has(w.replace(/[^a-z0-9]/g, ""))).join(" "), o.synonymWeight);
  if (!groups.length) return null;
  const rankOpts = { window: o.window, neighbourWeight: o.neighbourWeight, k1: o.k1, b: o.b, coverageBase: o.coverageBase };
  const query = { groups, phrases: [], speakers, speakerBoost: o.speakerBoost };
  const first = rankDocs(docs, query, rankOpts);
  let ranked = first;
  if (o.expand && ranked.length) {
    // Pseudo-relevance feedback: words the best turns share, weighted by rarity in this meeting.
    const df = new Map<string, number>();
    for (const d of docs) for (const s of new Set(contentStems(d.text))) df.set(s, (df.get(s) ?? 0) + 1);
    const have = new Set(groups.flatMap((g) => g.alts.flatMap((a) => a.stems)));
    const tf = new Map<string, number>();
    for (const r of ranked.slice(0, o.expandTop)) for (const s of new Set(contentStems(r.doc.text))) if (!have.has(s) && s.length > 2) tf.set(s, (tf.get(s) ?? 0) + 1);
    const extra = [...tf].filter(([, n]) => n >= 2).map(([s, n]) => [s, n * Math.log(docs.length / (df.get(s) ?? 1))] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, o.expandTerms);
    if (extra.length) {
      const more: TermGroup[] = extra.map(([s]) => ({ label: s, alts: [{ text: s, stems: [s], weight: 1 }], weight: o.expandWeight }));
      ranked = rankDocs(docs, { ...query, groups: [...groups, ...more] }, rankOpts);
    }
  }
  if (!ranked.length) return null;
  // Per position in `docs`: the final score, and the first pass's own score and coverage.
  const pos = new Map(docs.map((d, k) => [d.i, k]));
  const score = new Array<number>(docs.length).fill(0), own = new Array<number>(docs.length).fill(0), cov = new Array<number>(docs.length).fill(0);
  const rankOf = new Map<number, number>();
  ranked.forEach((r, k) => { score[pos.get(r.doc.i)!] = r.score; rankOf.set(r.doc.i, k); });
  const matched = new Array<string[]>(docs.length).fill([]);
  for (const r of first) { own[pos.get(r.doc.i)!] = r.own; cov[pos.get(r.doc.i)!] = r.coverage; matched[pos.get(r.doc.i)!] = r.matched; }
  // Share of the question's concepts said anywhere within w turns: a discussion often spreads them over several turns.
  const union = (k: number, w: number) => {
    const seen = new Set<string>();
    for (let j = Math.max(0, k - w); j <= Math.min(docs.length - 1, k + w); j++) for (const m of matched[j]!) seen.add(m);
    return seen.size / groups.length;
  };
  const maxScore = Math.max(...score) || 1, maxOwn = Math.max(...own) || 1;
  const around = (k: number, w: number, f: (a: number, b: number) => number) => {
    let v = 0;
    for (let j = Math.max(0, k - w); j <= Math.min(docs.length - 1, k + w); j++) if (j !== k) v = f(v, score[j]!);
    return v / maxScore;
  };
  const features = ranked.map((r) => {
    const k = pos.get(r.doc.i)!;
    const spk = (r.doc.speaker ?? "").toLowerCase();
    const named = speakers.length > 0 && speakers.some((x) => spk.includes(x));
    return [1, score[k]! / maxScore, own[k]! / maxOwn, cov[k]!, around(k, 1, Math.max), around(k, 3, Math.max), around(k, 8, (a, b) => a + b) / 8,
      named ? 1 : 0, speakers.length && !named ? 1 : 0, Math.log(1 + words(r.doc.text).length) / Math.log(100), 1 / Math.sqrt(1 + rankOf.get(r.doc.i)!),
      around(k, 20, (a, b) => a + b) / 20, union(k, 5), union(k, 15)];
  });
  return { ids: ranked.map((r) => r.doc.i), features };
}

export function rankTurns(turns: Turn[], question: string, opts: RankTurnsOptions & { weights?: readonly number[] | null } = {}): number[] {
  const c = turnCandidates(turns, question, opts);
  if (!c) return [];
  const weights = opts.weights === undefined ? LEARNED_WEIGHTS : opts.weights;
  let order = c.ids;
  if (weights) {
    const s = c.features.map((f) => f.reduce((a, x, j) => a + x * (weights[j] ?? 0), 0));
    order = c.ids.map((id, k) => ({ id, k, s: s[k]! })).sort((a, b) => b.s - a.s || a.k - b.k).map((x) => x.id);
  }
  // One citation per stretch of talk: a turn right next to a better one adds little.
  const spread = { ...TUNED, ...opts }.spread, out: number[] = [], rest: number[] = [];
  for (const i of order) (out.some((j) => Math.abs(i - j) <= spread) ? rest : out).push(i);
  return [...out, ...rest];
}

export { bm25 } from "./rank.ts";
export const stems = allStems;
