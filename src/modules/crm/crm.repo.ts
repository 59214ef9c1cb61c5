// SQL for the CRM tables (connections, outbox, external ids, OAuth states), plus one read-only projection of
// the deal rows a sync needs (deal, buyer, contacts, internal utterances, conversation titles, attribution)
// in a single round trip, because it runs inside the transaction of every record change.
import { sql, type Selectable } from "kysely";
import "../../db/schema-crm.ts";
import type { CrmConnectionsTable, CrmOutboxTable } from "../../db/schema-crm.ts";
import type { Deps } from "../../shared/deps.ts";
import type { CrmKind } from "./crm.types.ts";

type D = Pick<Deps, "db">;
const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export interface ConnectionRow {
  id: string; workspaceId: string; kind: CrmKind; name: string; side: "ours" | "partner"; partnerOrgId: string | null;
  baseUrl: string | null; instanceUrl: string | null; credentialsSealed: string | null; tokenExpiresAt: string | null;
  fieldMapping: Record<string, string>; enabled: boolean; dryRun: boolean; lastOkAt: string | null; lastError: string | null; createdAt: string;
}
type ConnSelect = Selectable<CrmConnectionsTable>;
const toConnection = (r: ConnSelect): ConnectionRow => ({
  id: r.id, workspaceId: r.workspace_id, kind: r.kind, name: r.name, side: r.side, partnerOrgId: r.partner_org_id, baseUrl: r.base_url,
  instanceUrl: r.instance_url, credentialsSealed: r.credentials_sealed, tokenExpiresAt: iso(r.token_expires_at),
  fieldMapping: parse<Record<string, string>>(r.field_mapping ?? {}), enabled: r.enabled, dryRun: r.dry_run, lastOkAt: iso(r.last_ok_at),
  lastError: r.last_error, createdAt: iso(r.created_at)!,
});

export async function listConnections(deps: D, workspaceId: string): Promise<ConnectionRow[]> {
  return (await deps.db.selectFrom("crm_connections").selectAll().where("workspace_id", "=", workspaceId).orderBy("created_at").orderBy("id").execute()).map(toConnection);
}
export async function findConnection(deps: D, id: string): Promise<ConnectionRow | null> {
  const r = await deps.db.selectFrom("crm_connections").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toConnection(r) : null;
}
export async function insertConnection(deps: D, c: Omit<ConnectionRow, "lastOkAt" | "lastError" | "createdAt"> & { createdAt: Date }) {
  await deps.db.insertInto("crm_connections").values({
    id: c.id, workspace_id: c.workspaceId, kind: c.kind, name: c.name, side: c.side, partner_org_id: c.partnerOrgId, base_url: c.baseUrl,
    instance_url: c.instanceUrl, credentials_sealed: c.credentialsSealed, token_expires_at: c.tokenExpiresAt, field_mapping: JSON.stringify(c.fieldMapping),
    enabled: c.enabled, dry_run: c.dryRun, created_at: c.createdAt,
  }).execute();
}
export type ConnectionPatch = Partial<Pick<ConnectionRow, "name" | "baseUrl" | "instanceUrl" | "credentialsSealed" | "tokenExpiresAt" | "fieldMapping" | "enabled" | "dryRun" | "lastOkAt" | "lastError">>;
export async function updateConnection(deps: D, id: string, p: ConnectionPatch) {
  const set: Record<string, unknown> = {};
  const cols: Record<keyof ConnectionPatch, string> = {
    name: "name", baseUrl: "base_url", instanceUrl: "instance_url", credentialsSealed: "credentials_sealed", tokenExpiresAt: "token_expires_at",
    fieldMapping: "field_mapping", enabled: "enabled", dryRun: "dry_run", lastOkAt: "last_ok_at", lastError: "last_error",
  };
  for (const [k, col] of Object.entries(cols) as Array<[keyof ConnectionPatch, string]>) {
    if (p[k] !== undefined) set[col] = k === "fieldMapping" ? JSON.stringify(p[k]) : p[k];
  }
  if (Object.keys(set).length) await deps.db.updateTable("crm_connections").set(set).where("id", "=", id).execute();
}
export async function deleteConnection(deps: D, id: string) {
  await deps.db.deleteFrom("crm_connections").where("id", "=", id).execute();
}

