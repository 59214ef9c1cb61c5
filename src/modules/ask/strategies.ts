// Pure answering strategies: map a parsed question onto the structured record (commitments, objections,
// risks, stakeholders) or onto ranked utterances, producing cited hits with one answer line each.
import type { Side } from "../../shared/sides.ts";
import type { AskConversation, AskItem, AskUtterance } from "./ask.repo.ts";
import type { ParsedQuestion, RosterOrg, RosterPerson } from "./question.ts";
import { rankDocs, type Ranked } from "./rank.ts";
import { scoreTurns, spreadOut, TUNED } from "./retrieval.ts";
import { buildTermGroups, type TermGroup } from "./synonyms.ts";
import { allStems, sentenceSpans } from "./text.ts";

export interface Hit {
  conversationId: string; seq: number; atMs: number; speaker: string | null; side: Side | null; quote: string;
  score: number; line: string; strong: boolean;
}
export interface AskContext {
  q: ParsedQuestion; people: RosterPerson[]; orgs: RosterOrg[]; convs: Map<string, AskConversation>; items: AskItem[];
  /** Text of the turns around an item ("conversationId#seq" → text), so "I'll take the application sections" is found for "questionnaire". */
  around?: Map<string, string>;
}
export const itemKey = (i: { conversationId: string; seq: number }) => `${i.conversationId}#${i.seq}`;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const order = (ctx: AskContext, h: { conversationId: string; atMs: number }) => (ctx.convs.get(h.conversationId)?.order ?? 0) * 1e9 + h.atMs;
export const chronological = <T extends { conversationId: string; atMs: number }>(ctx: AskContext, xs: T[]) => [...xs].sort((a, b) => order(ctx, a) - order(ctx, b));

function sideOf(ctx: AskContext, name: string | null, personId?: unknown): Side | null {
  const p = ctx.people.find((x) => (typeof personId === "string" && x.id === personId) || (name != null && x.name === name));
  return p?.side ?? null;
}

/** People the question points at: named people, or everyone in a named org. */
export function targetPeople(ctx: AskContext): Set<string> {
  const ids = new Set(ctx.q.personIds);
  for (const p of ctx.people) if (p.orgId && ctx.q.orgIds.includes(p.orgId)) ids.add(p.id);
  return ids;
}

/** The sentence of an utterance that carries most of the question's concepts: an exact substring. */
export function pickQuote(text: string, groups: TermGroup[]): string {
  const spans = sentenceSpans(text);
  if (spans.length === 1 || !groups.length) return text.slice(spans[0]![0], spans.at(-1)![1]);
  let best = spans[0]!, bestScore = -1;
  for (const sp of spans) {
    const stems = allStems(text.slice(sp[0], sp[1]));
    const score = groups.filter((g) => g.alts.some((a) => a.stems.every((s) => stems.includes(s)))).length;
    if (score > bestScore) { best = sp; bestScore = score; }
  }
  return text.slice(best[0], best[1]);
}

/**
 * Items ranked against the question's topic (text of the item plus its quote, and at half weight the turns
 * before it); all of them when no topic.
 */
function byTopic(ctx: AskContext, items: AskItem[], text: (i: AskItem) => string): Array<{ item: AskItem; score: number }> {
  if (!ctx.q.groups.length) return items.map((item) => ({ item, score: 1 }));
  const query = { groups: ctx.q.groups, phrases: ctx.q.phrases };
  const own = rankDocs(items.map((item, i) => ({ group: "items", seq: i, text: `${text(item)} ${item.quote}`, item })), query);
  const scores = new Map<number, { score: number; coverage: number }>();
  for (const r of own) scores.set(r.doc.seq, { score: r.score, coverage: r.coverage });
  if (ctx.around) {
    const near = rankDocs(items.map((item, i) => ({ group: "items", seq: i, text: ctx.around!.get(itemKey(item)) ?? "" })).filter((d) => d.text), query, { totalDocs: items.length });
    for (const r of near) {
      const cur = scores.get(r.doc.seq) ?? { score: 0, coverage: 0 };
      scores.set(r.doc.seq, { score: cur.score + 0.8 * r.score, coverage: Math.max(cur.coverage, 0.8 * r.coverage) });
    }
  }
  const top = Math.max(0, ...[...scores.values()].map((x) => x.score));
  return [...scores].filter(([, r]) => r.score >= top * 0.5 && r.coverage >= 0.3)
    .sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).map(([i, r]) => ({ item: items[i]!, score: r.score }));
}

