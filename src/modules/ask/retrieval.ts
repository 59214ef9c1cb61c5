// Baton's retrieval over an in-memory list of turns (no database): concept groups with synonyms, speaker cues from the
// question, expansion from the meeting's own vocabulary, then a learned combination of per-turn features (the turn's
// score, concept coverage, windows of the turns around it, speaker cues, length) whose weights are fitted on the QMSum
// train split. Orders Ask's full-text answers over one deal (strategies.ts, learnedOrder: the stretches of talk around
// the best candidates) and is what the offline evaluation measures (scripts/eval-qmsum.mjs, whole meetings).
import { countPhrase, prepare, rankDocs, type Prepared, type RankDoc } from "./rank.ts";
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

/** The first-stage settings, chosen on the QMSum train split only (scripts/eval-qmsum.mjs --train; spread by
 * two-fold cross-validation of the learned ranking over train meetings); validation is reported, never tuned on. */
export const TUNED: Required<RankTurnsOptions> = {
  window: 0, neighbourWeight: 0.15, k1: 1.2, b: 0.75, coverageBase: 0.4, synonymWeight: 0.5, speakerBoost: 1.6,
  expand: true, expandTop: 5, expandTerms: 6, expandWeight: 0.25, spread: 8,
};

// Turns the plain BM25 of the whole question ranks this high join the candidates even when no topic concept matches them.
const FULL_POOL = 30;
const cleanMemo = new Map<string, string>();
/** A turn's text without transcript markers ("{disfmarker}") and runs of spaces, kept per text. */
function clean(t: string): string {
  const known = cleanMemo.get(t);
  if (known !== undefined) return known;
  const c = t.replace(/\{[a-z_]+\}/gi, " ").replace(/\s+/g, " ").trim();
  if (cleanMemo.size >= 40_000) cleanMemo.delete(cleanMemo.keys().next().value!);
  cleanMemo.set(t, c);
  return c;
}

/** The features the learned combination weighs for each candidate turn (scripts/train-qmsum.mjs fits the weights). */
export const TURN_FEATURES = ["bias", "score", "own", "coverage", "near1", "near3", "density8", "speaker", "otherSpeaker", "length", "rank",
  "density20", "union5", "union15", "bm25", "bm25rank", "win2", "win5", "win10", "win20", "win5rank", "win10rank", "smooth3", "smooth10", "union2",
  "spkWin10", "matchedHere", "sumScore", "sumWin10", "sumWin20", "sumSmooth10", "sumUnion15", "sumLength",
  "pairsHere", "pairsWin5", "spkShare5", "spkShare15", "spkTopic10", "extra",
  "after3", "before3", "after10", "before10", "unionAfter10", "unionBefore10", "bm25full", "bm25fullRank", "bm25fullWin3"] as const;

export interface TurnCandidates { ids: number[]; features: number[][] }

/**
 * Candidate turns for a question with their features. Gold answers are contiguous stretches of talk, so besides the turn's
 * own concept-group score (after pseudo-relevance feedback and before it), coverage, speaker cues and length, most features
 * describe the turns around it: neighbouring scores, Gaussian-smoothed scores, BM25 of windows of 2..20 turns either side,
 * concepts and question word pairs said nearby, matches before and after the turn, and the named speaker's share of the talk.
 * Candidates are the turns that match a concept (in the order of the plain, untrained score), then turns a plain BM25 of
 * the whole question ranks high, then the named speaker's longer turns next to a match.
 */
