// SQL for delivery_destinations and deliveries (this module's tables only).
import "../../db/schema-delivery.ts";
import type { DeliveryArtefact, DeliveryAudience, DeliveryChannel } from "../../db/schema-delivery.ts";
import type { Deps } from "../../shared/deps.ts";

type D = Pick<Deps, "db">;
const iso = (d: Date | string) => new Date(d).toISOString();
const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export interface DestinationRow {
  id: string; workspaceId: string; name: string; channel: DeliveryChannel; audience: DeliveryAudience; partnerOrgId: string | null;
  target: string; secretSealed: string | null; auto: string[]; createdBy: string; createdAt: string;
}
export interface DeliveryRow {
  id: string; workspaceId: string; dealId: string | null; partnerOrgId: string | null; artefact: DeliveryArtefact; artefactId: string | null;
  audience: DeliveryAudience; channel: DeliveryChannel; destinationId: string | null; target: string; status: "sent" | "failed";
  error: string | null; externalId: string | null; payloadDigest: string; dedupeKey: string | null; actor: string; sentAt: string;
}

type DestRecord = { id: string; workspace_id: string; name: string; channel: DeliveryChannel; audience: DeliveryAudience; partner_org_id: string | null; target: string; secret_sealed: string | null; auto: unknown; created_by: string; created_at: Date | string };
const toDestination = (r: DestRecord): DestinationRow => ({
  id: r.id, workspaceId: r.workspace_id, name: r.name, channel: r.channel, audience: r.audience, partnerOrgId: r.partner_org_id,
  target: r.target, secretSealed: r.secret_sealed, auto: parse<string[]>(r.auto), createdBy: r.created_by, createdAt: iso(r.created_at),
});

export async function insertDestination(deps: D, d: DestinationRow): Promise<void> {
  await deps.db.insertInto("delivery_destinations").values({
    id: d.id, workspace_id: d.workspaceId, name: d.name, channel: d.channel, audience: d.audience, partner_org_id: d.partnerOrgId,
    target: d.target, secret_sealed: d.secretSealed, auto: JSON.stringify(d.auto), created_by: d.createdBy, created_at: d.createdAt,
  }).execute();
}
export async function findDestinationByName(deps: D, workspaceId: string, name: string): Promise<DestinationRow | null> {
  const r = await deps.db.selectFrom("delivery_destinations").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
  return r ? toDestination(r) : null;
}
export async function listDestinations(deps: D, workspaceId: string, filter: { ids?: string[] } = {}): Promise<DestinationRow[]> {
  let q = deps.db.selectFrom("delivery_destinations").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.ids) {
    if (!filter.ids.length) return [];
    q = q.where("id", "in", filter.ids);
  }
  return (await q.orderBy("name").execute()).map(toDestination);
}
export async function deleteDestination(deps: D, workspaceId: string, id: string): Promise<boolean> {
  const r = await deps.db.deleteFrom("delivery_destinations").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

type DelRecord = { id: string; workspace_id: string; deal_id: string | null; partner_org_id: string | null; artefact: DeliveryArtefact; artefact_id: string | null; audience: DeliveryAudience; channel: DeliveryChannel; destination_id: string | null; target: string; status: "sent" | "failed"; error: string | null; external_id: string | null; payload_digest: string; dedupe_key: string | null; actor: string; sent_at: Date | string };
const toDelivery = (r: DelRecord): DeliveryRow => ({
  id: r.id, workspaceId: r.workspace_id, dealId: r.deal_id, partnerOrgId: r.partner_org_id, artefact: r.artefact, artefactId: r.artefact_id,
  audience: r.audience, channel: r.channel, destinationId: r.destination_id, target: r.target, status: r.status, error: r.error,
  externalId: r.external_id, payloadDigest: r.payload_digest, dedupeKey: r.dedupe_key, actor: r.actor, sentAt: iso(r.sent_at),
});

export async function insertDelivery(deps: D, d: DeliveryRow): Promise<void> {
  await deps.db.insertInto("deliveries").values({
    id: d.id, workspace_id: d.workspaceId, deal_id: d.dealId, partner_org_id: d.partnerOrgId, artefact: d.artefact, artefact_id: d.artefactId,
    audience: d.audience, channel: d.channel, destination_id: d.destinationId, target: d.target, status: d.status, error: d.error,
    external_id: d.externalId, payload_digest: d.payloadDigest, dedupe_key: d.dedupeKey, actor: d.actor, sent_at: d.sentAt,
  }).execute();
}
/**
 * An earlier successful send to this target of exactly this payload, or of the same thing by its dedupe key
 * (re-sending the same thing is a no-op).
 */
export async function findSentDelivery(deps: D, p: { channel: DeliveryChannel; target: string; destinationId: string | null; payloadDigest: string; dedupeKey?: string | null }): Promise<DeliveryRow | null> {
  const r = await deps.db.selectFrom("deliveries").selectAll().where("channel", "=", p.channel).where("target", "=", p.target)
    .where((eb) => (p.destinationId ? eb("destination_id", "=", p.destinationId) : eb("destination_id", "is", null)))
    .where((eb) => (p.dedupeKey ? eb("dedupe_key", "=", p.dedupeKey) : eb("payload_digest", "=", p.payloadDigest)))
    .where("status", "=", "sent").orderBy("sent_at").executeTakeFirst();
  return r ? toDelivery(r) : null;
}
export async function listDeliveries(deps: D, filter: { dealId?: string; partnerOrgId?: string; limit?: number }): Promise<DeliveryRow[]> {
  let q = deps.db.selectFrom("deliveries").selectAll();
  if (filter.dealId) q = q.where("deal_id", "=", filter.dealId);
  if (filter.partnerOrgId) q = q.where("partner_org_id", "=", filter.partnerOrgId);
  return (await q.orderBy("sent_at", "desc").orderBy("id", "desc").limit(filter.limit ?? 200).execute()).map(toDelivery);
}
