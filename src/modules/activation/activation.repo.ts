// Reads for partner activation: five queries for the whole workspace (or one partner), whatever the number of partners.
import { sql } from "kysely";
import "../../db/schema-activation.ts";
import "../../db/schema-handoff.ts";
import "../../db/schema-attribution.ts";
import type { Deps } from "../../shared/deps.ts";
import type { CallFact, DealFact, FirstWinRow, FirstWinRule, HandoffFact, HuddleFact, PartnerFacts } from "./activation.ts";

type D = Pick<Deps, "db">;
const isoOf = (v: Date | string) => new Date(v).toISOString();
const dayOf = (v: Date | string | null) => (v == null ? null : typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10));

export async function findFirstWinRow(deps: D, orgId: string): Promise<FirstWinRow | null> {
  const r = await deps.db.selectFrom("partner_first_wins").selectAll().where("org_id", "=", orgId).executeTakeFirst();
  return r ? toRow(r) : null;
}
function toRow(r: { sentence: string; rule: unknown; created_at: Date; updated_at: Date; set_by: string }): FirstWinRow {
  return { sentence: r.sentence, rule: (r.rule as FirstWinRule | null) ?? null, createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at), setBy: r.set_by };
}

export async function upsertFirstWin(deps: D, row: { orgId: string; workspaceId: string; sentence: string; rule: FirstWinRule | null; setBy: string; at: Date }) {
  const rule = row.rule ? JSON.stringify(row.rule) : null;
  await deps.db.insertInto("partner_first_wins")
    .values({ org_id: row.orgId, workspace_id: row.workspaceId, sentence: row.sentence, rule, set_by: row.setBy, created_at: row.at, updated_at: row.at })
    .onConflict((oc) => oc.column("org_id").doUpdateSet({ sentence: row.sentence, rule, set_by: row.setBy, updated_at: row.at }))
    .execute();
}

/** Every partner organisation of the workspace (or one) with the facts activation needs. */
export async function loadPartnerFacts(deps: D, workspaceId: string, opts: { orgId?: string } = {}): Promise<PartnerFacts[]> {
  let orgs = deps.db.selectFrom("organisations as o").leftJoin("partners as p", "p.org_id", "o.id").leftJoin("partner_first_wins as f", "f.org_id", "o.id")
    .select(["o.id", "o.name", "p.tier", "p.onboarded_on", "f.sentence", "f.rule", "f.created_at as f_created", "f.updated_at as f_updated", "f.set_by"])
    .where("o.workspace_id", "=", workspaceId).where("o.side", "=", "partner");
  if (opts.orgId) orgs = orgs.where("o.id", "=", opts.orgId);

  let handoffs = deps.db.selectFrom("handoffs").select(["id", "deal_id", "partner_org_id", "received_at", "first_action_at", "due_at"])
    .where("workspace_id", "=", workspaceId).where("partner_org_id", "is not", null);
  if (opts.orgId) handoffs = handoffs.where("partner_org_id", "=", opts.orgId);

  // A deal is partner-sourced for a partner when its stored attribution says sourced or the partner's intro opened it.
  let deals = deps.db.selectFrom("deal_partners as dp").innerJoin("deals as d", "d.id", "dp.deal_id")
    .leftJoin("attribution_current as a", "a.deal_id", "d.id")
    .select(["dp.org_id", "d.id", "d.slug", "d.name", "d.stage", "d.amount", "d.created_at", "d.updated_at", "a.classification",
      sql<boolean>`exists (select 1 from handoffs h where h.deal_id = d.id and h.partner_org_id = dp.org_id)`.as("intro")])
    .where("d.workspace_id", "=", workspaceId);
  if (opts.orgId) deals = deals.where("dp.org_id", "=", opts.orgId);

  // Calls (with "this partner was present": a partner-side speaker mapped to the partner's people, or not mapped to a person)
  // and huddles (notes conversations recorded with source format "huddle") on the partner's deals.
  let convs = deps.db.selectFrom("conversations as c").innerJoin("deal_partners as dp", "dp.deal_id", "c.deal_id").innerJoin("deals as d", "d.id", "c.deal_id")
    .select(["dp.org_id", "c.id", "c.deal_id", "c.kind", "c.title", "c.started_at",
      sql<boolean>`exists (select 1 from conversation_speakers s left join people pe on pe.id = s.person_id
        where s.conversation_id = c.id and s.side = 'partner' and (pe.org_id is null or pe.org_id = dp.org_id))`.as("present")])
    .where("d.workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("c.kind", "=", "call"), eb.and([eb("c.kind", "=", "notes"), eb("c.source_format", "=", "huddle")])]));
  if (opts.orgId) convs = convs.where("dp.org_id", "=", opts.orgId);

  const [orgRows, handoffRows, dealRows, convRows] = await Promise.all([orgs.execute(), handoffs.execute(), deals.execute(), convs.execute()]);
  const facts = new Map<string, PartnerFacts>();
  for (const o of orgRows) {
    facts.set(o.id, {
      partner: { id: o.id, name: o.name, tier: o.tier ?? null, onboardedOn: dayOf(o.onboarded_on as string | Date | null) },
      firstWin: o.sentence != null ? toRow({ sentence: o.sentence, rule: o.rule, created_at: o.f_created!, updated_at: o.f_updated!, set_by: o.set_by! }) : null,
      handoffs: [], deals: [], calls: [], huddles: [],
    });
  }
  for (const h of handoffRows) {
    facts.get(h.partner_org_id!)?.handoffs.push({
      id: h.id, dealId: h.deal_id, partnerOrgId: h.partner_org_id!, receivedAt: isoOf(h.received_at),
      firstActionAt: h.first_action_at ? isoOf(h.first_action_at) : null, dueAt: isoOf(h.due_at),
    } satisfies HandoffFact);
  }
  for (const d of dealRows) {
    facts.get(d.org_id)?.deals.push({
      id: d.id, slug: d.slug, name: d.name, stage: d.stage, amount: d.amount == null ? null : Number(d.amount),
      createdAt: isoOf(d.created_at), closedAt: isoOf(d.updated_at), sourced: d.classification === "sourced" || !!d.intro,
    } satisfies DealFact);
  }
  for (const c of convRows) {
    const f = facts.get(c.org_id);
    if (!f) continue;
    if (c.kind === "call") f.calls.push({ conversationId: c.id, dealId: c.deal_id, title: c.title, startedAt: isoOf(c.started_at), partnerPresent: !!c.present } satisfies CallFact);
    else f.huddles.push({ conversationId: c.id, dealId: c.deal_id, heldAt: isoOf(c.started_at) } satisfies HuddleFact);
  }
  return [...facts.values()];
}
