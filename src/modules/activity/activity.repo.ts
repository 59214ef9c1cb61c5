import type { Deps, Actor } from "../../shared/deps.ts";

export interface ActivityEntry {
  workspaceId: string; dealId?: string | null; actor: Actor; action: string;
  entity: string; entityId?: string | null; data?: Record<string, unknown>;
}

/** Appends to the activity log (the table refuses updates and deletes). */
export async function logActivity(deps: Pick<Deps, "db" | "clock">, e: ActivityEntry): Promise<void> {
  await deps.db.insertInto("activity").values({
    workspace_id: e.workspaceId, deal_id: e.dealId ?? null, actor: e.actor.id, action: e.action,
    entity: e.entity, entity_id: e.entityId ?? null, data: JSON.stringify(e.data ?? {}), at: deps.clock.now(),
  }).execute();
}

export async function listActivity(deps: Pick<Deps, "db">, filter: { dealId?: string; workspaceId?: string; limit?: number }) {
  let q = deps.db.selectFrom("activity").selectAll().orderBy("id", "desc").limit(filter.limit ?? 100);
  if (filter.dealId) q = q.where("deal_id", "=", filter.dealId);
  if (filter.workspaceId) q = q.where("workspace_id", "=", filter.workspaceId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: String(r.id), dealId: r.deal_id, actor: r.actor, action: r.action, entity: r.entity,
    entityId: r.entity_id, data: r.data, at: new Date(r.at).toISOString(),
  }));
}
