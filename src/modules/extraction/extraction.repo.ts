import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { ItemKind } from "../../db/schema.ts";
import "../../db/schema-partner-access.ts";

type D = Pick<Deps, "db">;

export interface StoredItem {
  id: string; dealId: string; conversationId: string; kind: ItemKind; localId: string; fingerprint: string;
  data: Record<string, unknown>; seq: number; atMs: number; speaker: string | null; quote: string;
  review: "proposed" | "confirmed" | "corrected" | "dismissed"; humanData: Record<string, unknown> | null; isInternal: boolean;
}

const toItem = (r: {
  id: string; deal_id: string; conversation_id: string; kind: ItemKind; local_id: string; fingerprint: string; data: Record<string, unknown>;
  utterance_seq: number; at_ms: number; speaker: string | null; quote: string; review: StoredItem["review"]; human_data: Record<string, unknown> | null; is_internal: boolean;
}): StoredItem => ({
  id: r.id, dealId: r.deal_id, conversationId: r.conversation_id, kind: r.kind, localId: r.local_id, fingerprint: r.fingerprint,
  data: r.data, seq: r.utterance_seq, atMs: r.at_ms, speaker: r.speaker, quote: r.quote, review: r.review, humanData: r.human_data, isInternal: r.is_internal,
});

export async function listItems(deps: D, filter: { dealId: string; conversationId?: string; kind?: ItemKind; includeDismissed?: boolean }): Promise<StoredItem[]> {
  let q = deps.db.selectFrom("items").selectAll().where("deal_id", "=", filter.dealId);
  if (filter.conversationId) q = q.where("conversation_id", "=", filter.conversationId);
  if (filter.kind) q = q.where("kind", "=", filter.kind);
  if (!filter.includeDismissed) q = q.where("review", "!=", "dismissed");
  const rows = await q.orderBy("conversation_id").orderBy("kind").orderBy(sql`length(local_id)`).orderBy("local_id").execute();
  return rows.map(toItem);
}

export async function findItem(deps: D, id: string): Promise<StoredItem | null> {
  const r = await deps.db.selectFrom("items").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toItem(r) : null;
}

export async function listConversationItems(deps: D, conversationId: string): Promise<StoredItem[]> {
  const rows = await deps.db.selectFrom("items").selectAll().where("conversation_id", "=", conversationId).execute();
  return rows.map(toItem);
}

export async function insertRun(deps: D, run: { id: string; conversationId: string; engine: string; version: string; dropped: number; at: Date; stats?: Record<string, unknown> | null }) {
  await deps.db.insertInto("extraction_runs").values({
    id: run.id, conversation_id: run.conversationId, engine: run.engine, engine_version: run.version, dropped: run.dropped, created_at: run.at,
    ...(run.stats ? { stats: JSON.stringify(run.stats) } : {}),
  }).execute();
}

export type NewItem = Omit<StoredItem, "review" | "humanData" | "isInternal"> & { runId: string; at: Date };
export async function insertItems(deps: D, items: NewItem[]) {
  if (!items.length) return;
  const col = <T>(f: (it: NewItem) => T) => items.map(f);
  // One INSERT … SELECT over arrays: the internal check below is planned once, not once per row as it would be
  // in a VALUES list (~100 rows of two subqueries each made planning the cost of storing a call's items).
  // An item found again on words marked internal (or in an internal conversation) is internal too, so a
  // re-extraction never shares what a person kept from the partner.
  await sql`INSERT INTO items (id, deal_id, conversation_id, kind, local_id, fingerprint, data, utterance_seq, at_ms, speaker, quote, run_id, is_internal, created_at, updated_at)
    SELECT v.id, v.deal_id, v.conversation_id, v.kind, v.local_id, v.fingerprint, v.data::jsonb, v.seq, v.at_ms, v.speaker, v.quote, v.run_id,
      (EXISTS (SELECT 1 FROM utterances u WHERE u.conversation_id = v.conversation_id AND u.seq = v.seq AND u.is_internal)
        OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = v.conversation_id AND c.is_internal)),
      v.at, v.at
    FROM unnest(${col((it) => it.id)}::text[], ${col((it) => it.dealId)}::text[], ${col((it) => it.conversationId)}::text[], ${col((it) => it.kind)}::text[],
      ${col((it) => it.localId)}::text[], ${col((it) => it.fingerprint)}::text[], ${col((it) => JSON.stringify(it.data))}::text[], ${col((it) => it.seq)}::int[],
      ${col((it) => it.atMs)}::int[], ${col((it) => it.speaker)}::text[], ${col((it) => it.quote)}::text[], ${col((it) => it.runId)}::text[],
      ${col((it) => it.at.toISOString())}::timestamptz[])
      AS v(id, deal_id, conversation_id, kind, local_id, fingerprint, data, seq, at_ms, speaker, quote, run_id, at)`.execute(deps.db);
}

/** Keeps one item from partner users, or shares it again. */
export async function setItemInternal(deps: D, id: string, internal: boolean, at: Date) {
  await deps.db.updateTable("items").set({ is_internal: internal, updated_at: at }).where("id", "=", id).execute();
}

/** Marks the items cited at utterances in a seq range (or the whole conversation) internal or shared; returns how many changed. */
export async function setItemsInternalInRange(deps: D, conversationId: string, range: { fromSeq?: number; toSeq?: number }, internal: boolean, at: Date): Promise<number> {
  let q = deps.db.updateTable("items").set({ is_internal: internal, updated_at: at }).where("conversation_id", "=", conversationId).where("is_internal", "!=", internal);
  if (range.fromSeq != null) q = q.where("utterance_seq", ">=", range.fromSeq);
  if (range.toSeq != null) q = q.where("utterance_seq", "<=", range.toSeq);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export async function refreshProposedItem(deps: D, id: string, data: Record<string, unknown>, runId: string, at: Date) {
  await deps.db.updateTable("items").set({ data: JSON.stringify(data), run_id: runId, updated_at: at }).where("id", "=", id).where("review", "=", "proposed").execute();
}

export async function deleteItems(deps: D, ids: string[]) {
  if (ids.length) await deps.db.deleteFrom("items").where("id", "in", ids).execute();
}

export async function setItemReview(deps: D, id: string, review: StoredItem["review"], humanData: Record<string, unknown> | null, at: Date) {
  await deps.db.updateTable("items").set({ review, human_data: humanData == null ? null : JSON.stringify(humanData), updated_at: at }).where("id", "=", id).execute();
}