/** Enabled connections that receive this deal: ours always, a partner's when the deal is shared with it. */
export async function listSyncTargets(deps: D, dealId: string): Promise<ConnectionRow[]> {
  const rows = await deps.db.selectFrom("crm_connections as c").selectAll("c")
    .where("c.enabled", "=", true)
    .where("c.workspace_id", "=", (eb) => eb.selectFrom("deals").select("workspace_id").where("id", "=", dealId))
    .where((eb) => eb.or([eb("c.side", "=", "ours"), eb("c.partner_org_id", "in", eb.selectFrom("deal_partners").select("org_id").where("deal_id", "=", dealId))]))
    .orderBy("c.id").execute();
  return rows.map(toConnection);
}

export interface DealProjection {
  deal: { id: string; slug: string; name: string; stage: string; amount: string | null; currency: string | null; workspace_id: string; buyer_org_id: string | null };
  buyer: { id: string; name: string; domains: string[] } | null;
  contacts: Array<{ id: string; name: string; email: string | null; title: string | null; side: "ours" | "partner" | "buyer" | null }>;
  internal: Array<{ c: string; s: number }>;
  conversations: Array<{ id: string; title: string; started_at: string; is_internal: boolean }>;
  attribution: { classification: "sourced" | "influenced" | "none"; introduced_by: string | null } | null;
  partners: Array<{ id: string; name: string }>;
}

/** Read-only projection of other modules' rows for a sync (one round trip; see the file header). */
export async function loadDealProjection(deps: D, dealId: string): Promise<DealProjection | null> {
  const r = await sql<{ p: DealProjection | string | null }>`
    SELECT json_build_object(
      'deal', (SELECT json_build_object('id', d.id, 'slug', d.slug, 'name', d.name, 'stage', d.stage, 'amount', d.amount::text, 'currency', d.currency,
                 'workspace_id', d.workspace_id, 'buyer_org_id', d.buyer_org_id) FROM deals d WHERE d.id = ${dealId}),
      'buyer', (SELECT json_build_object('id', o.id, 'name', o.name, 'domains', o.domains) FROM deals d JOIN organisations o ON o.id = d.buyer_org_id WHERE d.id = ${dealId}),
      'contacts', COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'email', p.emails[1], 'title', p.title, 'side', o.side) ORDER BY p.name, p.id)
                 FROM deal_people dp JOIN people p ON p.id = dp.person_id LEFT JOIN organisations o ON o.id = p.org_id WHERE dp.deal_id = ${dealId}), '[]'::json),
      'internal', COALESCE((SELECT json_agg(json_build_object('c', u.conversation_id, 's', u.seq))
                 FROM utterances u JOIN conversations c ON c.id = u.conversation_id WHERE c.deal_id = ${dealId} AND u.is_internal), '[]'::json),
      'conversations', COALESCE((SELECT json_agg(json_build_object('id', c.id, 'title', c.title, 'started_at', c.started_at, 'is_internal', c.is_internal)) FROM conversations c WHERE c.deal_id = ${dealId}), '[]'::json),
      'attribution', (SELECT json_build_object('classification', a.classification, 'introduced_by', a.introduced_by) FROM attribution_current a WHERE a.deal_id = ${dealId}),
      'partners', COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name) FROM deal_partners dp JOIN organisations o ON o.id = dp.org_id WHERE dp.deal_id = ${dealId}), '[]'::json)
    ) AS p`.execute(deps.db);
  const p = parse<DealProjection | null>(r.rows[0]?.p ?? null);
  return p?.deal ? p : null;
}

/**
 * The marker a record change writes: one row per enabled connection receiving the deal, in one statement.
 * While a deal's marker is still pending, further changes coalesce into it (the partial unique index).
 */
export async function insertSyncMarkers(deps: D, dealId: string, reason: string, at: Date): Promise<number> {
  const r = await sql`
    INSERT INTO crm_outbox (connection_id, deal_id, op, baton_id, content_hash, payload, idempotency_key, reason, next_attempt_at, created_at)
    SELECT c.id, ${dealId}, 'sync-deal', ${dealId}, '', '{}'::jsonb, 'sync:' || gen_random_uuid()::text, ${reason}, ${at}, ${at}
    FROM crm_connections c
    WHERE c.enabled AND c.workspace_id = (SELECT workspace_id FROM deals WHERE id = ${dealId})
      AND (c.side = 'ours' OR c.partner_org_id IN (SELECT org_id FROM deal_partners WHERE deal_id = ${dealId}))
    ON CONFLICT (connection_id, deal_id) WHERE op = 'sync-deal' AND status = 'pending' DO NOTHING`.execute(deps.db);
  return Number(r.numAffectedRows ?? 0);
}

