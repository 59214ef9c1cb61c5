// Weekly walk use cases: build one (deal or partner), hold one (build + store), and build every walk of the workspace.
import { getDeal, listDeals } from "../deals/index.ts";
import { findOrg, findOrgByName, getWorkspace, listPartners } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { buildLedger, localDate } from "./ledger.ts";
import { findPreviousWalk, listPreviousWalks, loadDealHeads, loadLedgerSources, upsertWalk, type DealHead, type LedgerSources, type StoredWalk } from "./ledger.repo.ts";
import { assertCanSeeDeal } from "./ledger.service.ts";
import { assembleWalk, type Walk } from "./walk.ts";
import { currentWeek, weekRange } from "./week.ts";

export interface WalkRequest { deal?: string; partner?: string; week?: string }

interface Scope { kind: "deal" | "partner"; id: string; name: string; timezone: string; deals: DealHead[] }

/** Splits bulk-loaded sources by deal, once. */
function indexSources(src: LedgerSources) {
  const by = new Map<string, LedgerSources>();
  const of = (dealId: string) => by.get(dealId) ?? by.set(dealId, { commitments: [], fulfilments: [], risks: [], events: [] }).get(dealId)!;
  for (const c of src.commitments) of(c.dealId).commitments.push(c);
  for (const f of src.fulfilments) of(f.dealId).fulfilments.push(f);
  for (const r of src.risks) of(r.dealId).risks.push(r);
  for (const e of src.events) of(e.dealId).events.push(e);
  return (dealId: string) => by.get(dealId) ?? { commitments: [], fulfilments: [], risks: [], events: [] };
}

function walkOf(scope: Scope, week: string, now: Date, sources: (dealId: string) => LedgerSources, last: StoredWalk | null): Walk {
  const r = weekRange(week, scope.timezone);
  const asOf = new Date(Math.min(now.getTime(), r.end.getTime() - 1));
  const sinceMs = last ? Math.min(Date.parse(last.at), asOf.getTime()) : r.start.getTime();
  return assembleWalk({
    scope: { kind: scope.kind, id: scope.id, name: scope.name }, week, monday: r.monday, sunday: r.sunday, timezone: scope.timezone,
    asOf, since: new Date(sinceMs), lastWalkAt: last?.at ?? null,
    deals: scope.deals.map((d) => {
      const s = sources(d.id);
      return { deal: { id: d.id, slug: d.slug, name: d.name }, entries: buildLedger({ ...s, today: localDate(asOf, d.timezone) }), risks: s.risks };
    }),
  });
}

async function resolveScope(deps: Deps, req: WalkRequest, actor?: Actor): Promise<Scope> {
  if (Boolean(req.deal) === Boolean(req.partner)) throw invalidInput("Give either deal or partner", [{ field: "deal", message: "deal or partner, not both" }]);
  if (req.deal) {
    const deal = await getDeal(deps, req.deal);
    assertCanSeeDeal(actor, deal);
    const heads = await loadDealHeads(deps, [deal.id]);
    return { kind: "deal", id: deal.id, name: deal.name, timezone: deal.timezone, deals: heads };
  }
  const ws = await getWorkspace(deps);
  const org = (await findOrg(deps, req.partner!)) ?? (await findOrgByName(deps, ws.id, req.partner!));
  if (!org || org.side !== "partner") throw notFound(`Partner ${req.partner}`);
  if (actor?.role === "partner" && actor.partnerOrgId !== org.id) throw notFound(`Partner ${req.partner}`);
  const deals = await listDeals(deps, ws.id, { partner: org.id });
  return { kind: "partner", id: org.id, name: org.name, timezone: ws.timezone, deals: await loadDealHeads(deps, deals.map((d) => d.id)) };
}

export async function buildLedgerWalk(deps: Deps, req: WalkRequest, opts: { actor?: Actor } = {}): Promise<Walk> {
  const scope = await resolveScope(deps, req, opts.actor);
  const now = deps.clock.now();
  const week = req.week ?? currentWeek(now, scope.timezone);
  weekRange(week, scope.timezone); // validates before any query
  const src = await loadLedgerSources(deps, scope.deals.map((d) => d.id), { risks: true });
  return walkOf(scope, week, now, indexSources(src), await findPreviousWalk(deps, scope.kind, scope.id, week));
}

/** Builds the walk and stores it: the next week's "done since the last walk" counts from now. */
export async function holdLedgerWalk(deps: Deps, req: WalkRequest, opts: { actor?: Actor } = {}): Promise<Walk> {
  const walk = await buildLedgerWalk(deps, req, opts);
  await storeWalk(deps, (await getWorkspace(deps)).id, walk);
  return walk;
}

export async function storeWalk(deps: Deps, workspaceId: string, walk: Walk) {
  await upsertWalk(deps, {
    id: deps.ids.make("walk"), workspaceId, scope: walk.scope.kind, scopeId: walk.scope.id, week: walk.week, at: deps.clock.now(),
    summary: { ...walk.counts, deals: walk.deals.length },
  });
}

export interface WorkspaceWalks { week: string; walks: Walk[]; recipients: Map<string, string[]> }

/**
 * Every deal's walk and every partner's walk for a week, from one bulk read (the job's path).
 * `recipients` maps `scope:id` to the owner person ids to send it to (deal owners; partner manager and partner owners).
 */
export async function buildWorkspaceWalks(deps: Deps, opts: { week?: string } = {}): Promise<WorkspaceWalks> {
  const ws = await getWorkspace(deps);
  const now = deps.clock.now();
  const week = opts.week ?? currentWeek(now, ws.timezone);
  weekRange(week, ws.timezone);
  const deals = await listDeals(deps, ws.id, {});
  const heads = await loadDealHeads(deps, deals.map((d) => d.id));
  const headById = new Map(heads.map((h) => [h.id, h]));
  const [src, previous, partners] = await Promise.all([
    loadLedgerSources(deps, heads.map((h) => h.id), { risks: true }), listPreviousWalks(deps, week), listPartners(deps, ws.id),
  ]);
  const sources = indexSources(src);
  const walks: Walk[] = [];
  const recipients = new Map<string, string[]>();
  for (const h of heads) {
    walks.push(walkOf({ kind: "deal", id: h.id, name: h.name, timezone: h.timezone, deals: [h] }, week, now, sources, previous.get(`deal:${h.id}`) ?? null));
    recipients.set(`deal:${h.id}`, h.ownerIds);
  }
  const byPartner = new Map<string, { name: string; deals: DealHead[] }>();
  for (const d of deals) for (const p of d.partners) {
    const g = byPartner.get(p.id) ?? byPartner.set(p.id, { name: p.name, deals: [] }).get(p.id)!;
    const h = headById.get(d.id);
    if (h) g.deals.push(h);
  }
  const manager = new Map(partners.map((p) => [p.orgId, p.partnerManagerId]));
  for (const [orgId, g] of [...byPartner].sort((a, b) => a[1].name.localeCompare(b[1].name))) {
    walks.push(walkOf({ kind: "partner", id: orgId, name: g.name, timezone: ws.timezone, deals: g.deals }, week, now, sources, previous.get(`partner:${orgId}`) ?? null));
    recipients.set(`partner:${orgId}`, [...new Set([manager.get(orgId), ...g.deals.flatMap((d) => d.ownerIds)].filter((x): x is string => x != null))]);
  }
  return { week, walks, recipients };
}
