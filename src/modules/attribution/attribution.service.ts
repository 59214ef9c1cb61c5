// Use cases: a deal's attribution with its evidence trail, people's claims, locked milestone snapshots
// with evidence packs, the workspace's rules. Each computation stores the deal's latest classification.
import { logActivity } from "../activity/index.ts";
import { isInternalAt, listConversationSummaries, loadInternalIndex } from "../conversations/index.ts";
import { getDeal, type Deal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { computeAttribution } from "./attribution.ts";
import { AttributionRulesSchema, DEFAULT_ATTRIBUTION_RULES, type AttributionRules, type ClaimRequest, type SnapshotRequest } from "./attribution.schemas.ts";
import * as repo from "./attribution.repo.ts";
import { renderEvidencePackHtml, renderEvidencePackMarkdown } from "./evidence-pack.ts";
import { gatherAttribution } from "./gather-evidence.ts";
import { buildTrail, type Claim, type TrailEntry } from "./trail.ts";

export interface DealAttribution {
  deal: { id: string; slug: string; name: string; stage: string; amount: number | null; currency: string | null; partners: Array<{ id: string; name: string }> };
  rules: AttributionRules;
  attribution: {
    introducedBy: string | null; introducedOn: string | null; firstJointConversation: string | null; partnerPresent: string[];
    partnerResolvedObjections: string[]; classification: "sourced" | "influenced" | "none"; confidence: number; reasons: string[];
  };
  trail: TrailEntry[];
  claims: Claim[];
  computedAt: string;
}

/** Partner users see only the deals their organisation is on. */
function assertCanSee(actor: Actor | undefined, deal: Pick<Deal, "id" | "partners">) {
  if (actor?.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${deal.id}`);
}

/** The workspace's rules: `settings.attribution` over the defaults; a stored value that no longer parses falls back to them. */
export async function getAttributionRules(deps: Deps): Promise<AttributionRules> {
  const ws = await getWorkspace(deps);
  const parsed = AttributionRulesSchema.safeParse((await repo.findRulesSetting(deps, ws.id)) ?? {});
  return parsed.success ? parsed.data : DEFAULT_ATTRIBUTION_RULES;
}

export async function setAttributionRules(deps: Deps, actor: Actor, input: unknown): Promise<AttributionRules> {
  if (actor.role && actor.role !== "admin") throw new AppError("FORBIDDEN", "Only an admin can change the attribution rules");
  const rules = AttributionRulesSchema.parse(input);
  const ws = await getWorkspace(deps);
  await repo.saveRulesSetting(deps, ws.id, rules);
  await repo.clearCurrent(deps, ws.id);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "update", entity: "attribution_rules", entityId: ws.id, data: rules });
  return rules;
}

async function computeFor(deps: Deps, deal: Deal, rules: AttributionRules): Promise<DealAttribution> {
  const gathered = await gatherAttribution(deps, deal);
  const a = computeAttribution({ ...gathered.input, rules });
  const claims = await repo.listClaims(deps, deal.id);
  const now = deps.clock.now();
  const ws = await getWorkspace(deps);
  await repo.upsertCurrent(deps, {
    dealId: deal.id, workspaceId: ws.id, classification: a.classification, confidence: a.confidence, introducedBy: a.introducedBy,
    startedAt: gathered.startedAt, reasons: a.reasons, at: now,
  });
  return {
    deal: { id: deal.id, slug: deal.slug, name: deal.name, stage: deal.stage, amount: deal.amount, currency: deal.currency, partners: deal.partners },
    rules,
    attribution: {
      introducedBy: a.introducedBy, introducedOn: a.introducedOn, firstJointConversation: a.firstJointConversation, partnerPresent: a.partnerPresent,
      partnerResolvedObjections: a.partnerResolvedObjections, classification: a.classification, confidence: a.confidence, reasons: a.reasons,
    },
    trail: buildTrail(a, gathered.index, claims),
    claims,
    computedAt: now.toISOString(),
  };
}

/** The deal's attribution and evidence trail under the workspace's rules (and stores its classification). */
export async function getDealAttribution(deps: Deps, dealIdOrSlug: string, opts: { actor?: Actor; rules?: AttributionRules } = {}): Promise<DealAttribution> {
  const deal = await getDeal(deps, dealIdOrSlug);
  assertCanSee(opts.actor, deal);
  const view = await computeFor(deps, deal, opts.rules ?? (await getAttributionRules(deps)));
  return opts.actor?.role === "partner" ? withoutInternal(deps, view) : view;
}

/**
 * The partner user's view: the classification stands (it is computed, and stored, from the whole record), but
 * no trail entry citing internal words or an internal conversation is shown, nor an internal conversation's file.
 */
async function withoutInternal(deps: Deps, view: DealAttribution): Promise<DealAttribution> {
  const internal = await loadInternalIndex(deps, { dealId: view.deal.id });
  if (!internal.conversations.size && !internal.seqs.size) return view;
  const files = new Set((await listConversationSummaries(deps, view.deal.id)).filter((c) => c.isInternal).map((c) => c.sourceFile ?? c.id));
  const isInternalFile = (ref: string | null) => ref != null && [...files].some((f) => ref === f || ref.startsWith(`${f}#`));
  const trail = view.trail.filter((e) => !isInternalFile(e.ref) && !e.evidence.some((q) => isInternalAt(internal, q.conversationId, q.seq)));
  const a = view.attribution;
  return {
    ...view, trail,
    attribution: {
      ...a, firstJointConversation: isInternalFile(a.firstJointConversation) ? null : a.firstJointConversation,
      partnerPresent: a.partnerPresent.filter((f) => !isInternalFile(f)), partnerResolvedObjections: a.partnerResolvedObjections.filter((r) => !isInternalFile(r)),
    },
  };
}

/** Recomputes and stores one deal's classification: call after an import, an extraction run or a deal edit. */
export async function refreshDealAttribution(deps: Deps, dealIdOrSlug: string): Promise<DealAttribution["attribution"]> {
  return (await getDealAttribution(deps, dealIdOrSlug)).attribution;
}

export async function addAttributionClaim(deps: Deps, actor: Actor, dealIdOrSlug: string, input: ClaimRequest, who: { name?: string | null } = {}) {
  const deal = await getDeal(deps, dealIdOrSlug);
  assertCanSee(actor, deal);
  const ws = await getWorkspace(deps);
  const id = deps.ids.make("claim");
  await repo.insertClaim(deps, {
    id, workspaceId: ws.id, dealId: deal.id, kind: input.kind, text: input.text, actor: actor.id, actorName: who.name ?? null,
    actorSide: actor.role === "partner" ? "partner" : actor.kind === "user" || actor.kind === "cli" ? "ours" : null, at: deps.clock.now(),
  });
  await logActivity(deps, { workspaceId: ws.id, dealId: deal.id, actor, action: "create", entity: "attribution_claim", entityId: id, data: input });
  const view = await computeFor(deps, deal, await getAttributionRules(deps));
  return { claim: view.claims.find((c) => c.id === id)!, attribution: view };
}

const snapshotUrls = (id: string) => ({ htmlUrl: `/api/attribution/snapshots/${id}.html`, markdownUrl: `/api/attribution/snapshots/${id}.md` });
const present = (s: Omit<repo.SnapshotRow, "html" | "markdown" | "attribution">) => ({
  id: s.id, dealId: s.dealId, version: s.version, milestone: s.milestone, stage: s.stage, classification: s.classification,
  confidence: s.confidence, actor: s.actor, at: s.at, ...snapshotUrls(s.id),
});

/** Locks the deal's attribution at a milestone with its evidence pack; each call adds a version, none is rewritten. */
export async function createAttributionSnapshot(deps: Deps, actor: Actor, dealIdOrSlug: string, input: SnapshotRequest, who: { name?: string | null } = {}) {
  const deal = await getDeal(deps, dealIdOrSlug);
  assertCanSee(actor, deal);
  const ws = await getWorkspace(deps);
  const view = await computeFor(deps, deal, await getAttributionRules(deps));
  const id = deps.ids.make("snap");
  const at = deps.clock.now().toISOString();
  const actorLabel = who.name ?? actor.id;
  for (let attempt = 0; ; attempt++) {
    const version = await repo.nextSnapshotVersion(deps, deal.id);
    const meta = { snapshotId: id, version, milestone: input.milestone, at, actor: actorLabel };
    const row: repo.SnapshotRow = {
      id, workspaceId: ws.id, dealId: deal.id, version, milestone: input.milestone, stage: deal.stage, classification: view.attribution.classification,
      confidence: view.attribution.confidence, attribution: view as unknown as Record<string, unknown>,
      html: renderEvidencePackHtml(view, meta), markdown: renderEvidencePackMarkdown(view, meta), actor: actorLabel, at,
    };
    try {
      await repo.insertSnapshot(deps, row);
    } catch (e) {
      // Two snapshots of one deal at once: the (deal, version) key refuses the second; take the next version.
      if (attempt < 3 && /duplicate key|unique/i.test(String((e as Error).message))) continue;
      throw e;
    }
    await logActivity(deps, { workspaceId: ws.id, dealId: deal.id, actor, action: "create", entity: "attribution_snapshot", entityId: id, data: { milestone: input.milestone, version } });
    return { snapshot: present(row) };
  }
}

export async function listAttributionSnapshots(deps: Deps, dealIdOrSlug: string, opts: { actor?: Actor } = {}) {
  const deal = await getDeal(deps, dealIdOrSlug);
  assertCanSee(opts.actor, deal);
  return (await repo.listSnapshots(deps, deal.id)).map(present);
}

export async function getAttributionSnapshot(deps: Deps, id: string, opts: { actor?: Actor } = {}) {
  const s = await repo.findSnapshot(deps, id);
  if (!s) throw notFound(`Snapshot ${id}`);
  const partners = ((s.attribution as { deal?: { partners?: Array<{ id: string }> } }).deal?.partners ?? []).map((p) => ({ id: p.id, name: "" }));
  assertCanSee(opts.actor, { id: s.dealId, partners });
  return s;
}