/** Pending markers (for expanding them outside the worker: tests, the CLI). */
export async function listPendingMarkers(deps: D, dealId?: string): Promise<Array<{ id: string; connectionId: string; dealId: string; reason: string | null }>> {
  let q = deps.db.selectFrom("crm_outbox").select(["id", "connection_id", "deal_id", "reason"]).where("op", "=", "sync-deal").where("status", "=", "pending");
  if (dealId) q = q.where("deal_id", "=", dealId);
  return (await q.orderBy("id").execute()).map((r) => ({ id: String(r.id), connectionId: r.connection_id, dealId: r.deal_id, reason: r.reason }));
}
/** Marks a marker done unless someone else took it (false). */
export async function completeMarker(deps: D, id: string, at: Date, lockedBy: string | null): Promise<boolean> {
  let q = deps.db.updateTable("crm_outbox").set({ status: "done", done_at: at, locked_by: null, locked_at: null }).where("id", "=", id);
  q = lockedBy ? q.where("locked_by", "=", lockedBy).where("status", "=", "in_flight") : q.where("status", "=", "pending");
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
}

export interface LatestOutbox { connectionId: string; op: string; batonId: string; contentHash: string; idempotencyKey: string }
/** The newest row per connection, op and Baton object of a deal: the predecessor of the next change. */
export async function listLatestOutbox(deps: D, dealId: string, connectionIds: string[]): Promise<LatestOutbox[]> {
  if (!connectionIds.length) return [];
  const r = await sql<{ connection_id: string; op: string; baton_id: string; content_hash: string; idempotency_key: string }>`
    SELECT DISTINCT ON (connection_id, op, baton_id) connection_id, op, baton_id, content_hash, idempotency_key
    FROM crm_outbox WHERE deal_id = ${dealId} AND connection_id IN (${sql.join(connectionIds)}) AND op <> 'sync-deal'
    ORDER BY connection_id, op, baton_id, id DESC`.execute(deps.db);
  return r.rows.map((x) => ({ connectionId: x.connection_id, op: x.op, batonId: x.baton_id, contentHash: x.content_hash, idempotencyKey: x.idempotency_key }));
}

