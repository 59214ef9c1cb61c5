// A deal's attribution: the class with confidence and reasons, the evidence trail with every quote or email,
// claims (registrations, notes) and the locked milestone snapshots with their evidence packs.
import { useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import { formatDate, formatDateTime } from "../format.ts";
import { Link } from "../router.tsx";
import type { Side } from "../types.ts";
import { useApi } from "../use-api.ts";
import { Alert, ErrorState, LoadingBlock, sideClass } from "./ui.tsx";

export interface EvidenceQuote {
  conversationId: string | null; file: string; title: string; kind: string; seq: number | null; offset: string | null;
  occurredAt: string | null; speaker: string | null; side: Side | null; quote: string;
}
export interface TrailEntry { id: string; kind: string; at: string | null; text: string; ref: string | null; counts: boolean; evidence: EvidenceQuote[]; details?: Record<string, unknown> }
export interface DealAttribution {
  deal: { id: string; slug: string; name: string; stage: string; amount: number | null; currency: string | null; partners: Array<{ id: string; name: string }> };
  attribution: { introducedBy: string | null; introducedOn: string | null; firstJointConversation: string | null; classification: "sourced" | "influenced" | "none"; confidence: number; reasons: string[] };
  trail: TrailEntry[];
  computedAt: string;
}
export interface SnapshotSummary { id: string; version: number; milestone: string; stage: string; classification: string; confidence: number; actor: string; at: string; htmlUrl: string; markdownUrl: string }

const LABEL: Record<string, string> = {
  intro: "Intro", our_first_contact: "Our first contact", joint_conversation: "First joint conversation", partner_present: "Partner took part",
  partner_resolved_objection: "Partner answered an objection", partner_brought_stakeholder: "Partner brought in a stakeholder",
  partner_kept_commitment: "Partner delivered on time", partner_commitment_late: "Partner delivered late", claim_registration: "Registration", claim_note: "Note",
};
const CLASS_TONE: Record<string, string> = { sourced: "badge-warn", influenced: "badge-info", none: "badge-neutral" };
export const AttributionBadge = ({ value }: { value: string }) => <span className={`badge ${CLASS_TONE[value] ?? "badge-neutral"}`}>{value[0]!.toUpperCase() + value.slice(1)}</span>;

const quoteHref = (q: EvidenceQuote) => (q.conversationId ? `/conversations/${encodeURIComponent(q.conversationId)}${q.seq != null ? `#seq-${q.seq}` : ""}` : null);

/** "Subject: … (From: …)": the email's headers in one line; the whole email opens below. */
const emailSummary = (quote: string) => {
  const head = (k: string) => quote.split("\n").find((l) => l.startsWith(`${k}: `))?.slice(k.length + 2) ?? "";
  return `Email “${head("Subject")}” from ${head("From")}${head("Cc") ? `, cc ${head("Cc")}` : ""}`;
};

function Quote({ q }: { q: EvidenceQuote }) {
  const href = quoteHref(q);
  const where = `${q.file === "claim" ? q.title : q.file}${q.seq != null ? ` #${q.seq}` : ""}${q.offset ? ` · ${q.offset.slice(0, 8)}` : ""}`;
  return (
    <div className="evidence" style={{ display: "block", marginTop: 6 }}>
      {q.kind === "email" ? (
        <details className={`evidence-quote ${sideClass(q.side)}`} style={{ display: "block" }}>
          <summary style={{ cursor: "pointer" }}>{emailSummary(q.quote)}</summary>
          <span style={{ whiteSpace: "pre-wrap", display: "block", marginTop: 4 }}>{q.quote}</span>
        </details>
      ) : <span className={`evidence-quote ${sideClass(q.side)}`} style={{ whiteSpace: "pre-wrap", display: "block" }}>“{q.quote}”</span>}
      <span className="evidence-meta">
        {q.speaker ?? "Unknown"}{q.side ? ` (${q.side})` : ""} · {href ? <Link to={href}>{where}</Link> : where}
      </span>
    </div>
  );
}

export function AttributionPanel({ dealId }: { dealId: string }) {
  const data = useApi((signal) => request<{ attribution: DealAttribution }>("GET", `/api/deals/${encodeURIComponent(dealId)}/attribution`, undefined, { signal }), [dealId]);
  // Partner users read the trail; claims and snapshots are our side's (staff-only endpoints, never called for them).
  const isPartner = useIsPartner();
  const snaps = useApi((signal) => (isPartner ? Promise.resolve(null)
    : request<{ snapshots: SnapshotSummary[] }>("GET", `/api/deals/${encodeURIComponent(dealId)}/attribution/snapshots`, undefined, { signal })), [dealId, isPartner]);
  const [kind, setKind] = useState<"registration" | "note">("note");
  const [text, setText] = useState("");
  const [milestone, setMilestone] = useState("close");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  if (data.state === "loading" && !data.data) return <LoadingBlock label="Building the evidence trail…" rows={6} />;
  if (data.state === "error" && !data.data) return <ErrorState error={data.error} title="Could not load the attribution" onRetry={data.reload} />;
  const a = data.data!.attribution;
  const at = a.attribution;

  const run = async (fn: () => Promise<string>) => {
    setBusy(true); setMessage(null);
    try { setMessage({ tone: "success", text: await fn() }); data.reload(); snaps.reload(); }
    catch (e) { setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) }); }
    finally { setBusy(false); }
  };
  const handleClaim = () => run(async () => {
    await request("POST", `/api/deals/${encodeURIComponent(dealId)}/attribution/claims`, { kind, text });
    setText("");
    return kind === "registration" ? "Registration added to the trail." : "Note added to the trail.";
  });
  const handleSnapshot = () => run(async () => {
    const r = await request<{ snapshot: SnapshotSummary }>("POST", `/api/deals/${encodeURIComponent(dealId)}/attribution/snapshots`, { milestone });
    return `Locked snapshot v${r.snapshot.version} (${r.snapshot.milestone}).`;
  });

  return (
    <div className="attribution-panel" data-testid="attribution-panel">
      {message && <Alert tone={message.tone} onClose={() => setMessage(null)}>{message.text}</Alert>}
      <div style={{ display: "flex", gap: 12, alignItems: "center", flexWrap: "wrap", margin: "4px 0 10px" }}>
        <AttributionBadge value={at.classification} />
        <span className="small">confidence <strong>{Math.round(at.confidence * 100)}%</strong></span>
        {at.introducedBy && <span className="small muted">introduced by <strong>{at.introducedBy}</strong> on {formatDate(at.introducedOn)}</span>}
        {at.firstJointConversation && <span className="small muted">first joint conversation {at.firstJointConversation}</span>}
      </div>
      <ul className="small" style={{ margin: "0 0 14px", paddingLeft: 18 }}>{at.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>

      <h3 className="items-group-title">Evidence trail</h3>
      <ol style={{ listStyle: "none", paddingLeft: 0, margin: 0 }}>
        {a.trail.map((t) => (
          <li key={t.id} id={`trail-${t.id}`} style={{ display: "block", padding: "8px 0", borderBottom: "1px solid var(--n-100)", opacity: t.counts ? 1 : 0.85 }}>
            <div className="small muted">{t.at ? (t.at.length === 10 ? formatDate(t.at) : formatDateTime(t.at)) : "Undated"}{t.counts ? "" : " · not counted by the rules"}</div>
            <div><strong>{LABEL[t.kind] ?? t.kind}</strong>: {t.text}</div>
            {t.evidence.map((q, i) => <Quote key={i} q={q} />)}
          </li>
        ))}
      </ol>

      {!isPartner && <>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))", gap: 16, marginTop: 16 }}>
        <form className="form" onSubmit={(e) => { e.preventDefault(); if (text.trim()) void handleClaim(); }}>
          <h3 className="items-group-title">Add a registration or note</h3>
          <div style={{ display: "flex", gap: 8 }}>
            <select className="select input-sm" style={{ width: "auto", flex: "none" }} value={kind} onChange={(e) => setKind(e.target.value as "registration" | "note")} aria-label="Kind">
              <option value="note">Note</option><option value="registration">Registration</option>
            </select>
            <input className="input input-sm" style={{ flex: 1, minWidth: 0 }} value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. Registered with the partner portal, reg #BP-1042" aria-label="Claim text" />
            <button className="btn btn-secondary btn-sm" disabled={busy || !text.trim()} type="submit">Add</button>
          </div>
        </form>
        <form className="form" onSubmit={(e) => { e.preventDefault(); void handleSnapshot(); }}>
          <h3 className="items-group-title">Lock a milestone snapshot</h3>
          <div style={{ display: "flex", gap: 8 }}>
            <input className="input input-sm" style={{ flex: 1 }} value={milestone} onChange={(e) => setMilestone(e.target.value)} aria-label="Milestone" />
            <button className="btn btn-primary btn-sm" disabled={busy || !milestone.trim()} type="submit">Lock snapshot</button>
          </div>
        </form>
      </div>

      <h3 className="items-group-title" style={{ marginTop: 16 }}>Snapshots</h3>
      {!snaps.data?.snapshots.length ? <p className="small muted">None yet. A snapshot locks the classification and its evidence pack; later edits make a new version.</p> : (
        <table className="table" data-testid="attribution-snapshots">
          <thead><tr><th>Version</th><th>Milestone</th><th>Stage</th><th>Class</th><th>Locked</th><th>Evidence pack</th></tr></thead>
          <tbody>
            {snaps.data.snapshots.map((s) => (
              <tr key={s.id}>
                <td className="tabular">v{s.version}</td><td>{s.milestone}</td><td>{s.stage}</td>
                <td><AttributionBadge value={s.classification} /> <span className="small muted">{Math.round(s.confidence * 100)}%</span></td>
                <td className="small">{formatDateTime(s.at)} · {s.actor}</td>
                <td><a href={s.htmlUrl} target="_blank" rel="noreferrer">HTML</a> · <a href={s.markdownUrl} target="_blank" rel="noreferrer">Markdown</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      </>}
    </div>
  );
}
