// Sending an artefact now: render it once for the audience (filtered, then leak-checked), then try every
// target — destinations and plain email addresses — recording each attempt (send.ts).
import { getPreCallBrief } from "../briefs/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace, type Workspace } from "../directory/index.ts";
import { getHandoffView } from "../handoff/index.ts";
import { buildLedgerWalk } from "../ledger/index.ts";
import { getFollowUp, getRecap } from "../recap/index.ts";
import type { DeliveryArtefact } from "../../db/schema-delivery.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import type { CreateDealDelivery, CreateWalkDelivery, Delivery, DeliveryResult } from "./delivery.schemas.ts";
import { listDeliveries, listDestinations } from "./delivery.repo.ts";
import { loadInternalIndex } from "./internal-index.ts";
import { assertNoInternal, emptyIndex, type InternalIndex } from "./redact.ts";
import { renderBrief } from "./render/brief.ts";
import type { DeliveryAudience, Rendering } from "./render/doc.ts";
import { renderRecap } from "./render/recap.ts";
import { renderSla, type SlaInput } from "./render/sla.ts";
import { renderWalk } from "./render/walk.ts";
import { baseUrlOf, resolveTargets, sendToTargets, type DeliveryOptions } from "./send.ts";

export type { DeliveryOptions } from "./send.ts";

/** The buyer gets the agreed recap only: briefs, intro alerts and walks are the selling sides' working papers. */
export function assertAudienceFits(artefact: DeliveryArtefact, audience: DeliveryAudience): void {
  if (audience === "buyer" && artefact !== "recap") {
    const what = { brief: "The pre-call brief", sla: "The intro alert", walk: "The weekly walk", recap: "" }[artefact];
    throw invalidInput(`${what} is for the selling sides (ours, partner), not the buyer`, [{ field: "audience", message: "ours or partner" }]);
  }
}

// ---- rendering per artefact -------------------------------------------------------------------------

export interface Rendered { rendering: Rendering; artefactId: string | null; leakCheck: unknown[] }

export async function renderDealArtefact(deps: Deps, deal: Awaited<ReturnType<typeof getDeal>>, ws: Workspace, input: CreateDealDelivery, idx: InternalIndex, baseUrl: string | undefined): Promise<Rendered> {
  const audience = input.audience;
  if (input.artefact === "recap") {
    if (!input.recapId) throw invalidInput("A recap delivery needs recapId", [{ field: "recapId", message: "required" }]);
    const recap = await getRecap(deps, input.recapId, { audience: audience === "ours" ? "internal" : audience });
    if (recap.dealId !== deal.id) throw notFound(`Recap ${input.recapId} on deal ${deal.id}`);
    if (audience !== "ours" && !recap.isAgreed) {
      throw new AppError("CONFLICT", `Version ${recap.version} of the recap is not agreed by both selling sides: only our side can receive it yet`, { details: [{ field: "audience", message: "agreed recaps only" }] });
    }
    if (audience !== "ours" && idx.conversations.has(recap.conversationId)) throw new AppError("CONFLICT", "This call is internal: its recap goes to our side only");
    const followUp = audience === "buyer" ? await getFollowUp(deps, recap.id) : null;
    const rendering = renderRecap({ audience, dealName: deal.name, recap, followUp, baseUrl });
    return { rendering, artefactId: recap.id, leakCheck: [rendering.doc, recap.lines] };
  }
  if (input.artefact === "brief") {
    const partnerOrgId = deal.partners[0]?.id ?? null;
    const brief = audience === "partner"
      ? await getPreCallBrief(deps, deal.id, { actor: { id: "system", kind: "system", role: "partner", partnerOrgId } })
      : await getPreCallBrief(deps, deal.id, { perspective: "ours" });
    const rendering = renderBrief(brief, audience, idx, baseUrl);
    return { rendering, artefactId: brief.next?.conversationId ?? null, leakCheck: [rendering.doc] };
  }
  const h = await getHandoffView(deps, deal.id);
  const field = (k: keyof typeof h.brief.fields) => h.brief.fields[k]?.value ?? null;
  const NOTES: Array<[keyof typeof h.brief.fields, string]> = [["problem", "Problem"], ["whyNow", "Why now"], ["urgency", "Urgency"], ["expectedNextStep", "Expected next step"]];
  const sla: SlaInput = {
    deal: { id: deal.id, name: deal.name }, workspaceName: ws.name,
    partnerName: deal.partners[0]?.name ?? field("partnerCompany"), buyerName: deal.buyer?.name ?? field("buyerCompany"),
    introducedBy: h.brief.introducedBy.name ?? null, receivedAt: h.receivedAt, owner: h.owner?.name ?? null, backup: h.backup?.name ?? null,
    clock: { elapsedMs: h.clock.elapsedMs, targetMs: h.clock.targetMs, status: h.clock.status }, firstActionAt: h.firstAction?.at ?? null,
    escalations: h.escalations.map((e) => ({ level: e.level, at: e.at, delivery: e.delivery, note: e.note })),
    notes: NOTES.map(([k, label]) => ({ label, value: field(k) })).filter((n): n is { label: string; value: string } => !!n.value),
  };
  const rendering = renderSla(sla, audience, baseUrl);
  return { rendering, artefactId: h.id, leakCheck: [rendering.doc] };
}