export interface NewOutboxRow { connectionId: string; dealId: string; op: Selectable<CrmOutboxTable>["op"]; batonId: string; contentHash: string; payload: Record<string, unknown>; idempotencyKey: string; reason: string; at: Date }
/** Inserts the rows; a key already present is skipped (the same change enqueued twice is one row). Returns how many were new. */
export async function insertOutboxRows(deps: D, rows: NewOutboxRow[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await deps.db.insertInto("crm_outbox").values(rows.map((x) => ({
    connection_id: x.connectionId, deal_id: x.dealId, op: x.op, baton_id: x.batonId, content_hash: x.contentHash, payload: JSON.stringify(x.payload),
    idempotency_key: x.idempotencyKey, reason: x.reason, next_attempt_at: x.at, created_at: x.at,
  }))).onConflict((oc) => oc.columns(["connection_id", "idempotency_key"]).doNothing()).returning("id").execute();
  return r.length;
}

export interface OutboxRow {
  id: string; connectionId: string; dealId: string; op: "sync-deal" | "upsert-deal" | "upsert-note" | "upsert-task"; batonId: string; payload: Record<string, unknown>;
  idempotencyKey: string; status: "pending" | "in_flight" | "done" | "dead"; attempts: number; nextAttemptAt: string; lockedBy: string | null;
  lockedAt: string | null; lastError: string | null; lastStatus: number | null; reason: string | null; createdAt: string; doneAt: string | null; dryRunPlan: unknown;
}
type RawOutbox = {
  id: string | number; connection_id: string; deal_id: string; op: OutboxRow["op"]; baton_id: string; payload: unknown; idempotency_key: string; status: OutboxRow["status"];
  attempts: number; next_attempt_at: Date | string; locked_by: string | null; locked_at: Date | string | null; last_error: string | null; last_status: number | null;
  reason: string | null; created_at: Date | string; done_at: Date | string | null; dry_run_plan: unknown;
};
export const toOutbox = (r: RawOutbox): OutboxRow => ({
  id: String(r.id), connectionId: r.connection_id, dealId: r.deal_id, op: r.op, batonId: r.baton_id, payload: parse(r.payload), idempotencyKey: r.idempotency_key,
  status: r.status, attempts: r.attempts, nextAttemptAt: iso(r.next_attempt_at)!, lockedBy: r.locked_by, lockedAt: iso(r.locked_at), lastError: r.last_error,
  lastStatus: r.last_status, reason: r.reason, createdAt: iso(r.created_at)!, doneAt: iso(r.done_at), dryRunPlan: r.dry_run_plan == null ? null : parse(r.dry_run_plan),
});

/**
 * Claims up to `limit` due rows: pending ones whose time has come, and in-flight ones whose lease ran out (a
 * worker died between send and mark). A row waits while an earlier row of the same deal and connection is
 * still pending or in flight, so each deal reaches a CRM in the order its changes happened. A paused (disabled)
 * connection's rows wait.
 */
export async function claimOutboxRows(deps: D, opts: { workerId: string; limit: number; now: Date; leaseMs: number }): Promise<OutboxRow[]> {
  const staleBefore = new Date(opts.now.getTime() - opts.leaseMs);
  const r = await sql<RawOutbox>`
    WITH cand AS (
      SELECT o.id FROM crm_outbox o
      WHERE ((o.status = 'pending' AND o.next_attempt_at <= ${opts.now}) OR (o.status = 'in_flight' AND o.locked_at < ${staleBefore}))
        AND NOT EXISTS (SELECT 1 FROM crm_outbox e WHERE e.connection_id = o.connection_id AND e.deal_id = o.deal_id AND e.id < o.id AND e.status IN ('pending','in_flight'))
        AND EXISTS (SELECT 1 FROM crm_connections c WHERE c.id = o.connection_id AND c.enabled)
      ORDER BY o.id LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE crm_outbox o SET status = 'in_flight', locked_by = ${opts.workerId}, locked_at = ${opts.now}, attempts = o.attempts + 1
    FROM cand WHERE o.id = cand.id
    RETURNING o.*`.execute(deps.db);
  return r.rows.map(toOutbox).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Marks a claimed row; a no-op (false) when another worker reclaimed it after our lease ran out. */
export async function finishOutboxRow(deps: D, id: string, workerId: string, set: { status: "done" | "pending" | "dead"; at: Date; nextAttemptAt?: Date; lastError?: string | null; lastStatus?: number | null; dryRunPlan?: unknown }): Promise<boolean> {
  const r = await deps.db.updateTable("crm_outbox").set({
    status: set.status, locked_by: null, locked_at: null,
    ...(set.status === "done" ? { done_at: set.at } : {}),
    ...(set.nextAttemptAt ? { next_attempt_at: set.nextAttemptAt } : {}),
    ...(set.lastError !== undefined ? { last_error: set.lastError } : {}),
    ...(set.lastStatus !== undefined ? { last_status: set.lastStatus } : {}),
    ...(set.dryRunPlan !== undefined ? { dry_run_plan: JSON.stringify(set.dryRunPlan) } : {}),
  }).where("id", "=", id).where("locked_by", "=", workerId).where("status", "=", "in_flight").executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks a delivered row done and stores the CRM's ids, atomically in one statement (fenced like finishOutboxRow). */
export async function completeDelivery(deps: D, id: string, workerId: string, at: Date, ids: ExternalIdRow[], connectionId: string, dryRunPlan?: unknown): Promise<boolean> {
  const values = ids.length ? sql.join(ids.map((x) => sql`(${x.batonType}, ${x.batonId}, ${x.externalId})`)) : null;
  const plan = dryRunPlan === undefined ? null : JSON.stringify(dryRunPlan);
  const r = values
    ? await sql<{ id: string }>`
      WITH upd AS (
        UPDATE crm_outbox SET status = 'done', done_at = ${at}, locked_by = NULL, locked_at = NULL, last_error = NULL, last_status = NULL, dry_run_plan = COALESCE(${plan}::jsonb, dry_run_plan)
        WHERE id = ${id} AND locked_by = ${workerId} AND status = 'in_flight' RETURNING id
      ), ins AS (
        INSERT INTO crm_external_ids (connection_id, baton_type, baton_id, external_id, updated_at)
        SELECT ${connectionId}, v.t, v.b, v.e, ${at} FROM (VALUES ${values}) AS v(t, b, e) WHERE EXISTS (SELECT 1 FROM upd)
        ON CONFLICT (connection_id, baton_type, baton_id) DO UPDATE SET external_id = excluded.external_id, updated_at = excluded.updated_at
      )
      SELECT id FROM upd`.execute(deps.db)
    : await sql<{ id: string }>`
      UPDATE crm_outbox SET status = 'done', done_at = ${at}, locked_by = NULL, locked_at = NULL, last_error = NULL, last_status = NULL, dry_run_plan = COALESCE(${plan}::jsonb, dry_run_plan)
      WHERE id = ${id} AND locked_by = ${workerId} AND status = 'in_flight' RETURNING id`.execute(deps.db);
  return r.rows.length > 0;
}

/**
 * Deletes delivered rows finished before `before`, except the newest row of each connection, op and Baton object:
 * that one is the predecessor the next change's key and content comparison need.
 */
export async function pruneOutbox(deps: D, before: Date): Promise<number> {
  const r = await sql`
    DELETE FROM crm_outbox o WHERE o.status = 'done' AND o.done_at < ${before}
      AND EXISTS (SELECT 1 FROM crm_outbox n WHERE n.connection_id = o.connection_id AND n.deal_id = o.deal_id AND n.op = o.op AND n.baton_id = o.baton_id AND n.id > o.id)`.execute(deps.db);
  return Number(r.numAffectedRows ?? 0);
}

export async function findOutboxRow(deps: D, id: string): Promise<OutboxRow | null> {
  if (!/^\d{1,18}$/.test(id)) return null; // ids are bigints: anything else is no row (not a database error)
  const r = await deps.db.selectFrom("crm_outbox").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toOutbox(r as RawOutbox) : null;
}
export async function listOutbox(deps: D, filter: { workspaceId: string; status?: OutboxRow["status"]; dealId?: string; limit?: number }): Promise<OutboxRow[]> {
  let q = deps.db.selectFrom("crm_outbox as o").innerJoin("crm_connections as c", "c.id", "o.connection_id").selectAll("o").where("c.workspace_id", "=", filter.workspaceId);
  if (filter.status) q = q.where("o.status", "=", filter.status);
  if (filter.dealId) q = q.where("o.deal_id", "=", filter.dealId);
  return (await q.orderBy("o.id", "desc").limit(filter.limit ?? 200).execute()).map((r) => toOutbox(r as RawOutbox));
}
/**
 * Dead → pending now, attempts reset (a person fixed the cause). Later dead rows of the same deal and connection
 * go back with it: they usually died because this one did (a task needs its deal), and order is kept.
 */
export async function requeueOutboxRow(deps: D, row: { id: string; connectionId: string; dealId: string }, at: Date): Promise<number> {
  const r = await deps.db.updateTable("crm_outbox").set({ status: "pending", attempts: 0, next_attempt_at: at, locked_by: null, locked_at: null })
    .where("status", "=", "dead")
    .where((eb) => eb.or([eb("id", "=", row.id), eb.and([eb("connection_id", "=", row.connectionId), eb("deal_id", "=", row.dealId), eb("id", ">", row.id)])]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
export async function countOutbox(deps: D, status: OutboxRow["status"]): Promise<number> {
  const r = await deps.db.selectFrom("crm_outbox").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "=", status).executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ExternalIdRow { batonType: string; batonId: string; externalId: string }
export async function listExternalIds(deps: D, connectionId: string, batonIds: string[]): Promise<ExternalIdRow[]> {
  if (!batonIds.length) return [];
  const rows = await deps.db.selectFrom("crm_external_ids").select(["baton_type", "baton_id", "external_id"])
    .where("connection_id", "=", connectionId).where("baton_id", "in", batonIds).execute();
  return rows.map((r) => ({ batonType: r.baton_type, batonId: r.baton_id, externalId: r.external_id }));
}
export async function upsertExternalIds(deps: D, connectionId: string, rows: ExternalIdRow[], at: Date) {
  if (!rows.length) return;
  await deps.db.insertInto("crm_external_ids").values(rows.map((r) => ({ connection_id: connectionId, baton_type: r.batonType, baton_id: r.batonId, external_id: r.externalId, updated_at: at })))
    .onConflict((oc) => oc.columns(["connection_id", "baton_type", "baton_id"]).doUpdateSet((eb) => ({ external_id: eb.ref("excluded.external_id"), updated_at: eb.ref("excluded.updated_at") }))).execute();
}

export async function insertOauthState(deps: D, s: { state: string; workspaceId: string; kind: string; connection: Record<string, unknown>; at: Date }) {
  await deps.db.insertInto("crm_oauth_states").values({ state: s.state, workspace_id: s.workspaceId, kind: s.kind, connection: JSON.stringify(s.connection), created_at: s.at }).execute();
}
/** Takes (reads and deletes) a state: each one works once. */
export async function takeOauthState(deps: D, state: string): Promise<{ workspaceId: string; kind: string; connection: Record<string, unknown>; createdAt: string } | null> {
  const r = await deps.db.deleteFrom("crm_oauth_states").where("state", "=", state).returningAll().executeTakeFirst();
  return r ? { workspaceId: r.workspace_id, kind: r.kind, connection: parse(r.connection), createdAt: iso(r.created_at)! } : null;
}
