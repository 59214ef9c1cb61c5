import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { findOrg, findPerson, getWorkspace } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import * as repo from "./deals.repo.ts";
import type { CreateDeal, Deal, UpdateDeal } from "./deals.schemas.ts";
import { slugify } from "./deal.ts";

export async function getDeal(deps: Deps, idOrSlug: string): Promise<Deal> {
  const d = await repo.findDeal(deps, idOrSlug);
  if (!d) throw notFound(`Deal ${idOrSlug}`);
  return d;
}

async function checkRefs(deps: Deps, p: Partial<CreateDeal>) {
  const problems: Array<{ field: string; message: string }> = [];
  if (p.buyerOrgId) {
    const o = await findOrg(deps, p.buyerOrgId);
    if (!o) problems.push({ field: "buyerOrgId", message: "no such organisation" });
    else if (o.side !== "buyer") problems.push({ field: "buyerOrgId", message: `${o.name} is on the ${o.side} side` });
  }
  for (const [i, id] of (p.partnerOrgIds ?? []).entries()) {
    const o = await findOrg(deps, id);
    if (!o) problems.push({ field: `partnerOrgIds.${i}`, message: "no such organisation" });
    else if (o.side !== "partner") problems.push({ field: `partnerOrgIds.${i}`, message: `${o.name} is on the ${o.side} side` });
  }
  for (const f of ["ownerId", "backupOwnerId", "partnerOwnerId"] as const) {
    const id = p[f];
    if (id && !(await findPerson(deps, id))) problems.push({ field: f, message: "no such person" });
  }
  if (p.timezone) {
    try { new Intl.DateTimeFormat("en", { timeZone: p.timezone }); } catch { problems.push({ field: "timezone", message: "not an IANA time zone" }); }
  }
  if (problems.length) throw invalidInput("Invalid deal", problems.map((x) => ({ ...x, path: x.field })));
}

export async function createDeal(deps: Deps, actor: Actor, input: CreateDeal): Promise<Deal> {
  const ws = await getWorkspace(deps);
  await checkRefs(deps, input);
  const slug = input.slug ?? slugify(input.name);
  if (await repo.findDealIdBySlug(deps, ws.id, slug)) throw new AppError("CONFLICT", `A deal "${slug}" already exists`, { details: [{ field: "slug", message: "already exists" }] });
  const id = deps.ids.make("deal");
  const now = deps.clock.now();
  await deps.db.insertInto("deals").values({
    id, workspace_id: ws.id, slug, name: input.name, buyer_org_id: input.buyerOrgId, motion: input.motion, stage: input.stage,
    amount: input.amount, currency: input.currency, owner_id: input.ownerId, backup_owner_id: input.backupOwnerId,
    partner_owner_id: input.partnerOwnerId, timezone: input.timezone ?? ws.timezone, created_at: now, updated_at: now,
  }).execute();
  await repo.setDealPartners(deps, id, input.partnerOrgIds);
  await repo.addDealPeople(deps, id, input.peopleIds);
  await logActivity(deps, { workspaceId: ws.id, dealId: id, actor, action: "create", entity: "deal", entityId: id, data: { ...input, slug } });
  return getDeal(deps, id);
}

export async function updateDeal(deps: Deps, actor: Actor, idOrSlug: string, p: UpdateDeal): Promise<Deal> {
  const before = await getDeal(deps, idOrSlug);
  await checkRefs(deps, p);
  const ws = await getWorkspace(deps);
  await deps.db.transaction().execute(async (trx) => {
    const deps2 = { ...deps, db: trx };
    await deps2.db.updateTable("deals").set({
      ...(p.name !== undefined ? { name: p.name } : {}), ...(p.stage !== undefined ? { stage: p.stage } : {}),
      ...(p.motion !== undefined ? { motion: p.motion } : {}), ...(p.amount !== undefined ? { amount: p.amount } : {}),
      ...(p.currency !== undefined ? { currency: p.currency } : {}), ...(p.buyerOrgId !== undefined ? { buyer_org_id: p.buyerOrgId } : {}),
      ...(p.ownerId !== undefined ? { owner_id: p.ownerId } : {}), ...(p.backupOwnerId !== undefined ? { backup_owner_id: p.backupOwnerId } : {}),
      ...(p.partnerOwnerId !== undefined ? { partner_owner_id: p.partnerOwnerId } : {}), ...(p.timezone !== undefined ? { timezone: p.timezone } : {}),
      updated_at: deps.clock.now(),
    }).where("id", "=", before.id).execute();
    if (p.partnerOrgIds) await repo.setDealPartners(deps2, before.id, p.partnerOrgIds);
    if (p.peopleIds) await repo.addDealPeople(deps2, before.id, p.peopleIds);
    await logActivity(deps2, { workspaceId: ws.id, dealId: before.id, actor, action: "update", entity: "deal", entityId: before.id, data: p });
    await enqueueCrmSync(deps2, { dealId: before.id, reason: "deal.update" });
  });
  return getDeal(deps, before.id);
}

export async function deleteDeal(deps: Deps, actor: Actor, idOrSlug: string): Promise<void> {
  const d = await getDeal(deps, idOrSlug);
  const ws = await getWorkspace(deps);
  await deps.db.deleteFrom("deals").where("id", "=", d.id).execute();
  await logActivity(deps, { workspaceId: ws.id, dealId: d.id, actor, action: "delete", entity: "deal", entityId: d.id, data: { name: d.name } });
}
