// Ask Baton: answers a question over one deal's (or the workspace's) conversations with cited evidence.
// The structured record answers first; full-text retrieval over utterances fills in or stands alone.
import { getDeal } from "../deals/index.ts";
import { formatAt } from "../record/index.ts";
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import {
  inBatches, itemOrder, listAskableDealIds, listAskConversations, listAskItems, listFulfilmentsOf, listItemsWide, listTextBeforeItems, listTurnSpans, listUtterancesAt, loadRoster,
  searchUtterances, searchUtterancesWide, type AskItem, type TermTier, type WideItemFilter,
} from "./ask.repo.ts";
import { parseQuestion } from "./question.ts";
import {
  answerCommitments, answerFromText, answerObjections, answerRisks, answerStakeholders, chronological, learnedSpans, objectionOnTopic, rankText, retrievalGroups, targetPeople, textHits,
  type AskContext, type Hit,
} from "./strategies.ts";
import { phraseAnswer, type AskModel } from "./llm-phrase.ts";
import { buildTermGroups } from "./synonyms.ts";
import { rankDocs } from "./rank.ts";
import { allStems, isStopword, words } from "./text.ts";
import type { AskUtterance } from "./ask.repo.ts";

export interface AskAudience { partnerOrgId?: string }
export interface AskEvidence {
  conversationId: string; conversation: string; seq: number; at: string; atMs: number; speaker: string | null; side: Side | null; quote: string;
}
/** How a language model phrased the answer: whether its wording was used, and how many of its citations failed the evidence check. */
export interface AskPhrasing { model: string; used: boolean; citationsDropped: number; error?: string }
export interface AskAnswer { q: string; answer: string; confidence: "strong" | "weak" | "none"; evidence: AskEvidence[]; phrasing?: AskPhrasing }

export const NOT_FOUND_ANSWER = "Not found in this deal's conversations.";
const MAX_ITEMS_WITH_CONTEXT = 3000;
/**
 * A scope of several deals holding more utterances than this is "wide": its questions read bounded candidate sets
 * (ask.repo.ts, BATCHES) rather than every match, so a workspace of thousands of calls answers in milliseconds. One
 * deal is never wide: its answers come from every match.
 */
export const WIDE_SCOPE_UTTERANCES = 200_000;
/** In a wide scope: candidates wanted before a search stops widening, and the most it reads. */
const WIDE_WANT = 100, WIDE_CAP = 250;
/** In a wide scope: items read for a list answer (commitments, risks, objections) at most. */
const WIDE_ITEMS = 150;

export interface AskInput {
  question: string; audience?: AskAudience; limit?: number;
  /** Optional language model that phrases a strong answer from the retrieved evidence (see llm-phrase.ts). */
  model?: AskModel | null;
  /** Utterances above which a multi-deal scope reads bounded candidate sets (default WIDE_SCOPE_UTTERANCES; tests lower it). */
  wideAbove?: number;
}

export async function askDeal(deps: Deps, input: AskInput & { dealId: string }): Promise<AskAnswer> {
  const deal = await getDeal(deps, input.dealId);
  if (input.audience?.partnerOrgId && !(await listAskableDealIds(deps, { dealId: deal.id, partnerOrgId: input.audience.partnerOrgId })).length) {
    throw notFound(`Deal ${input.dealId}`);
  }
  const a = await askOver(deps, [deal.id], input.question, input.audience != null, input.limit ?? 5, input.wideAbove);
  return input.model ? withPhrasing(deps, a, input.model, input.audience != null) : a;
}

export async function askWorkspace(deps: Deps, input: AskInput): Promise<AskAnswer> {
  const dealIds = await listAskableDealIds(deps, { partnerOrgId: input.audience?.partnerOrgId });
  const a = await askOver(deps, dealIds, input.question, input.audience != null, input.limit ?? 5, input.wideAbove);
  if (a.confidence === "none") return { ...a, answer: "Not found in any deal's conversations." };
  return input.model ? withPhrasing(deps, a, input.model, input.audience != null) : a;
}

/**
 * A strong answer re-phrased by the model from the utterances it cites (only those the audience may see). The model's
 * citations replace the evidence when at least one passes the check; otherwise the rule-based answer stands. Weak and
 * not-found answers are never phrased: "nearest matches" stays explicit.
 */
