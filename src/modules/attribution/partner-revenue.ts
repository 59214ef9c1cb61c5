// Partner revenue maths, no I/O: periods, sourced/influenced pipeline and won revenue per partner, win rate
// and time to close with versus without the partner, and the CSV. Every number keeps its deals for drill-down.
import type { AttributionClass } from "./attribution.ts";
import type { RevenueRow } from "./attribution.repo.ts";

export const WON_STAGES = ["won", "closed-won", "closed_won"];
export const LOST_STAGES = ["lost", "closed-lost", "closed_lost"];
const DAY = 86_400_000;

export interface Period { label: string; from: string; to: string }

/** "2026" → the year, "2026Q1" → the quarter, "2026-03" → the month; `to` is exclusive (UTC). */
export function parsePeriod(label: string): Period {
  const y = Number(label.slice(0, 4));
  let from: Date, to: Date;
  const q = /^\d{4}Q([1-4])$/.exec(label), m = /^\d{4}-(\d{2})$/.exec(label);
  if (q) { from = new Date(Date.UTC(y, (Number(q[1]) - 1) * 3, 1)); to = new Date(Date.UTC(y, Number(q[1]) * 3, 1)); }
  else if (m) { from = new Date(Date.UTC(y, Number(m[1]) - 1, 1)); to = new Date(Date.UTC(y, Number(m[1]), 1)); }
  else if (/^\d{4}$/.test(label)) { from = new Date(Date.UTC(y, 0, 1)); to = new Date(Date.UTC(y + 1, 0, 1)); }
  else throw new Error(`Not a period: ${label}`);
  return { label, from: from.toISOString(), to: to.toISOString() };
}

export type DealStatus = "open" | "won" | "lost";
export const statusOf = (stage: string): DealStatus => {
  const s = stage.toLowerCase();
  return WON_STAGES.includes(s) ? "won" : LOST_STAGES.includes(s) ? "lost" : "open";
};

export interface RevenueDeal {
  dealId: string; slug: string; name: string; stage: string; status: DealStatus; amount: number | null; currency: string | null;
  classification: AttributionClass; confidence: number; startedAt: string; closedAt: string | null; daysToClose: number | null;
  isPipelineInPeriod: boolean; isWonInPeriod: boolean; evidenceUrl: string; pageUrl: string;
}
export interface Bucket { pipeline: number; pipelineDeals: number; won: number; wonDeals: number }
export interface Outcome { closed: number; won: number; winRate: number | null; avgDaysToClose: number | null }
export interface PartnerRevenue { partner: { id: string; name: string }; sourced: Bucket; influenced: Bucket; withPartner: Outcome; withoutPartner: Outcome; deals: RevenueDeal[] }
export interface RevenueReport { period: Period; currencies: string[]; partners: PartnerRevenue[]; totals: { sourced: Bucket; influenced: Bucket; all: Outcome } }

const bucket = (): Bucket => ({ pipeline: 0, pipelineDeals: 0, won: 0, wonDeals: 0 });
interface Tally { closed: number; won: number; days: number; wonWithDays: number }
const tally = (): Tally => ({ closed: 0, won: 0, days: 0, wonWithDays: 0 });
const outcome = (t: Tally): Outcome => ({
  closed: t.closed, won: t.won, winRate: t.closed ? Math.round((1000 * t.won) / t.closed) / 1000 : null,
  avgDaysToClose: t.wonWithDays ? Math.round((10 * t.days) / t.wonWithDays) / 10 : null,
});
const round2 = (n: number) => Math.round(n * 100) / 100;

function toDeal(r: RevenueRow, p: Period): RevenueDeal {
  const status = statusOf(r.stage);
  const closedAt = status === "open" ? null : r.closedAt;
  const inPeriod = (iso: string | null) => !!iso && iso >= p.from && iso < p.to;
  return {
    dealId: r.dealId, slug: r.slug, name: r.name, stage: r.stage, status, amount: r.amount, currency: r.currency,
    classification: r.classification, confidence: r.confidence, startedAt: r.startedAt, closedAt,
    daysToClose: closedAt ? Math.max(0, Math.round((10 * (Date.parse(closedAt) - Date.parse(r.startedAt))) / DAY) / 10) : null,
    isPipelineInPeriod: status === "open" && inPeriod(r.startedAt), isWonInPeriod: status === "won" && inPeriod(closedAt),
    evidenceUrl: `/api/deals/${r.dealId}/attribution`, pageUrl: `/deals/${r.slug}/attribution`,
  };
}

function add(t: Tally, d: RevenueDeal, p: Period) {
  if (d.status === "open" || !d.closedAt || d.closedAt < p.from || d.closedAt >= p.to) return;
  t.closed++;
  if (d.status === "won") { t.won++; if (d.daysToClose != null) { t.days += d.daysToClose; t.wonWithDays++; } }
}

