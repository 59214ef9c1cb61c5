// SQL for Ask: the deal's roster and conversations, candidate utterances from the stored tsvector,
// and the extracted items — always through the audience filter (internal rows hidden from partners).
// A wide scope (a whole workspace) reads bounded candidate sets instead of every match (see "bounded candidate sets").
import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { RosterOrg, RosterPerson } from "./question.ts";

type D = Pick<Deps, "db">;

export interface AskConversation {
  id: string; dealId: string; file: string; title?: string; startedAt?: string;
  /** Position in time across the scope (by start, then file name). */
  order: number; kind?: string;
  /**
   * The conversation's utterance count, kept on its row: summed, the corpus size for IDF (counting the rows costs a scan
   * of every utterance of a large workspace). Internal utterances hidden from an audience are included; it only scales term weights.
   */
  utterances?: number;
}
export interface AskUtterance {
  conversationId: string; seq: number; startMs: number; speaker: string | null; personId: string | null; side: Side | null; text: string;
}
export interface AskItem {
  id: string; localId: string; conversationId: string; kind: string; data: Record<string, unknown>; seq: number; atMs: number; speaker: string | null; quote: string;
}

/** Deal ids a question may search: one deal, or all deals (optionally only those shared with a partner org). */
export async function listAskableDealIds(deps: D, filter: { dealId?: string; partnerOrgId?: string }): Promise<string[]> {
  let q = deps.db.selectFrom("deals as d").select("d.id");
  if (filter.dealId) q = q.where("d.id", "=", filter.dealId);
  if (filter.partnerOrgId) {
    const org = filter.partnerOrgId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom("deal_partners as dp").select("dp.deal_id").whereRef("dp.deal_id", "=", "d.id").where("dp.org_id", "=", org)));
  }
  return (await q.orderBy("d.id").execute()).map((r) => r.id);
}

/** An utterance row as Ask reads it (the speaker: the person's name, else the label). */
function toAskUtterance(r: { conversation_id: string; seq: number; start_ms: number; speaker: string | null; person_id: string | null; side: string | null; text: string }): AskUtterance {
  return { conversationId: r.conversation_id, seq: r.seq, startMs: r.start_ms, speaker: r.speaker, personId: r.person_id, side: r.side as Side | null, text: r.text };
}

export async function loadRoster(deps: D, dealIds: string[]): Promise<{ people: RosterPerson[]; orgs: RosterOrg[] }> {
  if (!dealIds.length) return { people: [], orgs: [] };
  const orgQuery = deps.db.selectFrom("organisations as o").select(["o.id", "o.name", "o.side"])
    .where(({ or, exists, selectFrom, eb }) => or([
      exists(selectFrom("deals as d").select("d.id").whereRef("d.buyer_org_id", "=", "o.id").where("d.id", "in", dealIds)),
      exists(selectFrom("deal_partners as dp").select("dp.deal_id").whereRef("dp.org_id", "=", "o.id").where("dp.deal_id", "in", dealIds)),
      eb("o.side", "=", "ours"),
    ])).orderBy("o.name").execute();
  const peopleQuery = deps.db.selectFrom("people as p").leftJoin("organisations as o", "o.id", "p.org_id")
    .select(["p.id", "p.name", "p.title", "p.org_id", "o.side"])
    .where(({ exists, selectFrom }) => exists(selectFrom("deal_people as dp").select("dp.person_id").whereRef("dp.person_id", "=", "p.id").where("dp.deal_id", "in", dealIds)))
    .orderBy("p.name").execute();
  const [orgRows, peopleRows] = await Promise.all([orgQuery, peopleQuery]);
  return {
    orgs: orgRows.map((o) => ({ id: o.id, name: o.name, side: o.side as Side })),
    people: peopleRows.map((p) => ({ id: p.id, name: p.name, title: p.title, side: (p.side ?? null) as Side | null, orgId: p.org_id })),
  };
}

