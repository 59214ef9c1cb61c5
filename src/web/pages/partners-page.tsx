// /partners: partner revenue for a period: sourced vs influenced bars per partner, the summary table with win
// rate and time to close with vs without the partner, and the drill-down to the deals and their evidence.
import { useEffect, useMemo, useState } from "react";
import { request } from "../api-client.ts";
import { AttributionBarChart, AttributionWinRate } from "../components/attribution-charts.tsx";
import { AttributionBadge } from "../components/attribution-panel.tsx";
import { EmptyState, ErrorState, LoadingBlock, StageBadge } from "../components/ui.tsx";
import { formatDate, formatMoney } from "../format.ts";
import { Link, useSearchParams } from "../router.tsx";
import { useApi } from "../use-api.ts";

interface Bucket { pipeline: number; pipelineDeals: number; won: number; wonDeals: number }
interface Outcome { closed: number; won: number; winRate: number | null; avgDaysToClose: number | null }
interface RevenueDeal {
  dealId: string; slug: string; name: string; stage: string; status: "open" | "won" | "lost"; amount: number | null; currency: string | null;
  classification: "sourced" | "influenced" | "none"; confidence: number; startedAt: string; closedAt: string | null; daysToClose: number | null;
  isPipelineInPeriod: boolean; isWonInPeriod: boolean; evidenceUrl: string; pageUrl: string;
}
interface PartnerRevenue { partner: { id: string; name: string }; sourced: Bucket; influenced: Bucket; withPartner: Outcome; withoutPartner: Outcome; deals: RevenueDeal[] }
interface RevenueReport { period: { label: string; from: string; to: string }; currencies: string[]; partners: PartnerRevenue[]; totals: { sourced: Bucket; influenced: Bucket; all: Outcome } }

