// SQL for buyer_links (this module's table only). Tokens are never stored: a link is its row.
import type { Deps } from "../../shared/deps.ts";
import "../../db/schema-sharing.ts";

type D = Pick<Deps, "db">;
export interface BuyerLinkRow {
  id: string; workspaceId: string; recapId: string; dealId: string; personId: string | null; expiresAt: Date; revokedAt: Date | null;
  createdBy: string; createdAt: Date; lastViewedAt: Date | null;
}
const d = (v: Date | string | null) => (v == null ? null : new Date(v));
const toRow = (r: { id: string; workspace_id: string; recap_id: string; deal_id: string; person_id: string | null; expires_at: Date; revoked_at: Date | null; created_by: string; created_at: Date; last_viewed_at: Date | null }): BuyerLinkRow => ({
  id: r.id, workspaceId: r.workspace_id, recapId: r.recap_id, dealId: r.deal_id, personId: r.person_id, expiresAt: new Date(r.expires_at),
  revokedAt: d(r.revoked_at), createdBy: r.created_by, createdAt: new Date(r.created_at), lastViewedAt: d(r.last_viewed_at),
});

export async function insertBuyerLink(deps: D, r: Omit<BuyerLinkRow, "revokedAt" | "lastViewedAt">): Promise<void> {
  await deps.db.insertInto("buyer_links").values({
    id: r.id, workspace_id: r.workspaceId, recap_id: r.recapId, deal_id: r.dealId, person_id: r.personId, expires_at: r.expiresAt,
    created_by: r.createdBy, created_at: r.createdAt,
  }).execute();
}
export async function findBuyerLink(deps: D, id: string): Promise<BuyerLinkRow | null> {
  const r = await deps.db.selectFrom("buyer_links").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toRow(r) : null;
}
export async function listBuyerLinkRows(deps: D, dealId: string): Promise<BuyerLinkRow[]> {
  return (await deps.db.selectFrom("buyer_links").selectAll().where("deal_id", "=", dealId).orderBy("created_at", "desc").orderBy("id", "desc").execute()).map(toRow);
}
/** Revokes once: a second revoke keeps the first time. */
export async function setBuyerLinkRevoked(deps: D, id: string, at: Date): Promise<void> {
  await deps.db.updateTable("buyer_links").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).execute();
}
export async function touchBuyerLink(deps: D, id: string, at: Date): Promise<void> {
  await deps.db.updateTable("buyer_links").set({ last_viewed_at: at }).where("id", "=", id).execute();
}