export async function listAskConversations(deps: D, dealIds: string[]): Promise<AskConversation[]> {
  if (!dealIds.length) return [];
  // Only what answering reads: a workspace has thousands of conversations and this runs for every question.
  const rows = await deps.db.selectFrom("conversations").select(["id", "deal_id", "source_file", "kind", "utterance_count"])
    .where("deal_id", "in", dealIds).where(sql<boolean>`role IS DISTINCT FROM 'intro' AND NOT held_for_consent`).orderBy("started_at").orderBy("source_file").orderBy("id").execute();
  return rows.map((r, i) => ({ id: r.id, dealId: r.deal_id, file: r.source_file ?? r.id, order: i, kind: r.kind, utterances: Number(r.utterance_count ?? 0) }));
}

const UNRANKED_CAP = 2000;

/** OR-ed terms in websearch_to_tsquery syntax (phrases quoted). */
const websearch = (terms: string[]) => terms.map((t) => (t.includes(" ") ? `"${t.replace(/"/g, "")}"` : t.replace(/["-]/g, ""))).filter(Boolean).join(" or ");

/**
 * Utterances matching any of the OR-ed terms (websearch syntax, stemmed by PostgreSQL); with `personIds`, only those
 * speakers; without terms, all their utterances. The caller re-ranks them, so the order here does not matter while
 * every match is returned: up to UNRANKED_CAP (or `limit`, when larger) matches are read unranked (ts_rank_cd costs
 * more than the match itself), and only when there are more than that are the best `limit` picked by ts_rank_cd.
 */
export async function searchUtterances(deps: D, f: {
  conversationIds: string[]; terms: string[]; excludeInternal: boolean; personIds?: string[]; sides?: Side[]; limit?: number;
}): Promise<AskUtterance[]> {
  if (!f.conversationIds.length) return [];
  const web = websearch(f.terms);
  if (!web && !f.personIds?.length) return [];
  const limit = f.limit ?? 800;
  let q = deps.db.selectFrom("utterances as u").leftJoin("people as p", "p.id", "u.person_id")
    .select(["u.conversation_id", "u.seq", "u.start_ms", "u.person_id", "u.side", "u.text", sql<string | null>`coalesce(p.name, u.speaker_label)`.as("speaker")])
    .where("u.conversation_id", "in", f.conversationIds);
  if (f.excludeInternal) q = q.where("u.is_internal", "=", false);
  if (f.personIds?.length) q = q.where("u.person_id", "in", f.personIds);
  if (f.sides?.length) q = q.where("u.side", "in", f.sides);
  if (web) q = q.where(sql<boolean>`u.tsv @@ websearch_to_tsquery('english', ${web})`);
  const cap = Math.max(limit, UNRANKED_CAP);
  let rows = await q.limit(cap + 1).execute();
  if (rows.length > cap) {
    const ranked = web ? q.orderBy(sql`ts_rank_cd(u.tsv, websearch_to_tsquery('english', ${web}))`, "desc") : q;
    rows = await ranked.orderBy("u.conversation_id").orderBy("u.seq").limit(limit).execute();
  }
  return rows.map(toAskUtterance);
}

// ── bounded candidate sets for a large scope (a whole workspace) ─────────────────────────────────────────────────
// Across thousands of conversations, "every match" is tens of thousands of rows and ranking them all (ts_rank_cd, or in
// memory) costs seconds. The wide-scope reads below return a bounded candidate set instead:
//  - conversations are searched in batches in a given order (oldest first for chronological lists of items: the first
//    BATCHES[0] conversations, then up to BATCHES[1], then the rest of the scope; for a first or last mention, oldest or
//    newest first among the conversations whose words hold every concept, see conversation_terms);
//  - the search stops once `want` candidates are found, and never returns more than `cap`;
//  - each tier of terms is tried in turn (the caller's: all concepts together, then the question's own words, then any
//    term or synonym): matches of every concept are what the ranking keeps anyway, the OR of common words is only
//    needed when those are too few;
//  - a question without an order (not "first"/"last") searches the whole scope at once, only its broadest tier the
//    few newest conversations first.
// Within one query matches come in storage order, so beyond `cap` which ones are kept is arbitrary: a workspace-wide
// answer is the best of a bounded sample of the matches, not of all of them. One deal never takes this path.
export const BATCHES = [16, 128];

/** One tier: term lists AND-ed together, the terms of each list OR-ed (websearch syntax, stemmed by PostgreSQL). */
export type TermTier = string[][];
const tierQuery = (tier: TermTier) => sql.join(tier.map((terms) => sql`websearch_to_tsquery('english', ${websearch(terms)})`), sql` && `);
/**
 * The same with each phrase as its words (all of them, in any order): for a GIN index that keeps no positions (items'
 * words, conversation_terms), a phrase would make every candidate row be re-checked, its tsvector rebuilt.
 */
const unorderedWords = (terms: string[]) => terms.map((t) => t.replace(/["-]/g, " ").trim()).filter(Boolean).join(" or ");
const wordsQuery = (tier: TermTier) => sql.join(tier.map((terms) => sql`websearch_to_tsquery('english', ${unorderedWords(terms)})`), sql` && `);

// Whether PostgreSQL's parser leaves nothing of a term (only stop words: "has to", "by when"); fixed for a term.
const emptyTerms = new Map<string, boolean>();

/**
 * The tier without its term lists that cannot be required: a list with a term PostgreSQL reduces to nothing matches
 * in memory (the ranking keeps stop words) what the index cannot find, so AND-ing it would drop true matches.
 */
async function requirable(deps: D, tier: TermTier): Promise<TermTier> {
  const live = tier.filter((terms) => websearch(terms));
  if (live.length < 2) return live;
  const unknown = [...new Set(live.flat().filter((t) => !emptyTerms.has(t)))];
  if (unknown.length) {
    const r = await sql<{ t: string; empty: boolean }>`SELECT t, numnode(websearch_to_tsquery('english', t)) = 0 AS empty FROM unnest(${unknown}::text[]) AS t`.execute(deps.db);
    for (const row of r.rows) emptyTerms.set(row.t, row.empty);
    if (emptyTerms.size > 10_000) emptyTerms.clear();
  }
  return live.filter((terms) => !terms.some((t) => emptyTerms.get(t) === true));
}

/**
 * Runs `fetch` over `ordered` conversation ids in batches (cumulative sizes) until `enough` of the collected rows, then
 * over the rest of the scope in one query (given the ids already searched) when `ordered` was not all searched or when
 * `more` conversations beyond it may match; `fetch` is given how many more rows it may return. With no ids and `more`,
 * one fetch over the whole scope.
 */
export async function inBatches<T>(ordered: string[], cap: number, fetch: (f: { conversationIds: string[] | null; seen: string[]; room: number }) => Promise<T[]>,
  enough: (rows: T[]) => boolean, batches: number[] = BATCHES, more = false): Promise<T[]> {
  const out: T[] = [];
  let from = 0;
  for (const size of batches) {
    if (from >= ordered.length || out.length >= cap) break;
    out.push(...(await fetch({ conversationIds: ordered.slice(from, size), seen: ordered.slice(0, from), room: cap - out.length })));
    from = Math.min(size, ordered.length);
    if (enough(out)) return out;
  }
  if ((from < ordered.length || more) && out.length < cap) out.push(...(await fetch({ conversationIds: null, seen: ordered.slice(0, from), room: cap - out.length })));
  return out;
}

/**
 * Wide-scope utterance search: matches of the tiers' terms in the askable conversations of `dealIds`, bounded as
 * described above. Rows are deduplicated.
 */
export async function searchUtterancesWide(deps: D, f: {
  dealIds: string[]; tiers: TermTier[]; excludeInternal: boolean; personIds?: string[]; sides?: Side[];
  /** Search the conversations oldest ("asc") or newest ("desc") first; without, the whole scope at once. */
  order?: "asc" | "desc";
  /**
   * Without an order: the newest conversations, searched first for the last tier (any term or synonym, thousands of
   * matches across a workspace: they are plentiful there, and reading a few conversations costs less than the index's
   * union of every term's matches).
   */
  recent?: string[];
  /** Candidates wanted (per tier: after tier k, stop once want[k] are found). */
  want: number | number[]; cap: number;
}): Promise<AskUtterance[]> {
  const found = new Map<string, AskUtterance>();
  for (const [k, tier] of f.tiers.entries()) {
    const want = typeof f.want === "number" ? f.want : f.want[Math.min(k, f.want.length - 1)]!;
    const live = await requirable(deps, tier);
    if (!live.length) continue;
    const fetch = async ({ conversationIds, seen, room }: { conversationIds: string[] | null; seen: string[]; room: number }) => {
      // A small batch is read through (conversation_id, seq) and each turn tested: the planner would rather filter every
      // full-text match of the workspace by conversation (it underestimates AND-ed terms), thousands of rows for common words.
      const match = conversationIds && conversationIds.length <= BATCHES[0]! ? sql`(u.tsv @@ (${tierQuery(live)})) IS TRUE` : sql`u.tsv @@ (${tierQuery(live)})`;
      const scope = conversationIds ? sql`u.conversation_id = ANY(${conversationIds}::text[])`
        : sql`u.conversation_id IN (SELECT id FROM conversations WHERE deal_id = ANY(${f.dealIds}::text[]) AND role IS DISTINCT FROM 'intro' AND NOT held_for_consent)
            ${seen.length ? sql`AND NOT (u.conversation_id = ANY(${seen}::text[]))` : sql``}`;
      const r = await sql<{ conversation_id: string; seq: number; start_ms: number; person_id: string | null; side: string | null; text: string; speaker: string | null }>`
        SELECT u.conversation_id, u.seq, u.start_ms, u.person_id, u.side, u.text, coalesce(p.name, u.speaker_label) AS speaker
        FROM utterances u LEFT JOIN people p ON p.id = u.person_id
        WHERE ${scope} AND ${match}
          ${f.excludeInternal ? sql`AND NOT u.is_internal` : sql``}
          ${f.personIds?.length ? sql`AND u.person_id = ANY(${f.personIds}::text[])` : sql``}
          ${f.sides?.length ? sql`AND u.side = ANY(${f.sides}::text[])` : sql``}
        LIMIT ${room}`.execute(deps.db);
      return r.rows.filter((x) => !found.has(`${x.conversation_id}#${x.seq}`));
    };
    const enough = (rows: unknown[]) => found.size + rows.length >= want;
    let rows: Awaited<ReturnType<typeof fetch>>;
    if (f.order && !f.personIds?.length) {
      // In time order: only the conversations whose words hold every concept of the tier (conversation_terms), a few at
      // a time; past the first TIME_ORDERED of them, the rest of the scope at once.
      const ordered = await conversationsWith(deps, f.dealIds, live, f.order, TIME_ORDERED, f.sides);
      rows = await inBatches(ordered, f.cap - found.size, fetch, enough, [4, 16, TIME_ORDERED], ordered.length >= TIME_ORDERED);
    } else {
      // The whole scope at once (a named person's words always: the person filter is selective on its own, see
      // utterances_person), the broadest tier after the newest few conversations.
      const recent = !f.personIds?.length && k === f.tiers.length - 1 ? f.recent ?? [] : [];
      rows = await inBatches(recent, f.cap - found.size, fetch, enough, [recent.length], true);
    }
    for (const r of rows) found.set(`${r.conversation_id}#${r.seq}`, toAskUtterance(r));
    if (found.size >= want || found.size >= f.cap) break;
  }
  return [...found.values()];
}

/** Conversations searched in time order before the rest of a wide scope. */
const TIME_ORDERED = 64;

/**
 * The scope's conversations where one side (of `sides`, when given) said words (conversation_terms) of every term
 * list of the tier, in time order (ascending: oldest first, as listAskConversations orders them), at most `limit`.
 * Phrases count as their words.
 */
async function conversationsWith(deps: D, dealIds: string[], tier: TermTier, order: "asc" | "desc", limit: number, sides?: Side[]): Promise<string[]> {
  const query = wordsQuery(tier);
  const dir = order === "asc" ? sql`ASC` : sql`DESC`;
  const r = await sql<{ id: string }>`
    SELECT c.id FROM conversations c
    WHERE c.deal_id = ANY(${dealIds}::text[]) AND c.role IS DISTINCT FROM 'intro' AND NOT c.held_for_consent
      AND c.id IN (SELECT t.conversation_id FROM conversation_terms t WHERE t.lexemes @@ (${query}) ${sides?.length ? sql`AND t.side = ANY(${sides}::text[])` : sql``})
    ORDER BY c.started_at ${dir}, c.source_file ${dir}, c.id ${dir} LIMIT ${limit}`.execute(deps.db);
  return r.rows.map((x) => x.id);
}

/** The words an item is found by in a wide scope (the expression of the items_words index). */
const ITEM_WORDS = sql`to_tsvector('english', coalesce(i.data->>'type', '') || ' ' || coalesce(i.human_data->>'text', i.data->>'text', '') || ' ' || i.quote)`;

export interface WideItemFilter {
  dealIds: string[]; kinds: string[]; excludeInternal: boolean;
  /** Only these conversations (null: the whole scope except `seen`). */
  conversationIds?: string[] | null; seen?: string[];
  /** Matching this tier of terms (see items_words). */
  words?: TermTier;
  sides?: Side[]; owners?: { ids: string[]; names: string[] };
  /** Commitments without a fulfilment in their deal. */
  openOnly?: boolean;
  limit: number;
}

/** Wide-scope items: the record's items under SQL filters, at most `limit` (in storage order). */
export async function listItemsWide(deps: D, f: WideItemFilter): Promise<AskItem[]> {
  if (!f.dealIds.length || !f.kinds.length || f.limit <= 0) return [];
  const words = f.words ? await requirable(deps, f.words) : undefined;
  if (f.words?.length && !words?.length) return [];
  const internal = (a: string) => (f.excludeInternal ? sql`AND NOT ${sql.ref(`${a}.is_internal`)}` : sql``);
  const field = (k: string) => sql`coalesce(i.human_data->>${k}, i.data->>${k})`;
  const r = await sql<{ id: string; local_id: string; conversation_id: string; kind: string; data: string; human_data: string | null; utterance_seq: number; at_ms: number; speaker: string | null; quote: string }>`
    SELECT i.id, i.local_id, i.conversation_id, i.kind, i.data::text AS data, i.human_data::text AS human_data, i.utterance_seq, i.at_ms, i.speaker, i.quote
    FROM items i JOIN conversations c ON c.id = i.conversation_id
    WHERE i.deal_id = ANY(${f.dealIds}::text[]) AND i.kind = ANY(${f.kinds}::text[]) AND i.review <> 'dismissed' ${internal("i")}
      ${f.conversationIds ? sql`AND i.conversation_id = ANY(${f.conversationIds}::text[])` : sql`AND c.role IS DISTINCT FROM 'intro'`}
      ${!f.conversationIds && f.seen?.length ? sql`AND NOT (i.conversation_id = ANY(${f.seen}::text[]))` : sql``}
      ${words?.length ? sql`AND ${ITEM_WORDS} @@ (${wordsQuery(words)})` : sql``}
      ${f.sides?.length ? sql`AND ${field("side")} = ANY(${f.sides}::text[])` : sql``}
      ${f.owners ? sql`AND (${field("ownerPersonId")} = ANY(${f.owners.ids}::text[]) OR ${field("owner")} = ANY(${f.owners.names}::text[]))` : sql``}
      ${f.openOnly ? sql`AND NOT EXISTS (SELECT 1 FROM items f WHERE f.kind = 'fulfilment' AND f.deal_id = i.deal_id
          AND f.data->>'commitmentRef' = coalesce(c.source_file, c.id) || '#' || i.local_id AND f.review <> 'dismissed' ${internal("f")})` : sql``}
    LIMIT ${f.limit}`.execute(deps.db);
  return r.rows.map(toAskItem);
}

/** The fulfilments of these commitments, within each commitment's deal (refs are "file#localId"). */
export async function listFulfilmentsOf(deps: D, f: { refs: Array<{ dealId: string; ref: string }>; excludeInternal: boolean }): Promise<AskItem[]> {
  if (!f.refs.length) return [];
  const r = await sql<{ id: string; local_id: string; conversation_id: string; kind: string; data: Record<string, unknown>; human_data: Record<string, unknown> | null; utterance_seq: number; at_ms: number; speaker: string | null; quote: string; deal_id: string }>`
    SELECT i.id, i.local_id, i.conversation_id, i.kind, i.data, i.human_data, i.utterance_seq, i.at_ms, i.speaker, i.quote, i.deal_id
    FROM items i
    WHERE i.kind = 'fulfilment' AND i.deal_id = ANY(${[...new Set(f.refs.map((x) => x.dealId))]}::text[])
      AND i.data->>'commitmentRef' = ANY(${[...new Set(f.refs.map((x) => x.ref))]}::text[]) AND i.review <> 'dismissed'
      ${f.excludeInternal ? sql`AND NOT i.is_internal` : sql``}`.execute(deps.db);
  const want = new Set(f.refs.map((x) => `${x.dealId}|${x.ref}`));
  return r.rows.filter((x) => want.has(`${x.deal_id}|${String(x.data.commitmentRef)}`)).map(toAskItem);
}

/** An item row; `data` and `human_data` as JSON text (see listAskItems) or already parsed. */
function toAskItem(r: { id: string; local_id: string; conversation_id: string; kind: string; data: unknown; human_data: unknown; utterance_seq: number; at_ms: number; speaker: string | null; quote: string }): AskItem {
  const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) as object : (v as object | null));
  return {
    id: r.id, localId: r.local_id, conversationId: r.conversation_id, kind: r.kind, data: { ...json(r.data), ...(json(r.human_data) ?? {}) },
    seq: r.utterance_seq, atMs: r.at_ms, speaker: r.speaker, quote: r.quote,
  };
}

/** Items in the order listAskItems returns them (conversation, time, id). */
export const itemOrder = (a: AskItem, b: AskItem) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Utterances at the given positions (e.g. the turns around extracted items), in conversation order. */
export async function listUtterancesAt(deps: D, f: { conversationIds: string[]; seqs: Array<{ conversationId: string; seq: number }>; excludeInternal: boolean }): Promise<AskUtterance[]> {
  if (!f.conversationIds.length || !f.seqs.length) return [];
  const byConv = new Map<string, Set<number>>();
  for (const s of f.seqs) if (f.conversationIds.includes(s.conversationId)) (byConv.get(s.conversationId) ?? byConv.set(s.conversationId, new Set()).get(s.conversationId)!).add(s.seq);
  if (!byConv.size) return [];
  let q = deps.db.selectFrom("utterances as u").leftJoin("people as p", "p.id", "u.person_id")
    .select(["u.conversation_id", "u.seq", "u.start_ms", "u.person_id", "u.side", "u.text", sql<string | null>`coalesce(p.name, u.speaker_label)`.as("speaker")])
    .where(({ and, or, eb }) => or([...byConv].map(([c, seqs]) => and([eb("u.conversation_id", "=", c), eb("u.seq", "in", [...seqs])]))));
  if (f.excludeInternal) q = q.where("u.is_internal", "=", false);
  const rows = await q.orderBy("u.conversation_id").orderBy("u.seq").execute();
  return rows.map(toAskUtterance);
}

/** The turns of each conversation from seq `from` to seq `to` (inclusive), in conversation order: the talk around candidates. */
export async function listTurnSpans(deps: D, f: { spans: Array<{ conversationId: string; from: number; to: number }>; excludeInternal: boolean }): Promise<AskUtterance[]> {
  if (!f.spans.length) return [];
  let q = deps.db.selectFrom("utterances as u").leftJoin("people as p", "p.id", "u.person_id")
    .select(["u.conversation_id", "u.seq", "u.start_ms", "u.person_id", "u.side", "u.text", sql<string | null>`coalesce(p.name, u.speaker_label)`.as("speaker")])
    .where(({ and, or, eb }) => or(f.spans.map((s) => and([eb("u.conversation_id", "=", s.conversationId), eb("u.seq", ">=", s.from), eb("u.seq", "<=", s.to)]))));
  if (f.excludeInternal) q = q.where("u.is_internal", "=", false);
  const rows = await q.orderBy("u.conversation_id").orderBy("u.seq").execute();
  return rows.map(toAskUtterance);
}

/**
 * The text of the `turns` turns before each item of `kind` in spoken conversations ("conversationId#seq" → text), so an
 * item that accepts what the turns before it asked for is found by their words. One aggregate query; each turn is one
 * (conversation_id, seq) index lookup (a seq range here makes the planner filter every turn of the conversation).
 */
export async function listTextBeforeItems(deps: D, f: { dealIds: string[]; kind: string; turns: number; excludeInternal: boolean }): Promise<Map<string, string>> {
  if (!f.dealIds.length) return new Map();
  const internal = f.excludeInternal ? sql`AND NOT u.is_internal AND NOT i.is_internal` : sql``;
  const rows = await sql<{ conversation_id: string; seq: number; text: string }>`
    SELECT i.conversation_id, i.utterance_seq AS seq, string_agg(u.text, ' ' ORDER BY u.seq) AS text
    FROM items i
    JOIN conversations c ON c.id = i.conversation_id AND c.kind <> 'email' AND c.role IS DISTINCT FROM 'intro'
    CROSS JOIN generate_series(1, ${f.turns}::int) AS back(n)
    JOIN utterances u ON u.conversation_id = i.conversation_id AND u.seq = i.utterance_seq - back.n
    WHERE i.deal_id IN (${sql.join(f.dealIds)}) AND i.kind = ${f.kind} AND i.review <> 'dismissed' ${internal}
    GROUP BY i.conversation_id, i.utterance_seq`.execute(deps.db);
  return new Map(rows.rows.map((r) => [`${r.conversation_id}#${r.seq}`, r.text]));
}

export async function listAskItems(deps: D, f: { dealIds: string[]; kinds: string[]; excludeInternal: boolean }): Promise<AskItem[]> {
  if (!f.dealIds.length || !f.kinds.length) return [];
  // The JSON columns come as text and are parsed here: an embedded database's read cache hands out a deep copy of
  // every object column per hit, which for a deal's thousands of items costs more than parsing the text.
  let q = deps.db.selectFrom("items").select(["id", "local_id", "conversation_id", "kind", "utterance_seq", "at_ms", "speaker", "quote"])
    .select([sql<string>`data::text`.as("data"), sql<string | null>`human_data::text`.as("human_data")])
    .where("deal_id", "in", f.dealIds).where("kind", "in", f.kinds as never[]).where("review", "!=", "dismissed");
  if (f.excludeInternal) q = q.where("is_internal", "=", false);
  const rows = await q.orderBy("conversation_id").orderBy("at_ms").orderBy("id").execute();
  return rows.map(toAskItem);
}