export function turnCandidates(turns: Turn[], question: string, opts: RankTurnsOptions = {}): TurnCandidates | null {
  const docs: Array<RankDoc & { i: number }> = turns.map((t) => ({ group: "m", seq: t.i, i: t.i, text: clean(t.text), speaker: t.speaker }));
  const named = namedSpeakers(question, turns.map((t) => t.speaker ?? ""));
  const speakers = named.speakers;
  let topic = question.toLowerCase();
  for (const s of named.mentions) topic = topic.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${esc(s)}(?=$|[^\\p{L}\\p{N}])`, "gu"), "$1 ");
  const o = { ...TUNED, ...opts };
  const groups: TermGroup[] = buildTermGroups(topic.split(/\s+/).filter((w) => !ASKING.has(w.replace(/[^a-z0-9]/g, ""))).join(" "), o.synonymWeight);
  if (!groups.length) return null;
  const rankOpts = { window: o.window, neighbourWeight: o.neighbourWeight, k1: o.k1, b: o.b, coverageBase: o.coverageBase };
  const query = { groups, phrases: [], speakers, speakerBoost: o.speakerBoost };
  const first = rankDocs(docs, query, rankOpts);
  let ranked = first;
  let expandedGroups: TermGroup[] = groups;
  if (o.expand && ranked.length) {
    // Pseudo-relevance feedback: words the best turns share, weighted by rarity in this meeting.
    const df = new Map<string, number>();
    for (const d of docs) for (const s of contentSet(d.text)) df.set(s, (df.get(s) ?? 0) + 1);
    const have = new Set(groups.flatMap((g) => g.alts.flatMap((a) => a.stems)));
    const tf = new Map<string, number>();
    for (const r of ranked.slice(0, o.expandTop)) for (const s of contentSet(r.doc.text)) if (!have.has(s) && s.length > 2) tf.set(s, (tf.get(s) ?? 0) + 1);
    const extra = [...tf].filter(([, n]) => n >= 2).map(([s, n]) => [s, n * Math.log(docs.length / (df.get(s) ?? 1))] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, o.expandTerms);
    if (extra.length) {
      const more: TermGroup[] = extra.map(([s]) => ({ label: s, alts: [{ text: s, stems: [s], weight: 1 }], weight: o.expandWeight }));
      expandedGroups = [...groups, ...more];
      ranked = rankDocs(docs, { ...query, groups: expandedGroups }, rankOpts);
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
  // Plain BM25 of each turn over the question's content words (the single-turn baseline, as one signal among others).
  const prepared = docs.map((d) => prepare(d.text));
  const n = docs.length;
  const avgLen = prepared.reduce((a, p) => a + p.len, 0) / (n || 1) || 1;
  const qStems = [...new Set(contentStems(topic))];
  const plain = bm25Arrays(prepared, qStems.map((s) => ({ stems: [s], weight: 1 })), avgLen);
  // The question's concept groups (and the feedback words) as weighted counts per turn, for BM25 over windows of turns.
  const groupAlts = expandedGroups.map((g) => ({ weight: g.weight, alts: g.alts.map((a) => ({ stems: a.stems, weight: a.weight })) }));
  const counted = groupPrefixes(prepared, groupAlts);
  const win = (w: number) => bm25Windows(prepared, counted, w);
  const win2 = win(2), win5 = win(5), win10 = win(10), win20 = win(20);
  const norm = (arr: number[]) => { const mx = Math.max(...arr) || 1; return arr.map((v) => v / mx); };
  const rankIn = (arr: number[]) => { const order = arr.map((v, k) => [v, k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]); const r = new Array<number>(n); order.forEach(([, k], j) => { r[k] = j; }); return r; };
  // The same over every content word of the question, asking words included ("decide", "agree" mark where a decision was made).
  const full = bm25Arrays(prepared, [...new Set(contentStems(question))].map((s) => ({ stems: [s], weight: 1 })), avgLen);
  const fullRank = rankIn(full), fullN = norm(full);
  const fullWin3 = norm(full.map((_, k) => { let v = 0; for (let j = Math.max(0, k - 3); j <= Math.min(n - 1, k + 3); j++) v += full[j]!; return v; }));
  const plainRank = rankIn(plain), win5Rank = rankIn(win5), win10Rank = rankIn(win10);
  const smooth = (sigma: number) => { const out = new Array<number>(n).fill(0); const R = Math.ceil(3 * sigma);
    for (let k = 0; k < n; k++) if (score[k]) for (let j = Math.max(0, k - R); j <= Math.min(n - 1, k + R); j++) out[j] += score[k]! * Math.exp(-((j - k) ** 2) / (2 * sigma * sigma));
    const mx = Math.max(...out) || 1; return out.map((v) => v / mx); };
  const smooth3 = smooth(3), smooth10 = smooth(10);
  const plainN = norm(plain), win2N = norm(win2), win5N = norm(win5), win10N = norm(win10), win20N = norm(win20);
  const spkAt = docs.map((d) => { const spk = (d.speaker ?? "").toLowerCase(); return speakers.length > 0 && speakers.some((x) => spk.includes(x)) ? 1 : 0; });
  const spkWin = (k: number, w: number) => { let c = 0, t = 0; for (let j = Math.max(0, k - w); j <= Math.min(n - 1, k + w); j++) { t++; c += spkAt[j]! && score[j]! > 0 ? 1 : 0; } return c / t; };
  const summary = /^\s*(summari[sz]e|what (was|were) (discussed|said)|what did the (group|team|committee|meeting) (discuss|say|talk))/i.test(question) ? 1 : 0;
  // Pairs of neighbouring question words said close together (within 4 words), in the turn and in the turns around it.
  const qSeq = contentStems(topic.split(/\s+/).filter((w) => !ASKING.has(w.replace(/[^a-z0-9]/g, ""))).join(" "));
  const pairs = qSeq.slice(1).map((b, j) => [qSeq[j]!, b] as const).filter(([a, b]) => a !== b);
  const pairHits = docs.map((d) => {
    if (!pairs.length) return [] as number[];
    const cs = textInfo(d.text).content;
    const at = new Map<string, number[]>();
    cs.forEach((x, j) => (at.get(x) ?? at.set(x, []).get(x)!).push(j));
    const hit: number[] = [];
    pairs.forEach(([a, b], pj) => { const A = at.get(a), Bp = at.get(b); if (A && Bp && A.some((x) => Bp.some((y) => Math.abs(x - y) <= 4))) hit.push(pj); });
    return hit;
  });
  const pairsAround = (k: number, w: number) => {
    if (!pairs.length) return 0;
    const seen = new Set<number>();
    for (let j = Math.max(0, k - w); j <= Math.min(n - 1, k + w); j++) for (const x of pairHits[j]!) seen.add(x);
    return seen.size / pairs.length;
  };
  const spkWords = docs.map((d, k) => (spkAt[k] ? prepared[k]!.len : 0));
  const spkShare = (k: number, w: number) => { let a = 0, t = 0; for (let j = Math.max(0, k - w); j <= Math.min(n - 1, k + w); j++) { a += spkWords[j]!; t += prepared[j]!.len; } return t ? a / t : 0; };
  const spkTopic = (k: number, w: number) => { let v = 0; for (let j = Math.max(0, k - w); j <= Math.min(n - 1, k + w); j++) if (spkAt[j]) v = Math.max(v, score[j]!); return v / maxScore; };
  // One side of the turn: a discussion often starts with the turn that raises the topic and goes on after it.
  const side = (k: number, dir: 1 | -1, w: number) => { let v = 0; for (let d = 1; d <= w; d++) { const j = k + dir * d; if (j >= 0 && j < n) v += score[j]!; } return v / maxScore / w; };
  const sideUnion = (k: number, dir: 1 | -1, w: number) => { const seen = new Set<string>(); for (let d = 1; d <= w; d++) { const j = k + dir * d; if (j >= 0 && j < n) for (const m of matched[j]!) seen.add(m); } return seen.size / groups.length; };
  // Candidates: the turns that match, and the named speaker's turns next to a match (their words on the topic need not repeat it).
  const candidates: number[] = ranked.map((r) => pos.get(r.doc.i)!);
  const inRanked = new Set(candidates);
  for (let k = 0; k < n; k++) if (!inRanked.has(k) && (fullRank[k]! < FULL_POOL && full[k]! > 0)) { candidates.push(k); inRanked.add(k); }
  if (speakers.length) {
    for (let k = 0; k < n; k++) if (spkAt[k] && !inRanked.has(k) && prepared[k]!.len >= 8 && around(k, 3, Math.max) > 0.3) candidates.push(k);
  }
  const features = candidates.map((k) => {
    const r = { doc: docs[k]! };
    const spk = (r.doc.speaker ?? "").toLowerCase();
    const named = speakers.length > 0 && speakers.some((x) => spk.includes(x));
    return [1, score[k]! / maxScore, own[k]! / maxOwn, cov[k]!, around(k, 1, Math.max), around(k, 3, Math.max), around(k, 8, (a, b) => a + b) / 8,
      named ? 1 : 0, speakers.length && !named ? 1 : 0, Math.log(1 + textInfo(r.doc.text).words) / Math.log(100), 1 / Math.sqrt(1 + (rankOf.get(r.doc.i) ?? ranked.length)),
      around(k, 20, (a, b) => a + b) / 20, union(k, 5), union(k, 15),
      plainN[k]!, 1 / Math.sqrt(1 + plainRank[k]!), win2N[k]!, win5N[k]!, win10N[k]!, win20N[k]!, 1 / Math.sqrt(1 + win5Rank[k]!), 1 / Math.sqrt(1 + win10Rank[k]!),
      smooth3[k]!, smooth10[k]!, union(k, 2), speakers.length ? spkWin(k, 10) : 0, own[k]! > 0 ? 1 : 0,
      summary * score[k]! / maxScore, summary * win10N[k]!, summary * win20N[k]!, summary * smooth10[k]!, summary * union(k, 15), summary * Math.log(1 + textInfo(r.doc.text).words) / Math.log(100),
      pairs.length ? pairHits[k]!.length / pairs.length : 0, pairsAround(k, 5), spkShare(k, 5), spkShare(k, 15), spkTopic(k, 10), score[k]! > 0 ? 0 : 1,
      side(k, 1, 3), side(k, -1, 3), side(k, 1, 10), side(k, -1, 10), sideUnion(k, 1, 10), sideUnion(k, -1, 10),
      fullN[k]!, 1 / Math.sqrt(1 + fullRank[k]!), fullWin3[k]!];
  });
  return { ids: candidates.map((k) => docs[k]!.i), features };
}

// A word or words standing alone ("paul-hus", not "paul-husband"), compiled once per text.
const patternMemo = new Map<string, RegExp>();
function wordPattern(text: string): RegExp {
  const t = text.toLowerCase();
  let re = patternMemo.get(t);
  if (!re) {
    re = new RegExp(`(^|[^\\p{L}\\p{N}])${esc(t)}(?=$|[^\\p{L}\\p{N}])`, "u");
    if (patternMemo.size >= 10_000) patternMemo.clear();
    patternMemo.set(t, re);
  }
  return re;
}

const TITLES = new Set("mr mrs ms miss dr hon right the acting chair professor prof grad phd postdoc undergrad of and".split(" "));
const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The speakers a question names, and the words that name them (removed from the topic). A speaker is named by the whole
 * label ("Project Manager", "The Chair"), by a role in brackets ("(Prime Minister)"), by a surname or a first and last name
 * ("Paul-Hus", "Heather McPherson"), or, for labels like "PhD F" / "Grad C", by the capital letter on its own ("What did F think").
 */
export function namedSpeakers(question: string, labels: string[]): { speakers: string[]; mentions: string[] } {
  const q = question.toLowerCase();
  const speakers = new Set<string>(), mentions = new Set<string>();
  const has = (text: string) => wordPattern(text).test(q);
  for (const label of new Set(labels.filter(Boolean))) {
    const low = label.toLowerCase();
    const found: string[] = [];
    const bare = low.replace(/\([^)]*\)?/g, " ").replace(/\s+/g, " ").trim();
    if (bare.length > 1 && has(bare)) found.push(bare);
    for (const m of low.matchAll(/\(([^()]*)\)/g)) { const role = m[1]!.trim(); if (/^[a-z][a-z .'-]{3,}$/.test(role) && !role.includes(",") && has(role)) found.push(role); }
    const letter = /^(?:grad|phd|postdoc|professor|undergrad)\s+([A-Z])$/i.exec(label.trim());
    if (letter) {
      const L = letter[1]!.toUpperCase();
      // "A" also opens sentences: only a capital letter after the first word counts.
      if (new RegExp(`\\s${L}(?=$|[^\\p{L}\\p{N}])`, "u").test(question.replace(/^\s*\S+/, ""))) found.push(L);
      const role = label.trim().split(/\s+/)[0]!.toLowerCase();
      if (role === "professor" && has("professor")) found.push("professor");
    } else if (!found.length) {
      const nameWords = bare.split(/\s+/).filter((w) => w.length >= 3 && !TITLES.has(w.replace(/\./g, "")));
      const surname = nameWords[nameWords.length - 1];
      if (nameWords.length >= 2 && surname && has(surname)) {
        found.push(surname);
        const full = nameWords.join(" ");
        if (has(full)) found.push(full);
      }
    }
    if (found.length) { speakers.add(low); for (const f of found) mentions.add(f.toLowerCase()); }
  }
  return { speakers: [...speakers], mentions: [...mentions].sort((a, b) => b.length - a.length) };
}

// A turn's content stems (in order and as a set) and its word count, kept per text.
interface TextInfo { content: string[]; set: Set<string>; words: number }
const infoMemo = new Map<string, TextInfo>();
function textInfo(text: string): TextInfo {
  const known = infoMemo.get(text);
  if (known) return known;
  const content = contentStems(text);
  const info = { content, set: new Set(content), words: words(text).length };
  if (infoMemo.size >= 40_000) infoMemo.delete(infoMemo.keys().next().value!);
  infoMemo.set(text, info);
  return info;
}
const contentSet = (text: string) => textInfo(text).set;

interface AltCount { stems: string[]; weight: number }
interface GroupCount { weight: number; alts: AltCount[] }

const countIn = (t: Prepared, stems: string[]) => (stems.length ? countPhrase(t, stems) : 0);

/** BM25 of single turns over plain terms (k1 1.2, b 0.75). */
function bm25Arrays(turns: Prepared[], terms: AltCount[], avgLen: number): number[] {
  const n = turns.length;
  const out = new Array<number>(n).fill(0);
  for (const term of terms) {
    const c = turns.map((t) => countIn(t, term.stems));
    const df = c.filter((x) => x > 0).length;
    if (!df) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let k = 0; k < n; k++) if (c[k]) out[k] += term.weight * idf * (c[k]! * 2.2) / (c[k]! + 1.2 * (0.25 + 0.75 * turns[k]!.len / avgLen));
  }
  return out;
}

const prefix = (a: number[]) => { const p = new Array<number>(a.length + 1).fill(0); a.forEach((v, i) => { p[i + 1] = p[i]! + v; }); return p; };

/** Per group: the turns holding it, and prefix sums of its count per turn (its best weighted alternative), for bm25Windows. */
interface GroupPrefix { weight: number; df: number; p: number[] }
function groupPrefixes(turns: Prepared[], groups: GroupCount[]): GroupPrefix[] {
  const n = turns.length;
  return groups.map((g) => {
    const per = new Array<number>(n).fill(0);
    let df = 0;
    for (const a of g.alts) {
      const c = turns.map((t) => countIn(t, a.stems));
      for (let k = 0; k < n; k++) if (c[k]! * a.weight > per[k]!) per[k] = c[k]! * a.weight;
    }
    for (let k = 0; k < n; k++) if (per[k]! > 0) df++;
    return { weight: g.weight, df, p: df ? prefix(per) : [] };
  });
}

/** BM25 of the window of turns k-w..k+w as one document: a group's count is its best weighted alternative per turn, summed. */
function bm25Windows(turns: Prepared[], groups: GroupPrefix[], w: number): number[] {
  const n = turns.length;
  const len = turns.map((t) => t.len);
  const lp = prefix(len);
  const wl = (k: number) => lp[Math.min(n, k + w + 1)]! - lp[Math.max(0, k - w)]!;
  let avg = 0;
  for (let k = 0; k < n; k++) avg += wl(k);
  avg = avg / (n || 1) || 1;
  const out = new Array<number>(n).fill(0);
  for (const g of groups) {
    const df = g.df;
    if (!df) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const p = g.p;
    for (let k = 0; k < n; k++) {
      const tf = p[Math.min(n, k + w + 1)]! - p[Math.max(0, k - w)]!;
      if (tf > 0) out[k] += g.weight * idf * (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * wl(k) / avg));
    }
  }
  return out;
}

export interface ScoredTurn { i: number; score: number }

/**
 * The candidate turns of one meeting with their learned score (the weighted sum of their features), best first (ties in
 * candidate order). Without weights (`weights: null`) the candidates keep the plain score's order, scored by it.
 */
export function scoreTurns(turns: Turn[], question: string, opts: RankTurnsOptions & { weights?: readonly number[] | null } = {}): ScoredTurn[] {
  const c = turnCandidates(turns, question, opts);
  if (!c) return [];
  const weights = opts.weights === undefined ? LEARNED_WEIGHTS : opts.weights;
  if (!weights) return c.ids.map((i, k) => ({ i, score: c.features[k]![1]! }));
  return c.ids.map((i, k) => ({ i, k, score: c.features[k]!.reduce((a, x, j) => a + x * (weights[j] ?? 0), 0) }))
    .sort((a, b) => b.score - a.score || a.k - b.k).map(({ i, score }) => ({ i, score }));
}

/** One citation per stretch of talk: a turn `near` a better one goes after every other turn. */
export function spreadOut<T>(order: T[], near: (a: T, b: T) => boolean): T[] {
  const out: T[] = [], rest: T[] = [];
  for (const x of order) (out.some((y) => near(x, y)) ? rest : out).push(x);
  return [...out, ...rest];
}

export function rankTurns(turns: Turn[], question: string, opts: RankTurnsOptions & { weights?: readonly number[] | null } = {}): number[] {
  const order = scoreTurns(turns, question, opts).map((t) => t.i);
  const spread = { ...TUNED, ...opts }.spread;
  return spreadOut(order, (i, j) => Math.abs(i - j) <= spread);
}

export { bm25 } from "./rank.ts";
export const stems = allStems;