async function withPhrasing(deps: Deps, a: AskAnswer, model: AskModel, excludeInternal: boolean): Promise<AskAnswer> {
  if (a.confidence !== "strong" || !a.evidence.length) return a;
  const us = await listUtterancesAt(deps, { conversationIds: [...new Set(a.evidence.map((e) => e.conversationId))], seqs: a.evidence, excludeInternal });
  const text = new Map(us.map((u) => [`${u.conversationId}#${u.seq}`, u.text]));
  const offered = a.evidence.map((e, i) => ({ e, src: { ref: i + 1, speaker: e.speaker, side: e.side, conversation: e.conversation, at: e.at, text: text.get(`${e.conversationId}#${e.seq}`) ?? e.quote } }));
  const r = await phraseAnswer(model, a.q, offered.map((o) => o.src));
  if (!r.phrased) return { ...a, phrasing: { model: model.name, used: false, citationsDropped: 0, error: r.error } };
  const { citations, citationsDropped } = r.phrased;
  if (!citations.length) return { ...a, phrasing: { model: model.name, used: false, citationsDropped, error: "no citation passed the evidence check" } };
  const evidence = citations.map((c) => ({ ...offered[c.ref - 1]!.e, quote: c.quote }));
  return { ...a, answer: r.phrased.answer, evidence, phrasing: { model: model.name, used: true, citationsDropped } };
}