/**
 * Which of many commitments to show: with a topic, the most relevant; without one, the concrete ones
 * (a due date) before vague ones, spread across conversations so later calls are not crowded out by the first.
 */
export function salient<T extends { item: AskItem; score: number }>(ctx: AskContext, xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  if (ctx.q.groups.length) return [...xs].sort((a, b) => b.score - a.score).slice(0, n);
  const tiers = [xs.filter((x) => str(x.item.data.due)), xs.filter((x) => !str(x.item.data.due))];
  const out: T[] = [];
  for (const tier of tiers) {
    const byConv = new Map<string, T[]>();
    for (const x of chronological(ctx, tier.map((t) => ({ ...t, conversationId: t.item.conversationId, atMs: t.item.atMs })))) {
      (byConv.get(x.item.conversationId) ?? byConv.set(x.item.conversationId, []).get(x.item.conversationId)!).push(x as unknown as T);
    }
    const queues = [...byConv.values()];
    while (out.length < n && queues.some((q) => q.length)) for (const q of queues) if (q.length && out.length < n) out.push(q.shift()!);
  }
  return out;
}

const itemHit = (ctx: AskContext, i: AskItem, line: string, score = 1): Hit => ({
  conversationId: i.conversationId, seq: i.seq, atMs: i.atMs, speaker: i.speaker, side: (i.data.side as Side | undefined) ?? sideOf(ctx, i.speaker), quote: i.quote, score, line, strong: true,
});

export function answerCommitments(ctx: AskContext, limit = 5): Hit[] {
  const people = targetPeople(ctx);
  const fulfilments = ctx.items.filter((i) => i.kind === "fulfilment");
  // A reference ("file#localId") names a commitment within its deal: file names repeat across deals.
  const dealOf = (i: AskItem) => ctx.convs.get(i.conversationId)?.dealId;
  const fulfilled = new Set(fulfilments.map((i) => `${dealOf(i)}|${str(i.data.commitmentRef)}`));
  const refOf = (i: AskItem) => `${ctx.convs.get(i.conversationId)?.file}#${i.localId}`;
  const isFulfilled = (i: AskItem) => fulfilled.has(`${dealOf(i)}|${refOf(i)}`);
  let cs = ctx.items.filter((i) => i.kind === "commitment");
  if (people.size) cs = cs.filter((i) => people.has(String(i.data.ownerPersonId)) || ctx.people.some((p) => people.has(p.id) && p.name === i.data.owner));
  else if (ctx.q.sides.length) cs = cs.filter((i) => ctx.q.sides.includes(i.data.side as Side));
  if (ctx.q.status === "open") cs = cs.filter((i) => !isFulfilled(i));
  // "on the calls" / "in the meetings": spoken commitments, not the ones written in emails.
  if (/\b(calls?|meetings?)\b/i.test(ctx.q.text) && !/\b(e-?mails?|recaps?|notes)\b/i.test(ctx.q.text)) {
    const spoken = cs.filter((i) => (ctx.convs.get(i.conversationId)?.kind ?? "call") !== "email");
    if (spoken.length) cs = spoken;
  }
  const topical = byTopic(ctx, cs, (i) => str(i.data.text) ?? "");
  const wantDelivered = ctx.q.intents.includes("fulfilments");
  const delivered = (c: AskItem) => fulfilments.filter((f) => f.data.commitmentRef === refOf(c) && dealOf(f) === dealOf(c));
  // Room for deliveries when the question asks what was delivered.
  const nDelivered = wantDelivered ? Math.min(2, topical.filter((t) => delivered(t.item).length).length) : 0;
  const chosen = salient(ctx, topical, limit - nDelivered).map((t) => t.item);
  const hits = chronological(ctx, chosen).map((i) => {
    const d = i.data;
    const due = str(d.due) ? ` — due ${d.due}` : "";
    const state = isFulfilled(i) ? " (done)" : "";
    return itemHit(ctx, i, `${str(d.owner) ?? "Unassigned"}${d.side ? ` (${d.side})` : ""}: ${str(d.text) ?? i.quote}${due}${state}`);
  });
  if (wantDelivered) {
    const extra = chosen.flatMap((c) => delivered(c)).slice(0, Math.max(nDelivered, limit - hits.length));
    for (const f of extra) hits.push(itemHit(ctx, f, `Delivered (${f.speaker ?? "unknown"}): “${f.quote}”`, 0.9));
  }
  return hits;
}

