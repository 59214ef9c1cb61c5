// Partner activation: define a partner's first win, read its clock and status, and the workspace's activation diagnostic.
import { logActivity } from "../activity/index.ts";
import { findOrg, getWorkspace } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { buildActivationReport, buildPartnerActivation, type ActivationReport, type FirstWin, type PartnerActivation } from "./activation.ts";
import { loadPartnerFacts, upsertFirstWin } from "./activation.repo.ts";
import type { FirstWinRequest } from "./activation.schemas.ts";

/** Partner users see and set only their own organisation. */
function scopeFor(actor: Actor | undefined, orgId?: string): string | undefined {
  if (actor?.role !== "partner") return orgId;
  if (!actor.partnerOrgId) throw new AppError("FORBIDDEN", "This partner user has no partner organisation");
  if (orgId && orgId !== actor.partnerOrgId) throw new AppError("FORBIDDEN", "Partner users see only their own organisation");
  return actor.partnerOrgId;
}

async function partnerOrg(deps: Deps, orgId: string) {
  const org = await findOrg(deps, orgId);
  if (!org || org.side !== "partner") throw notFound(`Partner ${orgId}`);
  return org;
}

export async function getPartnerActivation(deps: Deps, orgId: string, opts: { actor?: Actor } = {}): Promise<PartnerActivation> {
  scopeFor(opts.actor, orgId);
  const org = await partnerOrg(deps, orgId);
  const ws = await getWorkspace(deps);
  const [facts] = await loadPartnerFacts(deps, ws.id, { orgId: org.id });
  if (!facts) throw notFound(`Partner ${orgId}`);
  return buildPartnerActivation(facts, deps.clock.now());
}

export async function getFirstWin(deps: Deps, orgId: string, opts: { actor?: Actor } = {}): Promise<FirstWin> {
  return (await getPartnerActivation(deps, orgId, opts)).firstWin;
}

export async function setFirstWin(deps: Deps, actor: Actor, orgId: string, input: FirstWinRequest): Promise<FirstWin> {
  scopeFor(actor, orgId);
  const org = await partnerOrg(deps, orgId);
  const ws = await getWorkspace(deps);
  await upsertFirstWin(deps, { orgId: org.id, workspaceId: ws.id, sentence: input.sentence, rule: input.rule ?? null, setBy: actor.id, at: deps.clock.now() });
  await logActivity(deps, { workspaceId: ws.id, dealId: null, actor, action: "partner.first_win", entity: "partner", entityId: org.id, data: { sentence: input.sentence, rule: input.rule ?? null } });
  return getFirstWin(deps, org.id, { actor });
}

/** The activation funnel of every partner (or one), with the step each stalls at and sourced pipeline per month. */
export async function getActivationReport(deps: Deps, opts: { actor?: Actor; partner?: string } = {}): Promise<ActivationReport> {
  const partner = scopeFor(opts.actor, opts.partner);
  const ws = await getWorkspace(deps);
  return buildActivationReport(await loadPartnerFacts(deps, ws.id, { orgId: partner }), deps.clock.now());
}