/**
 * Per partner on a deal (deal_partners): its sourced and influenced deals. Pipeline = open deals that started
 * in the period; won = won deals closed in the period; win rate and time to close count deals closed in the period,
 * "with" the partner's sourced/influenced deals against every other deal of the workspace.
 */
export function buildRevenueReport(rows: RevenueRow[], period: Period, opts: { partner?: string } = {}): RevenueReport {
  const deals = rows.map((r) => ({ row: r, deal: toDeal(r, period) }));
  const all = tally();
  const totals = { sourced: bucket(), influenced: bucket() };
  const byPartner = new Map<string, { partner: { id: string; name: string }; sourced: Bucket; influenced: Bucket; with: Tally; deals: RevenueDeal[] }>();
  const currencies = new Set<string>();
  for (const { row, deal } of deals) {
    add(all, deal, period);
    if (deal.currency && (deal.isPipelineInPeriod || deal.isWonInPeriod)) currencies.add(deal.currency);
    if (deal.classification !== "none" && row.partners.length) {
      const b = totals[deal.classification];
      if (deal.isPipelineInPeriod) { b.pipeline += deal.amount ?? 0; b.pipelineDeals++; }
      if (deal.isWonInPeriod) { b.won += deal.amount ?? 0; b.wonDeals++; }
    }
    for (const p of row.partners) {
      let e = byPartner.get(p.id);
      if (!e) byPartner.set(p.id, e = { partner: p, sourced: bucket(), influenced: bucket(), with: tally(), deals: [] });
      if (deal.classification === "none") continue;
      const b = e[deal.classification];
      if (deal.isPipelineInPeriod) { b.pipeline += deal.amount ?? 0; b.pipelineDeals++; }
      if (deal.isWonInPeriod) { b.won += deal.amount ?? 0; b.wonDeals++; }
      add(e.with, deal, period);
      if (deal.isPipelineInPeriod || deal.isWonInPeriod || (deal.closedAt && deal.closedAt >= period.from && deal.closedAt < period.to)) e.deals.push(deal);
    }
  }
  const wanted = opts.partner?.toLowerCase();
  const partners = [...byPartner.values()]
    .filter((e) => !wanted || e.partner.id.toLowerCase() === wanted || e.partner.name.toLowerCase() === wanted)
    .map((e) => {
      const without: Tally = { closed: all.closed - e.with.closed, won: all.won - e.with.won, days: all.days - e.with.days, wonWithDays: all.wonWithDays - e.with.wonWithDays };
      const fix = (b: Bucket): Bucket => ({ ...b, pipeline: round2(b.pipeline), won: round2(b.won) });
      return { partner: e.partner, sourced: fix(e.sourced), influenced: fix(e.influenced), withPartner: outcome(e.with), withoutPartner: outcome(without), deals: e.deals };
    })
    .sort((a, b) => (b.sourced.won + b.influenced.won + b.sourced.pipeline + b.influenced.pipeline) - (a.sourced.won + a.influenced.won + a.sourced.pipeline + a.influenced.pipeline)
      || a.partner.name.localeCompare(b.partner.name));
  return { period, currencies: [...currencies].sort(), partners, totals: { ...totals, all: outcome(all) } };
}

const cell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};
const csv = (rows: unknown[][]) => `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;

export function revenueToCsv(r: RevenueReport, level: "partners" | "deals" = "partners"): string {
  if (level === "deals") {
    return csv([
      ["period", "partner_id", "partner", "deal_id", "deal", "stage", "status", "classification", "confidence", "amount", "currency", "pipeline_in_period", "won_in_period", "started_at", "closed_at", "days_to_close", "evidence_url"],
      ...r.partners.flatMap((p) => p.deals.map((d) => [r.period.label, p.partner.id, p.partner.name, d.dealId, d.name, d.stage, d.status, d.classification, d.confidence,
        d.amount, d.currency, d.isPipelineInPeriod, d.isWonInPeriod, d.startedAt, d.closedAt, d.daysToClose, d.evidenceUrl])),
    ]);
  }
  return csv([
    ["period", "partner_id", "partner", "sourced_pipeline", "sourced_pipeline_deals", "sourced_won", "sourced_won_deals", "influenced_pipeline", "influenced_pipeline_deals",
      "influenced_won", "influenced_won_deals", "win_rate_with", "win_rate_without", "avg_days_to_close_with", "avg_days_to_close_without", "currencies"],
    ...r.partners.map((p) => [r.period.label, p.partner.id, p.partner.name, p.sourced.pipeline, p.sourced.pipelineDeals, p.sourced.won, p.sourced.wonDeals,
      p.influenced.pipeline, p.influenced.pipelineDeals, p.influenced.won, p.influenced.wonDeals, p.withPartner.winRate, p.withoutPartner.winRate,
      p.withPartner.avgDaysToClose, p.withoutPartner.avgDaysToClose, r.currencies.join(" ")]),
  ]);
}
