// /partners/activation: the activation funnel per partner (onboarded → first intro → first action in SLA → joint call
// → first win → opportunity → won) with the step each partner stalls at highlighted, how many partners reach each
// step, partner-sourced pipeline per month (visx charts), and a partner's first win: define it, see its clock and evidence.
import { useEffect, useState } from "react";
import { request } from "../api-client.ts";
import { FunnelChart, PartnerStallChart, PipelineChart } from "../components/activation-charts.tsx";
import { EmptyState, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { formatDate, formatMoney } from "../format.ts";
import { Link, useSearchParams } from "../router.tsx";
import { useApi } from "../use-api.ts";

type Step = "onboarded" | "first_intro" | "first_action_in_sla" | "first_joint_call" | "first_win" | "opportunity" | "won";
type Rule = { kind: "joint_discovery_calls" | "deals_with_partner_present"; count: number } | null;
interface FirstWin {
  orgId: string; defined: boolean; sentence: string | null; rule: Rule;
  clock: { startsOn: string | null; deadline: string | null; daysLeft: number | null; onboardedKnown: boolean };
  status: "on_track" | "at_risk" | "missed" | "achieved" | null; achievedAt: string | null; progress: { have: number; need: number } | null;
  evidence: Array<{ conversationId: string; dealId: string; title: string; startedAt: string; url: string }>; definedAt: string | null;
}
interface Signals {
  medianTimeToFirstActionMs: number | null; partnerOnFirstCallShare: number | null; firstWinDefinedInWeekOne: boolean;
  huddlesInFirstMonth: number; twoHuddlesInFirstMonth: boolean; introToMeetingRate: number | null;
}
interface PartnerActivation {
  partner: { id: string; name: string; tier: string | null; onboardedOn: string | null };
  funnel: Array<{ step: Step; reached: boolean; at: string | null }>; stalledAt: Step | null; reachedSteps: number;
  firstWin: FirstWin; signals: Signals; sourcedPipeline: Array<{ month: string; amount: number; deals: number }>;
}
interface ActivationReport {
  asOf: string; steps: Array<{ step: Step; label: string; reached: number; stalled: number }>;
  partners: PartnerActivation[]; pipelineByMonth: Array<{ month: string; amount: number; deals: number }>;
}

const STATUS_LABEL: Record<NonNullable<FirstWin["status"]>, string> = { on_track: "On track", at_risk: "At risk", missed: "Missed", achieved: "Achieved" };
const STATUS_COLOR: Record<NonNullable<FirstWin["status"]>, string> = { on_track: "#2563eb", at_risk: "#d97706", missed: "#dc2626", achieved: "#16a34a" };
const pct = (n: number | null) => (n == null ? "–" : `${Math.round(n * 100)}%`);
const hours = (ms: number | null) => (ms == null ? "–" : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 360_000) / 10} h`);

function FirstWinBadge({ fw }: { fw: FirstWin }) {
  if (!fw.status) return <span className="small muted">Not defined</span>;
  return (
    <span className="small" style={{ color: STATUS_COLOR[fw.status], fontWeight: 600 }}>
      {STATUS_LABEL[fw.status]}{fw.progress ? ` ${fw.progress.have}/${fw.progress.need}` : ""}
    </span>
  );
}

function FirstWinEditor({ partner, onSaved }: { partner: PartnerActivation; onSaved: () => void }) {
  const fw = partner.firstWin;
  const [sentence, setSentence] = useState(fw.sentence ?? "");
  const [kind, setKind] = useState<"none" | "joint_discovery_calls" | "deals_with_partner_present">(fw.rule?.kind ?? "joint_discovery_calls");
  const [count, setCount] = useState(fw.rule?.count ?? 2);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true); setError(null);
    try {
      await request("PUT", `/api/partners/${encodeURIComponent(partner.partner.id)}/first-win`, { sentence, rule: kind === "none" ? null : { kind, count } });
      onSaved();
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setSaving(false); }
  };
  return (
    <section className="card card-pad" style={{ marginTop: 16 }} aria-labelledby="fw-title" data-testid="first-win">
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <h2 id="fw-title" className="section-title">{partner.partner.name}: first win</h2>
        <span style={{ flex: 1 }} />
        <Link className="btn btn-ghost btn-sm" to={`/partners/${encodeURIComponent(partner.partner.id)}/runway`}>Open the runway</Link>
      </div>
      <p className="small muted">
        30-day clock from onboarding{fw.clock.startsOn ? ` (${formatDate(fw.clock.startsOn)} → ${formatDate(fw.clock.deadline)}, ${fw.clock.daysLeft} days left)` : " (no onboarding date set)"}. Status: <FirstWinBadge fw={fw} />
      </p>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} style={{ display: "flex", gap: 8, flexWrap: "wrap", alignItems: "center" }}>
        <input className="input" style={{ flex: "1 1 320px" }} value={sentence} onChange={(e) => setSentence(e.target.value)} placeholder="In one sentence: what counts as this partner's first win" aria-label="First win sentence" />
        <select className="input input-sm" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label="Rule">
          <option value="joint_discovery_calls">Joint calls (partner present)</option>
          <option value="deals_with_partner_present">Deals with the partner on a call</option>
          <option value="none">No rule (timed only)</option>
        </select>
        {kind !== "none" && <input className="input input-sm" type="number" min={1} max={100} style={{ width: 70 }} value={count} onChange={(e) => setCount(Math.max(1, Number(e.target.value) || 1))} aria-label="Count" />}
        <button className="btn btn-primary btn-sm" type="submit" disabled={saving || !sentence.trim()}>{fw.defined ? "Update" : "Define"}</button>
      </form>
      {error && <p className="small" style={{ color: "#dc2626" }}>{error}</p>}
      {fw.evidence.length > 0 && (
        <ul className="small" style={{ marginTop: 8 }}>
          {fw.evidence.map((e) => <li key={e.conversationId}><Link to={e.url}>{e.title}</Link> · {formatDate(e.startedAt)}</li>)}
        </ul>
      )}
    </section>
  );
}

export function ActivationPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get("partner");
  useEffect(() => { document.title = "Partner activation · Baton"; }, []);
  const report = useApi((signal) => request<{ activation: ActivationReport }>("GET", "/api/partners/activation", undefined, { signal }), []);
  const r = report.data?.activation;
  const chosen = r?.partners.find((p) => p.partner.id === selected) ?? null;
  const select = (id: string) => setParams({ partner: id === selected ? undefined : id }, { replace: true });

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Partner activation</h1>
          <p className="page-sub">Where each partner stalls between onboarding and a won deal, its first win on a 30-day clock, and the behaviour that predicts activation.</p>
        </div>
        <a className="btn btn-ghost btn-sm" href="/api/partners/activation?format=csv">Download CSV</a>
      </div>
      {report.state === "loading" && !r ? <div className="card card-pad"><LoadingBlock label="Working out activation…" rows={6} /></div>
        : report.state === "error" && !r ? <div className="card card-pad"><ErrorState error={report.error} title="Could not load partner activation" onRetry={report.reload} /></div>
        : !r!.partners.length ? <div className="card card-pad"><EmptyState title="No partners yet">Partner organisations appear here once they are added.</EmptyState></div>
        : (
          <>
            <div className="card card-pad" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))", gap: 24 }}>
              <FunnelChart steps={r!.steps} total={r!.partners.length} />
              <PartnerStallChart steps={r!.steps} selected={selected} onSelect={select}
                partners={r!.partners.map((p) => ({ id: p.partner.id, name: p.partner.name, stalledAt: p.stalledAt, funnel: p.funnel }))} />
              <PipelineChart months={r!.pipelineByMonth} />
            </div>
            <div className="card table-card" style={{ marginTop: 16, overflowX: "auto" }}>
              <table className="table" data-testid="activation-table">
                <thead>
                  <tr>
                    <th>Partner</th>
                    {r!.steps.map((s) => <th key={s.step} className="small">{s.label}</th>)}
                    <th>First win</th><th className="small">Median time to first action</th><th className="small">Partner on first call</th>
                    <th className="small">Intro → meeting</th><th className="small">Huddles in month 1</th><th className="small">Win defined in week 1</th>
                  </tr>
                </thead>
                <tbody>
                  {r!.partners.map((p) => (
                    <tr key={p.partner.id} className="row-link" onClick={() => select(p.partner.id)} style={p.partner.id === selected ? { background: "var(--accent-50)" } : undefined}>
                      <td>
                        <button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); select(p.partner.id); }}>{p.partner.name}</button>
                        {" "}<Link to={`/partners/${encodeURIComponent(p.partner.id)}/runway`} className="small muted" onClick={(e) => e.stopPropagation()} data-testid={`runway-link-${p.partner.id}`}>Runway</Link>
                      </td>
                      {p.funnel.map((s) => {
                        const stall = p.stalledAt === s.step;
                        return (
                          <td key={s.step} className="small" data-stall={stall ? "true" : undefined}
                            style={stall ? { background: "#fef3c7", color: "#92400e", fontWeight: 600 } : s.reached ? undefined : { color: "#9aa3b2" }}
                            title={stall ? "Stalls here" : undefined}>
                            {s.reached ? `✓ ${formatDate(s.at)}` : stall ? "Stalled" : "–"}
                          </td>
                        );
                      })}
                      <td><FirstWinBadge fw={p.firstWin} /></td>
                      <td className="tabular small">{hours(p.signals.medianTimeToFirstActionMs)}</td>
                      <td className="tabular small">{pct(p.signals.partnerOnFirstCallShare)}</td>
                      <td className="tabular small">{pct(p.signals.introToMeetingRate)}</td>
                      <td className="tabular small">{p.signals.huddlesInFirstMonth}{p.signals.twoHuddlesInFirstMonth ? " ✓" : ""}</td>
                      <td className="small">{p.signals.firstWinDefinedInWeekOne ? "Yes" : "No"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {chosen ? (
              <>
                <FirstWinEditor key={`${chosen.partner.id}-${chosen.firstWin.definedAt ?? ""}`} partner={chosen} onSaved={report.reload} />
                {chosen.sourcedPipeline.length > 0 && (
                  <p className="small muted" style={{ marginTop: 8 }}>
                    Sourced pipeline: {chosen.sourcedPipeline.map((m) => `${m.month} ${formatMoney(m.amount, null, true)} (${m.deals})`).join(" · ")}
                  </p>
                )}
              </>
            ) : <p className="small muted" style={{ marginTop: 8 }}>Choose a partner to define its first win and see the calls that prove it.</p>}
          </>
        )}
    </div>
  );
}