async function askOver(deps: Deps, dealIds: string[], question: string, excludeInternal: boolean, limit: number, wideAbove = WIDE_SCOPE_UTTERANCES): Promise<AskAnswer> {
  const [roster, convList] = await Promise.all([loadRoster(deps, dealIds), listAskConversations(deps, dealIds)]);
  const q = parseQuestion(question, roster.people, roster.orgs);
  const convs = new Map(convList.map((c) => [c.id, c]));
  const convIds = convList.map((c) => c.id);
  const total = convList.reduce((n, c) => n + (c.utterances ?? 0), 0);
  const wide = dealIds.length > 1 && total > wideAbove;
  const has = (i: string) => q.intents.includes(i as never);
  const items = wide ? [] : await listAskItems(deps, { dealIds, kinds: itemKindsFor(q.intents), excludeInternal });
  const ctx: AskContext = { q, people: roster.people, orgs: roster.orgs, convs, items: items.filter((i) => convs.has(i.conversationId)) };
  const groups = retrievalGroups(q);
  const terms = [...new Set(groups.flatMap((g) => g.alts.map((a) => a.text)))];
  // Wide (see searchUtterancesWide): every concept together first, then the question's own words, then any term or
  // synonym (which rank lower anyway). A first or last mention searches the conversations oldest (newest) first; other
  // questions search the whole scope at once, in storage order, the broadest tier the four newest conversations first.
  const allConcepts: TermTier = groups.map((g) => g.alts.map((a) => a.text));
  const ownWords = [...new Set(groups.flatMap((g) => g.alts.filter((a) => a.weight >= 1).map((a) => a.text)))];
  const tiers: TermTier[] = [...(allConcepts.length > 1 ? [allConcepts] : []), ...(ownWords.length < terms.length ? [[ownWords]] : []), [terms]];
  const searches = new Map<string, Promise<AskUtterance[]>>();
  const search = (f: { sides?: Side[]; personIds?: string[]; terms?: string[]; limit?: number; order?: "oldest" | "newest"; want?: number } = {}) => {
    // The same search asked twice (a named person's words, then their own words) is read once.
    const key = JSON.stringify(f);
    const known = searches.get(key);
    if (known) return known;
    const p = wide
      ? searchUtterancesWide(deps, {
        order: f.order === "oldest" ? "asc" : f.order === "newest" ? "desc" : undefined, recent: convIds.slice(-4).reverse(),
        dealIds, excludeInternal, sides: f.sides, personIds: f.personIds,
        cap: Math.max(f.limit ?? 0, WIDE_CAP), tiers: f.terms ? [[f.terms]] : tiers,
        // A first or last mention prefers turns naming every concept: once there are some, any-term matches add nothing.
        want: f.want ?? ((has("first") || has("last")) && !f.terms ? [1, WIDE_WANT] : WIDE_WANT),
      })
      : searchUtterances(deps, { conversationIds: convIds, terms: f.terms ?? terms, excludeInternal, sides: f.sides, personIds: f.personIds, limit: f.limit });
    searches.set(key, p);
    return p;
  };
  const wideItems = (f: Omit<WideItemFilter, "dealIds" | "excludeInternal">) => listItemsWide(deps, { dealIds, excludeInternal, ...f });
  /** Wide: items of `kinds` from the oldest conversations on, until `enough` (chronological lists show the earliest). */
  const oldestItems = (kinds: string[], extra: Omit<WideItemFilter, "dealIds" | "excludeInternal" | "kinds" | "limit">, enough: (xs: AskItem[]) => boolean) =>
    inBatches(convIds, WIDE_ITEMS, ({ conversationIds, seen, room }) => wideItems({ kinds, conversationIds, seen, limit: room, ...extra }), enough);
  /** Wide: items matching the question's concepts (all of them first, then any), at most WIDE_ITEMS. */
  const topicalItems = async (kinds: string[], extra: Omit<WideItemFilter, "dealIds" | "excludeInternal" | "kinds" | "limit"> = {}) => {
    const concepts: TermTier = q.groups.map((g) => g.alts.map((a) => a.text));
    const out = concepts.length > 1 ? await wideItems({ kinds, words: concepts, limit: WIDE_ITEMS, ...extra }) : [];
    if (out.length < WIDE_WANT) {
      const seen = new Set(out.map((i) => i.id));
      out.push(...(await wideItems({ kinds, words: [concepts.flat()], limit: WIDE_ITEMS, ...extra })).filter((i) => !seen.has(i.id)).slice(0, WIDE_ITEMS - out.length));
    }
    return out;
  };
  const setItems = (xs: AskItem[]) => { ctx.items = [...ctx.items, ...xs.filter((i) => convs.has(i.conversationId))].sort(itemOrder); };

  const structured: Hit[] = [];
  // "Which commitment fell between the teams?": the turns that say so and what they are about replace every other answer.
  const dropped = has("dropped") ? await answerDropped(deps, ctx, convIds, excludeInternal, total, search,
    wide ? (cueDealIds) => listItemsWide(deps, { dealIds: cueDealIds, kinds: ["commitment", "risk"], excludeInternal, limit: 20_000 }) : null) : [];
  if (dropped.length) structured.push(...dropped);
  else if (has("objections")) {
    const scene = /\bwhen the (partner|buyer|customer)\b/.test(question.toLowerCase()) && q.groups.length
      ? await search({ sides: [/partner/i.test(question) ? "partner" : "buyer"], terms: buildTermGroups(q.topic).flatMap((g) => g.alts.map((a) => a.text)), order: "oldest", want: 1 })
      : [];
    if (wide) {
      // Wide: the objections of the scene's conversations, or the earliest ones (on the question's topic when it has one).
      const people = targetPeople(ctx);
      const onTopic = (xs: AskItem[]) => (q.groups.length && !q.resolved && !people.size ? xs.filter((i) => objectionOnTopic(ctx, i)) : xs).length >= limit;
      setItems(scene.length
        ? await wideItems({ kinds: ["objection"], conversationIds: [...new Set(scene.map((u) => u.conversationId))], limit: 20_000 })
        : await oldestItems(["objection"], {}, onTopic));
    }
    structured.push(...answerObjections(ctx, scene));
  } else if (has("commitments")) {
    if (wide) await loadWideCommitments();
    // A commitment often just accepts what the turns before it asked for ("Who takes the questionnaire?" — "We'll fill out the infrastructure sections").
    // Across a whole workspace (thousands of commitments) the turns before each one cost more than they add: items rank on their own words.
    const many = wide || ctx.items.filter((i) => i.kind === "commitment").length > MAX_ITEMS_WITH_CONTEXT;
    if (q.groups.length && !many) ctx.around = await listTextBeforeItems(deps, { dealIds, kind: "commitment", turns: 4, excludeInternal });
    structured.push(...answerCommitments(ctx, limit));
  }
  else if (has("risks")) {
    if (wide) {
      const topical = q.groups.length ? await topicalItems(["risk"]) : [];
      setItems(topical.length ? topical : await oldestItems(["risk"], {}, (xs) => xs.length >= limit));
    }
    structured.push(...answerRisks(ctx));
  }
  if (!dropped.length && (has("stakeholders") || has("approval")) && !has("commitments") && !has("objections")) {
    if (wide) setItems(await listAskItems(deps, { dealIds, kinds: ["stakeholder"], excludeInternal }));
    structured.push(...answerStakeholders(ctx));
  }

  /** Wide: the commitments the question can mean (owner, side, open), on its topic or the earliest; and their fulfilments. */
  async function loadWideCommitments() {
    const people = targetPeople(ctx);
    const names = roster.people.filter((p) => people.has(p.id)).map((p) => p.name);
    const filter = {
      owners: people.size ? { ids: [...people], names } : undefined,
      sides: !people.size && q.sides.length ? q.sides : undefined,
      openOnly: q.status === "open",
    };
    // Without a topic the earliest commitments are shown, concrete ones (a due date) first, one per conversation in turn.
    const dated = (xs: AskItem[]) => new Set(xs.filter((i) => typeof i.data.due === "string" && i.data.due.trim()).map((i) => i.conversationId)).size >= limit;
    const cs = q.groups.length ? await topicalItems(["commitment"], filter) : await oldestItems(["commitment"], filter, dated);
    setItems(cs);
    // Fulfilments only for the commitments the answer shows ("(done)", deliveries); the open ones were chosen in SQL.
    const shown = new Set(answerCommitments(ctx, limit).map((h) => `${h.conversationId}#${h.seq}`));
    const refs = cs.filter((c) => shown.has(`${c.conversationId}#${c.seq}`))
      .map((c) => ({ dealId: convs.get(c.conversationId)?.dealId ?? "", ref: `${convs.get(c.conversationId)?.file}#${c.localId}` }));
    setItems(await listFulfilmentsOf(deps, { refs, excludeInternal }));
  }

  // A list from the record is the answer; text only adds to a thin one (or to what a named person said).
  const room = structured.length >= 2 && !q.personIds.length ? 0 : Math.max(0, Math.min(limit - structured.length, structured.length ? 3 : limit));
  let text: Hit[] = [];
  if (dropped.length || room === 0) text = [];
  else if (has("first") || has("last")) {
    const found = answerFromText(ctx, await search({ sides: q.sides, order: has("first") ? "oldest" : "newest" }), groups, { totalDocs: total, minCoverage: 0.6 });
    // The first mention of "the integration requirement" names both concepts, not just one of them.
    const full = found.filter((h) => h.ranked.coverage >= 0.99);
    const strong = found.filter((h) => h.strong);
    const pool = full.length ? full : strong.length ? strong : found;
    const sorted = chronological(ctx, pool);
    text = (has("last") ? sorted.reverse() : sorted).slice(0, 1);
  } else if (groups.length) {
    const people = q.personIds.length ? q.personIds : undefined;
    const fullText = async (us: AskUtterance[]) => {
      const ranked = rankText(ctx, us, groups, { totalDocs: total });
      // Not wide (one deal, or a small workspace): the learned turn ranking (retrieval.ts, the ranking scripts/eval-qmsum.mjs
      // measures) orders the best candidates, reading the talk around them (one more query). A wide scope keeps the
      // first-stage order (rankDocs): its candidates are a bounded sample over thousands of conversations, and the extra
      // read and ranking have not been measured against its speed target (bench key ask-workspace).
      if (wide) return textHits(ctx, ranked, groups);
      const turns = new Map<string, AskUtterance[]>();
      for (const u of await listTurnSpans(deps, { spans: learnedSpans(ranked), excludeInternal })) (turns.get(u.conversationId) ?? turns.set(u.conversationId, []).get(u.conversationId)!).push(u);
      return textHits(ctx, ranked, groups, { learned: { question, turns } });
    };
    text = await fullText(await search({ personIds: people }));
    if (people && !text.length) text = await fullText(await search());
  }

  // A named person's own words on the topic go with the record's list ("now that Jamal is leaving" → Jamal's handover);
  // so do the words of the people the record names when the question asks what they said.
  let own: Hit[] = [];
  const speakers = new Set(q.personIds);
  if (/\bwhat did (they|he|she|he or she) (say|said)\b|\band what did\b/i.test(question)) {
    for (const h of structured) for (const p of roster.people) if (h.line.startsWith(p.name)) speakers.add(p.id);
  }
  if (speakers.size && groups.length && !has("dropped")) {
    const found = answerFromText(ctx, await search({ personIds: [...speakers] }), groups, { totalDocs: total, relative: 0.2 });
    const top = found[0]?.ranked.own ?? 0;
    own = found.filter((h) => h.ranked.own >= top * 0.25 && h.ranked.own > 0).slice(0, structured.length ? 2 : 3).map((h) => ({ ...h, strong: true }));
  }

  const ownRoom = Math.min(own.length, Math.max(2, limit - structured.length));
  const hits = dedupe([...dedupe(structured).slice(0, limit - ownRoom), ...own, ...structured.slice(limit - ownRoom), ...(structured.length ? text.filter((h) => h.strong) : text).slice(0, room)]).slice(0, limit);
  if (!hits.length) return { q: question, answer: NOT_FOUND_ANSWER, confidence: "none", evidence: [] };
  const isStrong = structured.length > 0 || hits.some((h) => h.strong);
  const shown = isStrong ? hits.filter((h, i) => h.strong || i < structured.length) : hits.slice(0, 3);
  const lines = shown.map((h) => h.line);
  const answer = isStrong ? lines.join("\n") : `I couldn't find a clear answer; nearest matches:\n${lines.join("\n")}`;
  return {
    q: question, answer, confidence: isStrong ? "strong" : "weak",
    evidence: shown.map((h) => ({
      conversationId: h.conversationId, conversation: convs.get(h.conversationId)?.file ?? h.conversationId, seq: h.seq,
      at: formatAt(h.atMs), atMs: h.atMs, speaker: h.speaker, side: h.side, quote: h.quote,
    })),
  };
}

