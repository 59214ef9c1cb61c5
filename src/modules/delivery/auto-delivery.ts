// The automatic senders' hooks: the weekly-walk job and the escalation job post to the destinations
// subscribed to them (wired in server/main.ts, since ledger and handoff cannot import delivery).
import { getDeal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import type { Walk } from "../ledger/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { renderDealArtefact } from "./deliver.service.ts";
import type { DeliveryResult } from "./delivery.schemas.ts";
import { listDestinations, type DestinationRow } from "./delivery.repo.ts";
import { loadInternalIndex } from "./internal-index.ts";
import { assertNoInternal, emptyIndex } from "./redact.ts";
import { renderWalk } from "./render/walk.ts";
import { baseUrlOf, sendToTargets, type DeliveryOptions, type Target } from "./send.ts";

const autoTargets = (ds: DestinationRow[]): Target[] =>
  ds.map((d) => ({ channel: d.channel, target: d.target, destinationId: d.id, refused: null, destination: d, emails: d.channel === "email" ? d.target.split(/,\s*/) : [] }));
const failuresOf = (rs: DeliveryResult[]) => rs.filter((r) => r.status === "failed").map((r) => `${r.target}: ${r.error}`);

/**
 * The hooks the jobs take (wired in server/main.ts): destinations subscribed to "walk" get each partner's weekly
 * walk (our side's destinations every partner's; a partner's destination only its own, in the partner rendering);
 * destinations subscribed to "sla" get each escalation (our side) and one gentle note per intro (the partner's).
 * Each returns the failed targets; a retry skips the targets that already got it.
 */
export function createAutoDelivery(opts: DeliveryOptions = {}) {
  const system: Actor = { id: "system", kind: "system" };
  return {
    async walk(deps: Deps, walk: Walk): Promise<{ failed: string[] }> {
      if (walk.scope.kind !== "partner") return { failed: [] };
      const ws = await getWorkspace(deps);
      const subscribed = (await listDestinations(deps, ws.id)).filter((d) => d.auto.includes("walk") && d.audience !== "buyer"
        && (d.audience === "ours" ? !d.partnerOrgId : d.partnerOrgId === walk.scope.id));
      const failed: string[] = [];
      for (const audience of ["ours", "partner"] as const) {
        const ds = subscribed.filter((d) => d.audience === audience);
        if (!ds.length) continue;
        const idx = audience === "ours" ? emptyIndex() : await loadInternalIndex(deps, walk.deals.map((d) => d.id));
        const r = renderWalk(walk, audience, idx, baseUrlOf(opts));
        assertNoInternal(idx, audience, r.walk, r.email.text, r.slack);
        failed.push(...failuresOf(await sendToTargets(deps, {
          ws, actor: system, audience, artefact: "walk", artefactId: `${walk.scope.id}:${walk.week}`, dealId: null, partnerOrgId: walk.scope.id,
          dedupeKey: `walk:${walk.scope.id}:${walk.week}:${audience}`,
        }, r, autoTargets(ds), opts)));
      }
      return { failed };
    },
    async introAlert(deps: Deps, p: { dealId: string; level: 1 | 2 }): Promise<{ failed: string[] }> {
      const ws = await getWorkspace(deps);
      const deal = await getDeal(deps, p.dealId);
      const partnerIds = deal.partners.map((x) => x.id);
      const subscribed = (await listDestinations(deps, ws.id)).filter((d) => d.auto.includes("sla")
        && (d.audience === "ours" || (d.audience === "partner" && !!d.partnerOrgId && partnerIds.includes(d.partnerOrgId))));
      const failed: string[] = [];
      for (const audience of ["ours", "partner"] as const) {
        const ds = subscribed.filter((d) => d.audience === audience);
        if (!ds.length) continue;
        const idx = audience === "ours" ? emptyIndex() : await loadInternalIndex(deps, [deal.id]);
        const r = await renderDealArtefact(deps, deal, ws, { artefact: "sla", audience, destinationIds: [], emails: [] }, idx, baseUrlOf(opts));
        assertNoInternal(idx, audience, ...r.leakCheck, r.rendering.email.text, r.rendering.slack);
        failed.push(...failuresOf(await sendToTargets(deps, {
          ws, actor: system, audience, artefact: "sla", artefactId: r.artefactId, dealId: deal.id, partnerOrgId: null,
          // The partner hears once per intro; our side at each escalation level.
          dedupeKey: audience === "ours" ? `sla:${deal.id}:${p.level}` : `sla:${deal.id}:partner`,
        }, r.rendering, autoTargets(ds), opts)));
      }
      return { failed };
    },
  };
}
