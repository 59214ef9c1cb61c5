// Pure ranking of utterances for a question: BM25 per concept group (best alternative wins),
// concept coverage, exact-phrase bonus and neighbouring-turn context. Works on any array of turns,
// so the SQL path (candidates from the tsvector index) and offline evaluations share it.
import { allStems, contentStems } from "./text.ts";
import type { TermGroup } from "./synonyms.ts";

export interface RankDoc {
  /** Conversation (or meeting) the turn belongs to; neighbours are looked up within it. */
  group: string;
  seq: number;
  text: string;
  speaker?: string | null;
  side?: string | null;
}
export interface RankQuery {
  groups: TermGroup[];
  /** Exact question phrases (stems) that earn a bonus when a turn contains them in order. */
  phrases?: string[][];
  /** Boost for turns by these speakers (lowercased names or roles). */
  speakers?: string[];
  speakerBoost?: number;
}
export interface RankOptions {
  /** Corpus size and document frequencies, when the docs are only a candidate subset. */
  totalDocs?: number;
  /** Turns either side whose score adds context (0 = none). */
  window?: number;
  /** Share of the best neighbour's score added to a turn. */
  neighbourWeight?: number;
  /** BM25 saturation and length normalisation. */
  k1?: number;
  b?: number;
  /** A turn's score is multiplied by (coverageBase + share of the question's concepts it covers). */
  coverageBase?: number;
}
export interface Ranked<D extends RankDoc> { doc: D; score: number; own: number; coverage: number; matched: string[] }

/** A turn's stems in order, their counts and how many: read-only, shared by every ranking of the same text. */
export interface Prepared { stems: string[]; tf: Map<string, number>; len: number }

// The same turns are ranked again for every question about a deal: keep their token counts (bounded; read-only).
const preparedMemo = new Map<string, Prepared>();

export function prepare(text: string): Prepared {
  const known = preparedMemo.get(text);
  if (known) return known;
  const p = prepareText(text);
  if (preparedMemo.size >= 40_000) preparedMemo.delete(preparedMemo.keys().next().value!);
  preparedMemo.set(text, p);
  return p;
}

function prepareText(text: string): Prepared {
  const stems = allStems(text);
  const tf = new Map<string, number>();
  for (const s of stems) tf.set(s, (tf.get(s) ?? 0) + 1);
  return { stems, tf, len: stems.length };
}

export function countPhrase(p: Prepared, phrase: string[]): number {
  if (phrase.length === 1) return p.tf.get(phrase[0]!) ?? 0;
  for (const s of phrase) if (!p.tf.has(s)) return 0;
  let n = 0;
  for (let i = 0; i + phrase.length <= p.stems.length; i++) if (phrase.every((s, j) => p.stems[i + j] === s)) n++;
  return n;
}

const K1 = 1.2, B = 0.75;

