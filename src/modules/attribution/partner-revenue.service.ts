// The partner revenue report over the stored classifications (deals never computed are computed first).
import { getWorkspace } from "../directory/index.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { listRevenueRows, listStaleDealIds } from "./attribution.repo.ts";
import { getAttributionRules, getDealAttribution } from "./attribution.service.ts";
import { buildRevenueReport, LOST_STAGES, parsePeriod, WON_STAGES, type RevenueReport } from "./partner-revenue.ts";

export async function getPartnerRevenue(deps: Deps, q: { period: string; partner?: string }, opts: { actor?: Actor } = {}): Promise<RevenueReport> {
  const ws = await getWorkspace(deps);
  const stale = await listStaleDealIds(deps, ws.id);
  if (stale.length) {
    const rules = await getAttributionRules(deps);
    for (const id of stale) await getDealAttribution(deps, id, { rules });
  }
  let partner = q.partner;
  if (opts.actor?.role === "partner") {
    if (!opts.actor.partnerOrgId) throw new AppError("FORBIDDEN", "This partner user has no partner organisation");
    if (partner && partner !== opts.actor.partnerOrgId) throw new AppError("FORBIDDEN", "Partner users see only their own organisation's revenue");
    partner = opts.actor.partnerOrgId;
  }
  const rows = await listRevenueRows(deps, ws.id, [...WON_STAGES, ...LOST_STAGES]);
  return buildRevenueReport(rows, parsePeriod(q.period), { partner });
}

/** Recomputes every deal's stored classification (after a rules change, or for deals changed behind its back). */
export async function refreshAllAttributions(deps: Deps): Promise<number> {
  const ws = await getWorkspace(deps);
  const rules = await getAttributionRules(deps);
  const ids = (await deps.db.selectFrom("deals").select("id").where("workspace_id", "=", ws.id).execute()).map((r) => r.id);
  for (const id of ids) await getDealAttribution(deps, id, { rules });
  return ids.length;
}