/** An objection whose topic is one of the question's concepts. */
export const objectionOnTopic = (ctx: AskContext, i: AskItem) => ctx.q.groups.some((g) => g.alts.some((a) => a.stems.join(" ") === allStems(String(i.data.topic))[0]));

export function answerObjections(ctx: AskContext, scene: AskUtterance[]): Hit[] {
  let os = ctx.items.filter((i) => i.kind === "objection");
  const people = targetPeople(ctx);
  if (ctx.q.resolved && people.size) os = os.filter((i) => people.has(String(i.data.resolvedByPersonId)) || ctx.people.some((p) => people.has(p.id) && p.name === i.data.resolvedBy));
  else if (ctx.q.resolved) os = os.filter((i) => str(i.data.resolvedBy));
  else if (people.size) os = os.filter((i) => people.has(String(i.data.raisedByPersonId)));
  if (scene.length) {
    // "when the partner presented pricing": objections from the first such utterance on, in those conversations.
    const from = new Map<string, number>();
    for (const u of scene) from.set(u.conversationId, Math.min(from.get(u.conversationId) ?? Infinity, u.startMs));
    os = os.filter((i) => from.has(i.conversationId) && i.atMs >= from.get(i.conversationId)! - 1000);
  } else if (ctx.q.groups.length) {
    const topics = os.filter((i) => objectionOnTopic(ctx, i));
    if (topics.length) os = topics;
  }
  return chronological(ctx, os).map((i) => {
    const d = i.data;
    const res = str(d.resolvedBy) ? `resolved by ${d.resolvedBy}` : "unresolved";
    return itemHit(ctx, i, `${str(d.raisedBy) ?? i.speaker ?? "Someone"} raised ${d.topic ?? "a concern"} (${res}): “${i.quote}”`);
  });
}

export function answerRisks(ctx: AskContext): Hit[] {
  const rs = ctx.items.filter((i) => i.kind === "risk");
  const topical = ctx.q.groups.length ? byTopic(ctx, rs, (i) => `${i.data.type} ${str(i.data.text) ?? ""}`) : [];
  const chosen = topical.length ? topical.map((t) => t.item) : rs;
  return chronological(ctx, chosen).map((i) => itemHit(ctx, i, `${i.data.type} risk: ${str(i.data.text) ?? i.quote}`));
}

export function answerStakeholders(ctx: AskContext): Hit[] {
  const wantRoles = new Set<string>();
  if (ctx.q.intents.includes("approval")) { wantRoles.add("approver"); wantRoles.add("economic_buyer"); }
  if (/champion|own this|point of contact/.test(ctx.q.text.toLowerCase())) wantRoles.add("champion");
  let ss = ctx.items.filter((i) => i.kind === "stakeholder" && (!wantRoles.size || wantRoles.has(String(i.data.role))));
  // "Who has to approve the budget": the approver mentioned where that topic is discussed.
  if (!wantRoles.has("champion") && ctx.q.groups.length) ss = byTopic(ctx, ss, (i) => `${i.data.title ?? ""}`).map((t) => t.item);
  return chronological(ctx, ss).map((i) => itemHit(ctx, i, `${i.data.name}${str(i.data.title) ? `, ${i.data.title}` : ""} (${String(i.data.role).replace("_", " ")}): “${i.quote}”`, 0.8));
}

