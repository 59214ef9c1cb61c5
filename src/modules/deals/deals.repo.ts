import { sql } from "kysely";
import "../../db/schema-partner-access.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Deal, DealSummary, ListDealsQuery } from "./deals.schemas.ts";

type D = Pick<Deps, "db">;

/** `isPartnerView`: conversations kept internal as a whole, and calls held for recording consent, are not counted. */
function baseQuery(deps: D, isPartnerView = false) {
  return deps.db.selectFrom("deals as d")
    .leftJoin("organisations as b", "b.id", "d.buyer_org_id")
    .leftJoin("people as o", "o.id", "d.owner_id")
    .leftJoin("people as bo", "bo.id", "d.backup_owner_id")
    .leftJoin("people as po", "po.id", "d.partner_owner_id")
    // Lateral joins, not correlated subqueries in the select list: on PGlite the json_agg subplan alone cost ~10 ms a row.
    .leftJoinLateral((eb) => eb.selectFrom("conversations as c").whereRef("c.deal_id", "=", "d.id")
      .$if(isPartnerView, (q) => q.where("c.is_internal", "=", false).where("c.held_for_consent", "=", false))
      .select([sql<string>`count(*)`.as("n"), sql<Date | null>`max(c.started_at)`.as("last_at")]).as("cc"), (j) => j.onTrue())
    .leftJoinLateral((eb) => eb.selectFrom("deal_partners as dp").innerJoin("organisations as po2", "po2.id", "dp.org_id").whereRef("dp.deal_id", "=", "d.id")
      .select(sql<Array<{ id: string; name: string }> | null>`json_agg(json_build_object('id', po2.id, 'name', po2.name) ORDER BY po2.name)`.as("list")).as("pp"), (j) => j.onTrue())
    .select([
      "d.id", "d.slug", "d.name", "d.stage", "d.motion", "d.amount", "d.currency", "d.timezone", "d.updated_at",
      "b.id as buyer_id", "b.name as buyer_name", "o.id as owner_id", "o.name as owner_name",
      "bo.id as backup_id", "bo.name as backup_name", "po.id as partner_owner_id", "po.name as partner_owner_name",
      sql<string>`coalesce(cc.n, 0)`.as("conversation_count"),
      sql<Date | null>`cc.last_at`.as("last_conversation_at"),
      sql<Array<{ id: string; name: string }>>`coalesce(pp.list, '[]'::json)`.as("partners"),
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;
/** The columns a deal is read from: baseQuery's, and the deal page's one statement (deal-page.repo.ts) selects the same. */
export type DealColumns = Pick<Row, "id" | "slug" | "name" | "stage" | "motion" | "currency" | "timezone" | "buyer_id" | "buyer_name"
  | "owner_id" | "owner_name" | "backup_id" | "backup_name" | "partner_owner_id" | "partner_owner_name" | "partners"> & {
  amount: string | number | null; updated_at: Date | string; conversation_count: string | number; last_conversation_at: Date | string | null;
};
const ref = (id: string | null, name: string | null) => (id && name ? { id, name } : null);
function toSummary(r: DealColumns): DealSummary {
  return {
    id: r.id, slug: r.slug, name: r.name, stage: r.stage, motion: r.motion,
    amount: r.amount == null ? null : Number(r.amount), currency: r.currency, buyer: ref(r.buyer_id, r.buyer_name),
    partners: r.partners, owner: ref(r.owner_id, r.owner_name), conversationCount: Number(r.conversation_count),
    lastConversationAt: r.last_conversation_at ? new Date(r.last_conversation_at).toISOString() : null,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** `sharedWithOrgId`: only deals shared with that partner organisation (what a partner user may list). */
export async function listDeals(deps: D, workspaceId: string, f: ListDealsQuery & { sharedWithOrgId?: string }): Promise<DealSummary[]> {
  let q = baseQuery(deps, f.sharedWithOrgId !== undefined).where("d.workspace_id", "=", workspaceId).orderBy("d.updated_at", "desc");
  if (f.sharedWithOrgId !== undefined) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM deal_partners dp WHERE dp.deal_id = d.id AND dp.org_id = ${f.sharedWithOrgId})`);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where(sql<boolean>`(d.name ILIKE ${like} OR b.name ILIKE ${like} OR EXISTS (SELECT 1 FROM deal_partners dp JOIN organisations x ON x.id = dp.org_id WHERE dp.deal_id = d.id AND x.name ILIKE ${like}))`);
  }
  if (f.stage) q = q.where("d.stage", "=", f.stage);
  if (f.motion) q = q.where("d.motion", "=", f.motion);
  if (f.partner) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM deal_partners dp JOIN organisations x ON x.id = dp.org_id WHERE dp.deal_id = d.id AND (x.id = ${f.partner} OR x.name ILIKE ${f.partner}))`);
  return (await q.execute()).map(toSummary);
}

export async function findDeal(deps: D, idOrSlug: string): Promise<Deal | null> {
  const r = await baseQuery(deps).where((eb) => eb.or([eb("d.id", "=", idOrSlug), eb("d.slug", "=", idOrSlug)])).executeTakeFirst();
  return r ? toDeal(r) : null;
}

/** A deal row as the API's Deal. */
export function toDeal(r: DealColumns): Deal {
  return { ...toSummary(r), timezone: r.timezone, backupOwner: ref(r.backup_id, r.backup_name), partnerOwner: ref(r.partner_owner_id, r.partner_owner_name) };
}

export async function findDealIdBySlug(deps: D, workspaceId: string, slug: string) {
  return deps.db.selectFrom("deals").select(["id", "source_hash"]).where("workspace_id", "=", workspaceId).where("slug", "=", slug).executeTakeFirst();
}

export async function listDealPeopleIds(deps: D, dealId: string): Promise<string[]> {
  return (await deps.db.selectFrom("deal_people").select("person_id").where("deal_id", "=", dealId).execute()).map((r) => r.person_id);
}
export async function addDealPeople(deps: D, dealId: string, personIds: string[]) {
  if (!personIds.length) return;
  await deps.db.insertInto("deal_people").values(personIds.map((person_id) => ({ deal_id: dealId, person_id })))
    .onConflict((oc) => oc.doNothing()).execute();
}
/** `isNew`: the deal was created in this transaction, so it has no partners to remove. */
export async function setDealPartners(deps: D, dealId: string, orgIds: string[], opts: { isNew?: boolean } = {}) {
  if (!opts.isNew) await deps.db.deleteFrom("deal_partners").where("deal_id", "=", dealId).execute();
  if (orgIds.length) await deps.db.insertInto("deal_partners").values(orgIds.map((org_id) => ({ deal_id: dealId, org_id }))).execute();
}