const PERIOD_RE = /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/;
function currentQuarter(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
const days = (n: number | null) => (n == null ? "–" : `${n} d`);

export function PartnersPage() {
  const [params, setParams] = useSearchParams();
  // The year to date by default: a quarter is often still empty early on, and the year shows the trend.
  const period = params.get("period") ?? currentQuarter().slice(0, 4);
  const selected = params.get("partner");
  const [draft, setDraft] = useState(period);
  useEffect(() => { document.title = `Partner revenue · ${period} · Baton`; setDraft(period); }, [period]);
  const report = useApi((signal) => request<{ revenue: RevenueReport }>("GET", `/api/partners/revenue?period=${encodeURIComponent(period)}`, undefined, { signal }), [period]);
  const r = report.data?.revenue;
  const cur = r?.currencies.length === 1 ? r.currencies[0]! : null;
  const money = (n: number) => formatMoney(n, cur, true);
  const chosen = useMemo(() => r?.partners.find((p) => p.partner.id === selected) ?? null, [r, selected]);
  const handleSelect = (id: string) => setParams({ partner: id === selected ? undefined : id }, { replace: true });

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Partner revenue</h1>
          <p className="page-sub">Sourced and influenced pipeline and won revenue per partner, every number down to its deals and their evidence.</p>
        </div>
      </div>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (PERIOD_RE.test(draft)) setParams({ period: draft, partner: undefined }); }} style={{ display: "flex", gap: 8, alignItems: "center", marginBottom: 12 }}>
        <label className="small muted" htmlFor="period">Period</label>
        <input id="period" className="input input-sm" style={{ width: 120 }} value={draft} onChange={(e) => setDraft(e.target.value.trim())} placeholder="2026Q1" aria-invalid={!PERIOD_RE.test(draft)} />
        <button className="btn btn-secondary btn-sm" type="submit" disabled={!PERIOD_RE.test(draft)}>Show</button>
        <span className="small muted">2026 · 2026Q1 · 2026-03</span>
        <div style={{ flex: 1 }} />
        <a className="btn btn-ghost btn-sm" href={`/api/partners/revenue?period=${encodeURIComponent(period)}&format=csv`}>Download CSV</a>
        <a className="btn btn-ghost btn-sm" href={`/api/partners/revenue?period=${encodeURIComponent(period)}&format=csv&level=deals`}>CSV with deals</a>
      </form>

      {report.state === "loading" && !r ? <div className="card card-pad"><LoadingBlock label="Adding up partner revenue…" rows={6} /></div>
        : report.state === "error" && !r ? <div className="card card-pad"><ErrorState error={report.error} title="Could not load partner revenue" onRetry={report.reload} /></div>
        : !r!.partners.length ? <div className="card card-pad"><EmptyState title="No partner deals yet">Deals with a partner appear here once they are imported.</EmptyState></div>
        : (
          <>
            <div className="card card-pad" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))", gap: 24 }}>
              <AttributionBarChart title={`Pipeline started in ${r!.period.label} (open deals)`} selected={selected} onSelect={handleSelect}
                data={r!.partners.map((p) => ({ id: p.partner.id, label: p.partner.name, sourced: p.sourced.pipeline, influenced: p.influenced.pipeline }))} />
              <AttributionBarChart title={`Won in ${r!.period.label}`} selected={selected} onSelect={handleSelect}
                data={r!.partners.map((p) => ({ id: p.partner.id, label: p.partner.name, sourced: p.sourced.won, influenced: p.influenced.won }))} />
            </div>
            <div className="card table-card" style={{ marginTop: 16 }}>
              <table className="table" data-testid="partners-revenue-table">
                <thead>
                  <tr><th>Partner</th><th className="tabular">Sourced pipeline</th><th className="tabular">Sourced won</th><th className="tabular">Influenced pipeline</th>
                    <th className="tabular">Influenced won</th><th>Win rate with / without</th><th>Days to close with / without</th></tr>
                </thead>
                <tbody>
                  {r!.partners.map((p) => (
                    <tr key={p.partner.id} className="row-link" onClick={() => handleSelect(p.partner.id)} style={p.partner.id === selected ? { background: "var(--accent-50)" } : undefined}>
                      <td>
                        <button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); handleSelect(p.partner.id); }}>{p.partner.name}</button>
                        {" "}<Link to={`/partners/${encodeURIComponent(p.partner.id)}/runway`} className="small muted" onClick={(e) => e.stopPropagation()} data-testid={`runway-link-${p.partner.id}`}>Runway</Link>
                      </td>
                      <td className="tabular">{money(p.sourced.pipeline)} <span className="muted small">({p.sourced.pipelineDeals})</span></td>
                      <td className="tabular">{money(p.sourced.won)} <span className="muted small">({p.sourced.wonDeals})</span></td>
                      <td className="tabular">{money(p.influenced.pipeline)} <span className="muted small">({p.influenced.pipelineDeals})</span></td>
                      <td className="tabular">{money(p.influenced.won)} <span className="muted small">({p.influenced.wonDeals})</span></td>
                      <td><AttributionWinRate withRate={p.withPartner.winRate} withoutRate={p.withoutPartner.winRate} /></td>
                      <td className="tabular small">{days(p.withPartner.avgDaysToClose)} / {days(p.withoutPartner.avgDaysToClose)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {chosen && (
              <section className="card table-card" style={{ marginTop: 16 }} aria-labelledby="drill-title" data-testid="partner-drilldown">
                <div className="section-head card-pad" style={{ paddingBottom: 0 }}>
                  <h2 id="drill-title" className="section-title">{chosen.partner.name}: {chosen.deals.length} deal{chosen.deals.length === 1 ? "" : "s"} in {r!.period.label}</h2>
                </div>
                <table className="table">
                  <thead><tr><th>Deal</th><th>Stage</th><th>Attribution</th><th className="tabular">Amount</th><th>Counts as</th><th>Started</th><th>Closed</th><th>Evidence</th></tr></thead>
                  <tbody>
                    {chosen.deals.map((d) => (
                      <tr key={d.dealId}>
                        <td><Link to={`/deals/${d.dealId}`}>{d.name}</Link></td>
                        <td><StageBadge stage={d.stage} /></td>
                        <td><AttributionBadge value={d.classification} /> <span className="small muted">{Math.round(d.confidence * 100)}%</span></td>
                        <td className="tabular">{formatMoney(d.amount, d.currency)}</td>
                        <td className="small">{d.isWonInPeriod ? "Won" : d.isPipelineInPeriod ? "Pipeline" : d.status === "lost" ? "Lost" : "Closed"}</td>
                        <td className="small">{formatDate(d.startedAt)}</td>
                        <td className="small">{d.closedAt ? `${formatDate(d.closedAt)} (${days(d.daysToClose)})` : "–"}</td>
                        <td><Link to={`/deals/${d.dealId}/attribution`}>Trail</Link></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {!chosen && <p className="small muted" style={{ marginTop: 8 }}>Choose a partner (a bar or a row) to see the deals behind its numbers.</p>}
          </>
        )}
    </div>
  );
}