export interface TextRankOptions {
  minCoverage?: number; relative?: number; window?: number; totalDocs?: number;
  /**
   * Order the hits with the learned turn ranking (retrieval.ts, the ranking scripts/eval-qmsum.mjs measures): the
   * question, and the turns around the candidates of the conversations learnedSpans chose ("conversationId" → turns in order).
   */
  learned?: { question: string; turns: Map<string, AskUtterance[]> };
}
export type TextRanked = Ranked<AskUtterance & { group: string }>;
export type TextHit = Hit & { ranked: TextRanked };

/** Citable candidates (best first by the first stage) the learned ranking orders; the rest follow them. */
export const LEARNED_POOL = 10;
/** Turns loaded either side of each of those candidates: the widest window of turns the learned features read. */
export const LEARNED_CONTEXT = 20;

/** Candidate utterances ranked for the question's concept groups (deal-wide term weights when `totalDocs` is given). */
export function rankText(ctx: AskContext, utterances: AskUtterance[], groups: TermGroup[], opts: TextRankOptions = {}): TextRanked[] {
  if (!groups.length) return [];
  const docs = utterances.map((u) => ({ ...u, group: u.conversationId }));
  return rankDocs(docs, { groups, phrases: ctx.q.phrases }, { window: opts.window ?? 1, neighbourWeight: 0.2, totalDocs: opts.totalDocs });
}

/** The candidates that can be cited: those scoring at least `relative` of the best. */
const citable = (ranked: TextRanked[], opts: TextRankOptions) => {
  const top = ranked[0]?.score ?? 0;
  return ranked.filter((r) => r.score >= top * (opts.relative ?? 0.45));
};

/**
 * The stretches of talk the learned ranking reads: LEARNED_CONTEXT turns either side of each of the LEARNED_POOL best
 * citable candidates, merged where they touch (conversation, first and last seq).
 */
export function learnedSpans(ranked: TextRanked[], opts: TextRankOptions = {}): Array<{ conversationId: string; from: number; to: number }> {
  const byConv = new Map<string, number[]>();
  for (const r of citable(ranked, opts).slice(0, LEARNED_POOL)) (byConv.get(r.doc.conversationId) ?? byConv.set(r.doc.conversationId, []).get(r.doc.conversationId)!).push(r.doc.seq);
  const spans: Array<{ conversationId: string; from: number; to: number }> = [];
  for (const [conversationId, seqs] of byConv) {
    let cur: { conversationId: string; from: number; to: number } | null = null;
    for (const seq of seqs.sort((x, y) => x - y)) {
      const from = Math.max(0, seq - LEARNED_CONTEXT), to = seq + LEARNED_CONTEXT;
      if (cur && from <= cur.to + 1) cur.to = to;
      else spans.push(cur = { conversationId, from, to });
    }
  }
  return spans;
}

/**
 * The loaded stretches of talk as one transcript for the learned ranking: stretches follow one another, with empty turns
 * between two of them where a candidate would otherwise have talk from elsewhere (another conversation, or a stretch
 * further on) within LEARNED_CONTEXT turns of it. Each candidate's features thus read its real neighbours, or nothing.
 */
export function learnedTranscript(turns: Map<string, AskUtterance[]>, candidates: Set<string>): Array<AskUtterance | null> {
  const runs: AskUtterance[][] = [];
  for (const us of turns.values()) {
    for (const [k, u] of us.entries()) {
      if (k > 0 && u.seq === us[k - 1]!.seq + 1) runs.at(-1)!.push(u);
      else runs.push([u]);
    }
  }
  const out: Array<AskUtterance | null> = [];
  let tail = Infinity; // turns after the previous stretch's last candidate
  for (const run of runs) {
    const first = run.findIndex((u) => candidates.has(itemKey(u)));
    const head = first < 0 ? Infinity : first;
    if (out.length) for (let k = Math.min(head, tail); k < LEARNED_CONTEXT; k++) out.push(null);
    out.push(...run);
    const last = run.findLastIndex((u) => candidates.has(itemKey(u)));
    tail = last < 0 ? Infinity : run.length - 1 - last;
  }
  return out;
}