/** The record's item kinds the strategies for these intents read. */
export function itemKindsFor(intents: readonly string[]): string[] {
  const kinds = new Set<string>();
  const has = (i: string) => intents.includes(i);
  if (has("objections")) kinds.add("objection");
  else if (has("commitments")) { kinds.add("commitment"); kinds.add("fulfilment"); }
  else if (has("risks")) kinds.add("risk");
  if (has("stakeholders") || has("approval")) kinds.add("stakeholder");
  if (has("dropped")) { kinds.add("commitment"); kinds.add("risk"); }
  return [...kinds];
}

// Cues that a task fell between people: someone expected another to have it, or is still waiting for it.
const DROPPED_CUES = ["i thought", "thought you", "thought he", "thought she", "thought they", "fell between", "fell through", "dropped the ball",
  "hasn't gotten", "haven't gotten", "hasn't received", "haven't received", "still waiting", "was supposed to", "were supposed to", "nobody owned", "no one owned",
  "who was doing"];

/**
 * "Which commitment fell between the teams?": the turns that say so (cues), then the commitment and the risk
 * those turns are about — matched on the words around the cues, not on the question.
 */
async function answerDropped(deps: Deps, ctx: AskContext, convIds: string[], excludeInternal: boolean, total: number,
  search: (f: { terms?: string[]; limit?: number }) => Promise<AskUtterance[]>, loadItems: ((dealIds: string[]) => Promise<AskItem[]>) | null): Promise<Hit[]> {
  const cueGroup = { label: "dropped", weight: 1, alts: DROPPED_CUES.map((text) => ({ text, stems: allStems(text), weight: 1 })) };
  const found = answerFromText(ctx, await search({ terms: DROPPED_CUES, limit: 200 }), [cueGroup, ...ctx.q.groups.map((g) => ({ ...g, weight: 0.3 }))], { totalDocs: total, relative: 0.3 });
  const cues = found.slice(0, 2);
  if (!cues.length) return [];
  const window = await listUtterancesAt(deps, { conversationIds: convIds, excludeInternal,
    seqs: cues.flatMap((c) => [-3, -2, -1, 0, 1, 2, 3].map((d) => ({ conversationId: c.conversationId, seq: c.seq + d }))) });
  const cueStems = new Set(DROPPED_CUES.flatMap((c) => allStems(c)));
  const topicWords = [...new Set(window.flatMap((u) => words(u.text)).filter((w) => !isStopword(w) && w.length > 3 && !cueStems.has(allStems(w)[0]!)))];
  const groups = buildTermGroups(topicWords.join(" "), 0.5);
  // Wide: the commitments and risks of the deals those turns were said in (a whole workspace's are too many to rank).
  const cueDeals = [...new Set(cues.map((c) => ctx.convs.get(c.conversationId)?.dealId).filter((d): d is string => !!d))];
  const pool = loadItems ? (await loadItems(cueDeals)).filter((i) => ctx.convs.has(i.conversationId)).sort(itemOrder) : ctx.items;
  const items = pool.filter((i) => i.kind === "commitment" || i.kind === "risk");
  const ranked = rankDocs(items.map((item, i) => ({ group: "items", seq: i, text: `${String(item.data.text ?? "")} ${item.quote}`, item })), { groups });
  const top = ranked[0]?.score ?? 0;
  const best = ranked.filter((r) => r.score >= top * 0.4);
  const pick = [best.find((r) => r.doc.item.kind === "risk"), chronological(ctx, best.filter((r) => r.doc.item.kind === "commitment").map((r) => r.doc.item))[0]];
  const hits: Hit[] = cues.map((c) => ({ ...c, strong: true }));
  for (const p of pick) {
    const item = p && "doc" in p ? p.doc.item : p;
    if (!item) continue;
    const d = item.data;
    hits.push({ conversationId: item.conversationId, seq: item.seq, atMs: item.atMs, speaker: item.speaker, side: (d.side as Side | undefined) ?? null, quote: item.quote,
      score: 1, strong: true, line: item.kind === "risk" ? `${d.type} risk: ${str(d.text) ?? item.quote}` : `${str(d.owner) ?? "Unassigned"}${d.side ? ` (${d.side})` : ""}: ${str(d.text) ?? item.quote}` });
  }
  return hits;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${h.conversationId}#${h.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
