// SQL for the append-only audit_log (this module's table only).
import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import "../../db/schema-sharing.ts";
import type { AuditAction, AuditActorKind, AuditEntry, AuditQuery } from "./audit.schemas.ts";

type D = Pick<Deps, "db">;

export interface NewAuditRow {
  workspaceId: string | null; actorId: string; actorKind: AuditActorKind; action: AuditAction; entity: string; entityId: string | null;
  /** A deal id, a deal id-or-slug, or an object whose deal the row belongs to (resolved inside the same INSERT). */
  deal: { id: string | null } | { slugOrId: string } | { of: DealOwner; id: string };
  ip: string | null; userAgent: string | null; data: Record<string, unknown>; at: Date;
}

/** Tables whose rows carry a deal_id: a fixed list, never caller text, so the table name is safe in SQL. */
export type DealOwner = "conversations" | "recaps" | "items" | "buyer_links";
const OWNERS: Record<DealOwner, true> = { conversations: true, recaps: true, items: true, buyer_links: true };

/** An object's deal, looked up by a sub-select inside the INSERT (no read first). */
function dealIdOf(r: NewAuditRow) {
  return "of" in r.deal
    ? (OWNERS[r.deal.of] ? sql<string | null>`(SELECT deal_id FROM ${sql.table(r.deal.of)} WHERE id = ${r.deal.id})` : null)
    : "slugOrId" in r.deal
      // The id by primary key first; the slug lookup runs only when that finds nothing (COALESCE is lazy).
      ? sql<string | null>`COALESCE((SELECT id FROM deals WHERE id = ${r.deal.slugOrId}), (SELECT id FROM deals WHERE slug = ${r.deal.slugOrId} LIMIT 1))`
      : r.deal.id;
}

/** One INSERT for any number of rows (ids follow the order given), no read first. */
export async function insertAuditRows(deps: D, rows: NewAuditRow[]): Promise<void> {
  if (!rows.length) return;
  await deps.db.insertInto("audit_log").values(rows.map((r) => ({
    workspace_id: r.workspaceId, actor_id: r.actorId, actor_kind: r.actorKind, action: r.action, entity: r.entity, entity_id: r.entityId,
    deal_id: dealIdOf(r), ip: r.ip, user_agent: r.userAgent, data: JSON.stringify(r.data), at: r.at,
  }))).execute();
}

export async function insertAuditRow(deps: D, r: NewAuditRow): Promise<void> {
  await insertAuditRows(deps, [r]);
}

export async function listAuditRows(deps: D, q: AuditQuery & { workspaceId?: string | null }): Promise<AuditEntry[]> {
  let s = deps.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(q.limit);
  if (q.workspaceId) s = s.where((eb) => eb.or([eb("workspace_id", "=", q.workspaceId!), eb("workspace_id", "is", null)]));
  if (q.dealId) s = s.where("deal_id", "=", q.dealId);
  if (q.actor) s = s.where("actor_id", "=", q.actor);
  if (q.action) s = s.where("action", "=", q.action);
  if (q.before) s = s.where("id", "<", q.before);
  const rows = await s.execute();
  return rows.map((r) => ({
    id: String(r.id), workspaceId: r.workspace_id, actorId: r.actor_id, actorKind: r.actor_kind, action: r.action, entity: r.entity,
    entityId: r.entity_id, dealId: r.deal_id, ip: r.ip, userAgent: r.user_agent,
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>, at: new Date(r.at).toISOString(),
  }));
}