/**
 * The LEARNED_POOL best citable candidates in the learned ranking's order, then the rest of the pool in the first-stage
 * order. The loaded stretches of talk are scored together, as one transcript, by scoreTurns (the learned score: a
 * weighted sum of features of the turn and of the talk around it, fitted on QMSum train), so term weights and
 * normalisations are shared and the scores compare across conversations; one citation per stretch of talk first.
 */
function learnedOrder(pool: TextRanked[], learned: NonNullable<TextRankOptions["learned"]>): TextRanked[] {
  const head = pool.slice(0, LEARNED_POOL);
  const all = learnedTranscript(learned.turns, new Set(head.map((r) => itemKey(r.doc))));
  const score = new Map<string, number>();
  for (const t of scoreTurns(all.map((u, i) => ({ i, speaker: u?.speaker ?? null, text: u?.text ?? "" })), learned.question)) {
    const u = all[t.i];
    if (u) score.set(itemKey(u), t.score);
  }
  const ordered = head.map((r, k) => ({ r, k, s: score.get(itemKey(r.doc)) ?? -Infinity })).sort((a, b) => b.s - a.s || a.k - b.k).map((x) => x.r);
  const near = (a: TextRanked, b: TextRanked) => a.doc.conversationId === b.doc.conversationId && Math.abs(a.doc.seq - b.doc.seq) <= TUNED.spread;
  return [...spreadOut(ordered, near), ...pool.slice(LEARNED_POOL)];
}

/** Ranked utterances as hits; strong ones cover most of the question's concepts. */
export function textHits(ctx: AskContext, ranked: TextRanked[], groups: TermGroup[], opts: TextRankOptions = {}): TextHit[] {
  const top = ranked[0]?.score ?? 0;
  const minCov = opts.minCoverage ?? 0.5;
  const strong = (r: TextRanked) => r.coverage >= minCov || (r.score >= top * 0.5 && r.coverage >= 0.25);
  const pool = citable(ranked, opts);
  // The learned order among strong hits, then among the rest (a weak hit never pushes a strong one out).
  const ordered = opts.learned ? learnedOrder(pool, opts.learned) : pool;
  return (opts.learned ? [...ordered.filter(strong), ...ordered.filter((r) => !strong(r))] : ordered).slice(0, 10).map((r) => {
    const quote = pickQuote(r.doc.text, groups);
    const c = ctx.convs.get(r.doc.conversationId);
    return {
      conversationId: r.doc.conversationId, seq: r.doc.seq, atMs: r.doc.startMs, speaker: r.doc.speaker, side: r.doc.side, quote,
      score: r.score, strong: strong(r), ranked: r,
      line: `${r.doc.speaker ?? "Unknown speaker"}${r.doc.side ? ` (${r.doc.side})` : ""}, ${c?.file ?? ""}: “${quote}”`,
    };
  });
}

/** Candidate utterances as hits (see textHits; without `opts.learned`, in the first-stage order of rankDocs). */
export function answerFromText(ctx: AskContext, utterances: AskUtterance[], groups: TermGroup[], opts: TextRankOptions = {}): TextHit[] {
  return textHits(ctx, rankText(ctx, utterances, groups, opts), groups, opts);
}

/** Concept groups for retrieval: the topic, plus the intent's own vocabulary when the topic is thin. */
export function retrievalGroups(q: ParsedQuestion): TermGroup[] {
  const extra: string[] = [];
  if (q.intents.includes("approval")) extra.push("approve");
  if (q.intents.includes("risks")) extra.push("risk");
  return [...q.groups, ...buildTermGroups(extra.join(" "), 0.6).map((g) => ({ ...g, weight: 0.5 }))];
}