export function rankDocs<D extends RankDoc>(docs: D[], query: RankQuery, opts: RankOptions = {}): Ranked<D>[] {
  if (!docs.length || !query.groups.length) return [];
  const prepared = docs.map((d) => prepare(d.text));
  const N = Math.max(opts.totalDocs ?? docs.length, docs.length);
  const avg = prepared.reduce((a, p) => a + p.len, 0) / prepared.length || 1;
  // Counts per alternative per doc, and document frequencies.
  const altKeys = new Map<string, string[]>();
  for (const g of query.groups) for (const a of g.alts) altKeys.set(a.stems.join(" "), a.stems);
  const counts = new Map<string, number[]>();
  const idf = new Map<string, number>();
  for (const [k, stems] of altKeys) {
    const c = prepared.map((p) => countPhrase(p, stems));
    counts.set(k, c);
    const df = c.filter((x) => x > 0).length;
    idf.set(k, Math.log(1 + (N - df + 0.5) / (df + 0.5)));
  }
  const groupIdf = query.groups.map((g) => Math.max(...g.alts.map((a) => idf.get(a.stems.join(" ")) ?? 0)));
  const totalIdf = groupIdf.reduce((a, b) => a + b, 0) || 1;
  const speakers = (query.speakers ?? []).map((s) => s.toLowerCase());
  const k1 = opts.k1 ?? K1, b = opts.b ?? B, covBase = opts.coverageBase ?? 0.4;
  const own = prepared.map((p, i) => {
    let score = 0, covered = 0;
    const matched: string[] = [];
    query.groups.forEach((g, gi) => {
      let best = 0;
      for (const a of g.alts) {
        const k = a.stems.join(" ");
        const tf = counts.get(k)![i]!;
        if (!tf) continue;
        const s = a.weight * idf.get(k)! * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * p.len) / avg)));
        if (s > best) best = s;
      }
      if (best > 0) { score += best * g.weight; covered += groupIdf[gi]!; matched.push(g.label); }
    });
    const coverage = covered / totalIdf;
    let s = score * (covBase + coverage);
    for (const ph of query.phrases ?? []) if (ph.length > 1 && countPhrase(p, ph) > 0) s *= 1 + 0.5 * Math.min(ph.length, 4) / 2;
    const spk = (docs[i]!.speaker ?? "").toLowerCase();
    if (s > 0 && speakers.length && speakers.some((x) => spk.includes(x))) s *= query.speakerBoost ?? 1.5;
    return { score: s, coverage, matched };
  });
  const w = opts.window ?? 0, nw = opts.neighbourWeight ?? 0.3;
  const byGroup = new Map<string, number[]>();
  docs.forEach((d, i) => (byGroup.get(d.group) ?? byGroup.set(d.group, []).get(d.group)!).push(i));
  const ctx = new Array<number>(docs.length).fill(0);
  if (w > 0) {
    for (const idx of byGroup.values()) {
      idx.sort((a, b) => docs[a]!.seq - docs[b]!.seq);
      for (let j = 0; j < idx.length; j++) {
        let best = 0;
        for (let k = Math.max(0, j - w); k <= Math.min(idx.length - 1, j + w); k++) {
          if (k === j || Math.abs(docs[idx[k]!]!.seq - docs[idx[j]!]!.seq) > w) continue;
          best = Math.max(best, own[idx[k]!]!.score);
        }
        ctx[idx[j]!] = best;
      }
    }
  }
  return docs.map((doc, i) => ({ doc, own: own[i]!.score, score: own[i]!.score + nw * ctx[i]!, coverage: own[i]!.coverage, matched: own[i]!.matched }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || (a.doc.group === b.doc.group ? 0 : a.doc.group.localeCompare(b.doc.group)) || a.doc.seq - b.doc.seq);
}

/** Plain BM25 over single turns (the baseline the QMSum evaluation compares against). */
export function bm25(docs: RankDoc[], queryText: string): Array<{ doc: RankDoc; score: number }> {
  const q = [...new Set(contentStems(queryText))];
  const groups: TermGroup[] = q.map((s) => ({ label: s, alts: [{ text: s, stems: [s], weight: 1 }], weight: 1 }));
  const prepared = docs.map((d) => prepare(d.text));
  const avg = prepared.reduce((a, p) => a + p.len, 0) / (prepared.length || 1) || 1;
  const idf = new Map(groups.map((g) => {
    const df = prepared.filter((p) => p.tf.has(g.label)).length;
    return [g.label, Math.log(1 + (docs.length - df + 0.5) / (df + 0.5))];
  }));
  return docs.map((doc, i) => {
    const p = prepared[i]!;
    let s = 0;
    for (const g of groups) {
      const tf = p.tf.get(g.label) ?? 0;
      if (tf) s += idf.get(g.label)! * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * p.len) / avg)));
    }
    return { doc, score: s };
  }).filter((r) => r.score > 0).sort((a, b) => b.score - a.score);
}