/** Sends a deal's recap, pre-call brief or intro alert to destinations and addresses, for one audience. */
export async function deliverDealArtefact(deps: Deps, actor: Actor, dealIdOrSlug: string, input: CreateDealDelivery, opts: DeliveryOptions = {}): Promise<DeliveryResult[]> {
  if (actor.role === "partner") throw new AppError("FORBIDDEN", "Our side sends deliveries");
  assertAudienceFits(input.artefact, input.audience);
  const deal = await getDeal(deps, dealIdOrSlug);
  const ws = await getWorkspace(deps);
  if (input.audience === "partner" && !deal.partners.length) throw invalidInput(`Deal ${deal.name} has no partner`, [{ field: "audience", message: "no partner on this deal" }]);
  const targets = await resolveTargets(deps, ws, { audience: input.audience, destinationIds: input.destinationIds, emails: input.emails, partnerOrgIds: deal.partners.map((p) => p.id) });
  const idx = input.audience === "ours" ? emptyIndex() : await loadInternalIndex(deps, [deal.id]);
  const r = await renderDealArtefact(deps, deal, ws, input, idx, baseUrlOf(opts));
  assertNoInternal(idx, input.audience, ...r.leakCheck, r.rendering.email.text, r.rendering.email.subject, r.rendering.slack);
  return sendToTargets(deps, { ws, actor, audience: input.audience, artefact: input.artefact, artefactId: r.artefactId, dealId: deal.id, partnerOrgId: null }, r.rendering, targets, opts);
}

/** Sends a partner's weekly walk (the current week unless `week`) for one audience. */
export async function deliverWalk(deps: Deps, actor: Actor, input: CreateWalkDelivery, opts: DeliveryOptions = {}): Promise<DeliveryResult[]> {
  if (actor.role === "partner") throw new AppError("FORBIDDEN", "Our side sends deliveries");
  const ws = await getWorkspace(deps);
  const dests = await listDestinations(deps, ws.id, { ids: input.destinationIds });
  const partnerOrgId = input.partnerOrgId ?? [...new Set(dests.map((d) => d.partnerOrgId).filter((x): x is string => !!x))][0] ?? null;
  if (!partnerOrgId) throw invalidInput("Which partner's walk? Give partnerOrgId (or a destination that belongs to a partner)", [{ field: "partnerOrgId", message: "required" }]);
  assertAudienceFits("walk", input.audience);
  const targets = await resolveTargets(deps, ws, { audience: input.audience, destinationIds: input.destinationIds, emails: input.emails, partnerOrgIds: [partnerOrgId] });
  const walk = await buildLedgerWalk(deps, { partner: partnerOrgId, week: input.week });
  const idx = input.audience === "ours" ? emptyIndex() : await loadInternalIndex(deps, walk.deals.map((d) => d.id));
  const r = renderWalk(walk, input.audience, idx, baseUrlOf(opts));
  assertNoInternal(idx, input.audience, r.walk, r.email.text, r.slack);
  return sendToTargets(deps, { ws, actor, audience: input.audience, artefact: "walk", artefactId: `${partnerOrgId}:${walk.week}`, dealId: null, partnerOrgId }, r, targets, opts);
}

export async function listDealDeliveries(deps: Deps, dealIdOrSlug: string): Promise<Delivery[]> {
  const deal = await getDeal(deps, dealIdOrSlug);
  return (await listDeliveries(deps, { dealId: deal.id })).map((d) => ({
    id: d.id, dealId: d.dealId, partnerOrgId: d.partnerOrgId, artefact: d.artefact, artefactId: d.artefactId, audience: d.audience, channel: d.channel,
    destinationId: d.destinationId, target: d.target, status: d.status, error: d.error, externalId: d.externalId, payloadDigest: d.payloadDigest,
    actor: d.actor, sentAt: d.sentAt,
  }));
}
