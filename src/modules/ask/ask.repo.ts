// SQL for Ask: the deal's roster and conversations, candidate utterances from the stored tsvector,
// and the extracted items — always through the audience filter (internal rows hidden from partners).
import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import type { RosterOrg, RosterPerson } from "./question.ts";

type D = Pick<Deps, "db">;

export interface AskConversation { id: string; dealId: string; file: string; title: string; startedAt: string; order: number; kind?: string }
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

export async function loadRoster(deps: D, dealIds: string[]): Promise<{ people: RosterPerson[]; orgs: RosterOrg[] }> {
  if (!dealIds.length) return { people: [], orgs: [] };
  const orgRows = await deps.db.selectFrom("organisations as o").select(["o.id", "o.name", "o.side"])
    .where(({ or, exists, selectFrom, eb }) => or([
      exists(selectFrom("deals as d").select("d.id").whereRef("d.buyer_org_id", "=", "o.id").where("d.id", "in", dealIds)),
      exists(selectFrom("deal_partners as dp").select("dp.deal_id").whereRef("dp.org_id", "=", "o.id").where("dp.deal_id", "in", dealIds)),
      eb("o.side", "=", "ours"),
    ])).orderBy("o.name").execute();
  const peopleRows = await deps.db.selectFrom("people as p").leftJoin("organisations as o", "o.id", "p.org_id")
    .select(["p.id", "p.name", "p.title", "p.org_id", "o.side"])
    .where(({ exists, selectFrom }) => exists(selectFrom("deal_people as dp").select("dp.person_id").whereRef("dp.person_id", "=", "p.id").where("dp.deal_id", "in", dealIds)))
    .orderBy("p.name").execute();
  return {
    orgs: orgRows.map((o) => ({ id: o.id, name: o.name, side: o.side as Side })),
    people: peopleRows.map((p) => ({ id: p.id, name: p.name, title: p.title, side: (p.side ?? null) as Side | null, orgId: p.org_id })),
  };
}

export async function listAskConversations(deps: D, dealIds: string[]): Promise<AskConversation[]> {
  if (!dealIds.length) return [];
  const rows = await deps.db.selectFrom("conversations").select(["id", "deal_id", "source_file", "title", "started_at", "kind"])
    .where("deal_id", "in", dealIds).where(sql<boolean>`role IS DISTINCT FROM 'intro'`).orderBy("started_at").orderBy("source_file").execute();
  return rows.map((r, i) => ({ id: r.id, dealId: r.deal_id, file: r.source_file ?? r.id, title: r.title, startedAt: new Date(r.started_at).toISOString(), order: i, kind: r.kind }));
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
  return rows.map((r) => ({ conversationId: r.conversation_id, seq: r.seq, startMs: r.start_ms, speaker: r.speaker, personId: r.person_id, side: r.side as Side | null, text: r.text }));
}

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
  return rows.map((r) => ({ conversationId: r.conversation_id, seq: r.seq, startMs: r.start_ms, speaker: r.speaker, personId: r.person_id, side: r.side as Side | null, text: r.text }));
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

/**
 * How many utterances the conversations hold (the corpus size for IDF), from the count kept on each conversation row:
 * counting the rows themselves costs a scan of every utterance of a large workspace. Internal utterances hidden from
 * an audience are included; the number only scales term weights.
 */
export async function countUtterances(deps: D, conversationIds: string[]): Promise<number> {
  if (!conversationIds.length) return 0;
  const r = await deps.db.selectFrom("conversations").select(sql<string>`coalesce(sum(utterance_count), 0)`.as("n")).where("id", "in", conversationIds).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listAskItems(deps: D, f: { dealIds: string[]; kinds: string[]; excludeInternal: boolean }): Promise<AskItem[]> {
  if (!f.dealIds.length || !f.kinds.length) return [];
  let q = deps.db.selectFrom("items").select(["id", "local_id", "conversation_id", "kind", "data", "human_data", "utterance_seq", "at_ms", "speaker", "quote"])
    .where("deal_id", "in", f.dealIds).where("kind", "in", f.kinds as never[]).where("review", "!=", "dismissed");
  if (f.excludeInternal) q = q.where("is_internal", "=", false);
  const rows = await q.orderBy("conversation_id").orderBy("at_ms").orderBy("id").execute();
  return rows.map((r) => ({
    id: r.id, localId: r.local_id, conversationId: r.conversation_id, kind: r.kind, data: { ...(r.data as object), ...((r.human_data as object | null) ?? {}) },
    seq: r.utterance_seq, atMs: r.at_ms, speaker: r.speaker, quote: r.quote,
  }));
}
