// SQL for workspace_secrets (sealed values only; this module's table).
import type { Deps } from "../../shared/deps.ts";
import "../../db/schema-sharing.ts";

type D = Pick<Deps, "db">;
export interface SecretRow { name: string; sealed: string; updatedBy: string; updatedAt: Date }

export async function upsertSecretRow(deps: D, r: { workspaceId: string; name: string; sealed: string; updatedBy: string; at: Date }): Promise<void> {
  await deps.db.insertInto("workspace_secrets")
    .values({ workspace_id: r.workspaceId, name: r.name, sealed: r.sealed, updated_by: r.updatedBy, updated_at: r.at })
    .onConflict((oc) => oc.columns(["workspace_id", "name"]).doUpdateSet({ sealed: r.sealed, updated_by: r.updatedBy, updated_at: r.at }))
    .execute();
}
/** Inserts unless the name is taken; returns the row that won (so two callers agree on one value). */
export async function insertSecretRowOnce(deps: D, r: { workspaceId: string; name: string; sealed: string; updatedBy: string; at: Date }): Promise<SecretRow> {
  await deps.db.insertInto("workspace_secrets")
    .values({ workspace_id: r.workspaceId, name: r.name, sealed: r.sealed, updated_by: r.updatedBy, updated_at: r.at })
    .onConflict((oc) => oc.columns(["workspace_id", "name"]).doNothing()).execute();
  return (await findSecretRow(deps, r.workspaceId, r.name))!;
}
export async function findSecretRow(deps: D, workspaceId: string, name: string): Promise<SecretRow | null> {
  const r = await deps.db.selectFrom("workspace_secrets").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
  return r ? { name: r.name, sealed: r.sealed, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at) } : null;
}
export async function listSecretRows(deps: D, workspaceId: string): Promise<SecretRow[]> {
  const rows = await deps.db.selectFrom("workspace_secrets").selectAll().where("workspace_id", "=", workspaceId).orderBy("name").execute();
  return rows.map((r) => ({ name: r.name, sealed: r.sealed, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at) }));
}
export async function deleteSecretRow(deps: D, workspaceId: string, name: string): Promise<boolean> {
  const r = await deps.db.deleteFrom("workspace_secrets").where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
