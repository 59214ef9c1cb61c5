// `baton crm dry-run <deal>`: the exact requests each connection's adapter would send for the deal as it stands
// (nothing is sent, nothing is enqueued).
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import { resolveCrmAdapter } from "./adapter-registry.ts";
import type { CrmOperation } from "./crm.types.ts";
import * as repo from "./crm.repo.ts";
import { connectionConfig, knownIdsFor, loadDealSnapshot } from "./crm.service.ts";
import { defaultFieldMapping } from "./meddicc.ts";
import { idempotencyKey, planDealSync } from "./sync-plan.ts";

export interface PlannedRequests { connection: { id: string; name: string; kind: string; side: string }; requests: Array<{ op: string; batonId: string; method: string; url: string; headers: Record<string, string>; body: unknown }> }

export async function planDealRequests(deps: Deps, dealIdOrSlug: string): Promise<PlannedRequests[]> {
  const deal = await deps.db.selectFrom("deals").select("id").where((eb) => eb.or([eb("id", "=", dealIdOrSlug), eb("slug", "=", dealIdOrSlug)])).executeTakeFirst();
  if (!deal) throw notFound(`Deal ${dealIdOrSlug}`);
  const snapshot = (await loadDealSnapshot(deps, deal.id))!;
  const out: PlannedRequests[] = [];
  for (const t of await repo.listSyncTargets(deps, deal.id)) {
    const adapter = resolveCrmAdapter(t.kind);
    const requests: PlannedRequests["requests"] = [];
    for (const p of planDealSync(snapshot, { id: t.id, side: t.side, fieldMapping: { ...defaultFieldMapping(t.kind), ...t.fieldMapping } })) {
      const operation = { ...p.operation, idempotencyKey: idempotencyKey(t.id, p, null) } as CrmOperation;
      for (const r of await adapter.plan(connectionConfig(t), operation, await knownIdsFor(deps, t.id, operation))) requests.push({ op: p.op, batonId: p.batonId, ...r });
    }
    out.push({ connection: { id: t.id, name: t.name, kind: t.kind, side: t.side }, requests });
  }
  return out;
}
