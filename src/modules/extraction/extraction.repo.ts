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
  await deps.db.insertInto("items").values(items.map((it) => ({
    id: it.id, deal_id: it.dealId, conversation_id: it.conversationId, kind: it.kind, local_id: it.localId, fingerprint: it.fingerprint,
    data: JSON.stringify(it.data), utterance_seq: it.seq, at_ms: it.atMs, speaker: it.speaker, quote: it.quote, run_id: it.runId,
    // An item found again on words marked internal (or in an internal conversation) is internal too, so a
    // re-extraction never shares what a person kept from the partner.
    is_internal: sql<boolean>`(EXISTS (SELECT 1 FROM utterances u WHERE u.conversation_id = ${it.conversationId} AND u.seq = ${it.seq} AND u.is_internal)
      OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = ${it.conversationId} AND c.is_internal))`,
    created_at: it.at, updated_at: it.at,
  }))).execute();
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
