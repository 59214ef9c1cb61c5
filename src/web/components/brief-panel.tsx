// The deal's handoff panel: the intro brief (each field with the partner's words and an edit
// control), owner and backup, the time-to-first-action clock, and the first follow-up draft.
import { type CSSProperties, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { formatDateTime } from "../format.ts";
import { useApi } from "../use-api.ts";
import { CheckIcon, ClockIcon, MailIcon, PencilIcon, QuoteIcon, UsersIcon, XIcon } from "./icons.tsx";
import { ErrorState, LoadingBlock } from "./ui.tsx";

interface BriefField { value: string | null; evidence: { quote: string; source: string } | null; confidence: number; editedBy: string | null; editedAt: string | null }
interface PersonRef { id: string; name: string; email: string | null }
interface HandoffView {
  id: string; subject: string | null; receivedAt: string; timezone: string;
  brief: { fields: Record<string, BriefField>; language: string | null };
  owner: PersonRef | null; backup: PersonRef | null; ownerRule: string; status: string;
  firstAction: { at: string; kind: string; by: string } | null;
  clock: { elapsedMs: number; targetMs: number; ratio: number; dueAt: string; status: "on_track" | "at_risk" | "breached"; isRunning: boolean; stoppedAt: string | null };
  escalations: Escalation[];
}
interface Escalation {
  level: number; recipients: string[]; at: string;
  email: { state: "sent" | "failed" | "not_sent" | "pending"; detail: string | null };
  slack: { state: "sent" | "failed" | "pending" | "not_configured"; detail: string | null };
}
interface Draft { to: Array<{ name: string | null; email: string }>; cc: Array<{ name: string | null; email: string }>; subject: string; text: string; language: string; warnings: string[] }

const FIELDS: Array<{ key: string; label: string }> = [
  { key: "buyerCompany", label: "Buyer" }, { key: "buyerContact.name", label: "Buyer contact" }, { key: "buyerContact.title", label: "Title" },
  { key: "buyerContact.email", label: "Email" }, { key: "partnerCompany", label: "Partner" }, { key: "partnerContact.name", label: "Introduced by" },
  { key: "problem", label: "Problem" }, { key: "whyNow", label: "Why now" }, { key: "urgency", label: "Urgency" },
  { key: "expectedNextStep", label: "Next step" }, { key: "requestedBy", label: "Requested by" },
];
const STATUS: Record<HandoffView["clock"]["status"], { label: string; tone: string; color: string }> = {
  on_track: { label: "On track", tone: "badge-good", color: "var(--good)" },
  at_risk: { label: "At risk", tone: "badge-warn", color: "var(--warn)" },
  breached: { label: "Breached", tone: "badge-bad", color: "var(--bad)" },
};
const RULE: Record<string, string> = { partner_usual: "partner's usual owner", round_robin: "round robin", manual: "set by hand", none: "no rule matched" };
const ACTIONS: Record<string, string> = { reply_sent: "Reply sent", meeting_booked: "Meeting booked", call_held: "Call held" };

const hours = (ms: number) => `${(Math.round((ms / 3600_000) * 10) / 10).toString()} h`;
const enc = encodeURIComponent;
const s = {
  grid: { display: "grid", gridTemplateColumns: "minmax(0, 1.4fr) minmax(0, 1fr)", gap: "var(--sp-4)", padding: "var(--sp-4)" } as CSSProperties,
  row: { display: "grid", gridTemplateColumns: "120px minmax(0, 1fr) auto", gap: "var(--sp-3)", padding: "8px 0", borderBottom: "1px solid var(--n-100)", alignItems: "start" } as CSSProperties,
  label: { color: "var(--n-500)", fontSize: "var(--fs-sm)", fontWeight: 600 } as CSSProperties,
  quote: { margin: "4px 0 0", paddingLeft: 8, borderLeft: "3px solid var(--partner-300, var(--n-200))", color: "var(--n-600)", fontSize: "var(--fs-sm)", fontStyle: "italic" } as CSSProperties,
  box: { border: "1px solid var(--n-150)", borderRadius: "var(--r-md)", padding: "var(--sp-3)", marginBottom: "var(--sp-3)" } as CSSProperties,
  h3: { fontSize: "var(--fs-sm)", fontWeight: 650, color: "var(--n-700)", display: "flex", alignItems: "center", gap: 6, margin: "0 0 8px" } as CSSProperties,
  pre: { whiteSpace: "pre-wrap", fontFamily: "inherit", fontSize: "var(--fs-sm)", background: "var(--n-50)", borderRadius: "var(--r-sm)", padding: "var(--sp-3)", margin: "8px 0 0", maxHeight: 320, overflow: "auto" } as CSSProperties,
};

export function BriefPanel({ dealId }: { dealId: string }) {
  const handoff = useApi(async (signal) => {
    try {
      return (await request<{ handoff: HandoffView }>("GET", `/api/deals/${enc(dealId)}/handoff`, undefined, { signal })).handoff;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null; // a deal that did not come from an intro
      throw e;
    }
  }, [dealId]);
  const draft = useApi((signal) => (handoff.data ? request<Draft>("GET", `/api/deals/${enc(dealId)}/first-follow-up`, undefined, { signal }) : Promise.resolve(null)), [dealId, handoff.data]);

  if (handoff.state === "loading" && !handoff.data) return <section className="card"><LoadingBlock label="Loading handoff…" rows={5} /></section>;
  if (handoff.state === "error" && !handoff.data) return <section className="card"><ErrorState error={handoff.error} title="Could not load the handoff" onRetry={handoff.reload} /></section>;
  const h = handoff.data;
  if (!h) return null;
  return (
    <section className="card" aria-labelledby="handoff-title" data-testid="brief-panel">
      <div className="section-head">
        <h2 id="handoff-title" className="section-title"><QuoteIcon size={16} /> Partner handoff</h2>
        <span className="muted" style={{ fontSize: "var(--fs-sm)" }}>{h.subject}</span>
        <span className="section-head-spacer" />
        <span className="muted" style={{ fontSize: "var(--fs-sm)" }}>Received {formatDateTime(h.receivedAt, h.timezone)}</span>
      </div>
      <div style={s.grid}>
        <div>
          {FIELDS.map((f) => <BriefRow key={f.key} dealId={dealId} field={f.key} label={f.label} data={h.brief.fields[f.key]} onSaved={handoff.reload} />)}
        </div>
        <div>
          <ClockBox h={h} />
          <div style={s.box}>
            <h3 style={s.h3}><UsersIcon size={14} /> Owner</h3>
            <div><strong>{h.owner?.name ?? "Nobody yet"}</strong> <span className="muted">({RULE[h.ownerRule] ?? h.ownerRule})</span></div>
            <div className="muted" style={{ fontSize: "var(--fs-sm)" }}>Backup: {h.backup?.name ?? "none"}</div>
          </div>
          <DraftBox draft={draft.data} />
        </div>
      </div>
    </section>
  );
}

function BriefRow({ dealId, field, label, data, onSaved }: { dealId: string; field: string; label: string; data: BriefField | undefined; onSaved: () => void }) {
  const [isEditing, setIsEditing] = useState(false);
  const [value, setValue] = useState(data?.value ?? "");
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const handleSave = async () => {
    setIsSaving(true);
    setError(null);
    try {
      await request("PATCH", `/api/deals/${enc(dealId)}/brief`, { field, value: value.trim() || null });
      setIsEditing(false);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? (e.details[0]?.message ?? e.message) : String(e));
    } finally {
      setIsSaving(false);
    }
  };
  const showQuote = data?.evidence && data.evidence.source !== "header" && data.evidence.quote !== data.value;
  return (
    <div style={s.row} data-testid={`brief-${field}`}>
      <div style={s.label}>{label}</div>
      <div>
        {isEditing ? (
          <div style={{ display: "flex", gap: 6 }}>
            <input className="input" aria-label={label} value={value} onChange={(e) => setValue(e.target.value)} style={{ flex: 1, minWidth: 0 }}
              onKeyDown={(e) => { if (e.key === "Enter") void handleSave(); if (e.key === "Escape") setIsEditing(false); }} autoFocus />
            <button type="button" className="btn btn-primary btn-xs" onClick={handleSave} disabled={isSaving} aria-label="Save"><CheckIcon size={12} /></button>
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => setIsEditing(false)} aria-label="Cancel"><XIcon size={12} /></button>
          </div>
        ) : (
          <div>
            {data?.value ? <span>{data.value}</span> : <span className="muted">Not found</span>}
            {data?.editedBy && <span className="badge badge-info" style={{ marginLeft: 6 }} title={`Edited ${data.editedAt ? formatDateTime(data.editedAt) : ""}`}>edited</span>}
            {!data?.editedBy && data?.value && data.confidence < 0.6 && <span className="badge badge-warn" style={{ marginLeft: 6 }}>check</span>}
          </div>
        )}
        {showQuote && <p style={s.quote}>“{data!.evidence!.quote}”</p>}
        {error && <div role="alert" style={{ color: "var(--bad)", fontSize: "var(--fs-xs)" }}>{error}</div>}
      </div>
      {!isEditing && (
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => { setValue(data?.value ?? ""); setIsEditing(true); }} aria-label={`Edit ${label}`}>
          <PencilIcon size={12} />
        </button>
      )}
    </div>
  );
}

function ClockBox({ h }: { h: HandoffView }) {
  const c = h.clock;
  const st = STATUS[c.status];
  const pct = Math.min(100, Math.round(c.ratio * 100));
  return (
    <div style={s.box} data-testid="ttfa-clock">
      <h3 style={s.h3}><ClockIcon size={14} /> Time to first action <span className={`badge ${st.tone}`} style={{ marginLeft: "auto" }}>{c.isRunning ? st.label : c.status === "breached" ? "Late" : "Met"}</span></h3>
      <div style={{ fontSize: 22, fontWeight: 700, fontVariantNumeric: "tabular-nums" }}>
        {hours(c.elapsedMs)} <span className="muted" style={{ fontSize: "var(--fs-sm)", fontWeight: 500 }}>of {hours(c.targetMs)} business time</span>
      </div>
      <div style={{ height: 6, background: "var(--n-100)", borderRadius: 3, margin: "8px 0", overflow: "hidden" }} aria-hidden="true">
        <div style={{ width: `${pct}%`, height: "100%", background: st.color }} />
      </div>
      <div className="muted" style={{ fontSize: "var(--fs-sm)" }}>
        {h.firstAction ? `${ACTIONS[h.firstAction.kind] ?? h.firstAction.kind} ${formatDateTime(h.firstAction.at, h.timezone)}` : `Due ${formatDateTime(c.dueAt, h.timezone)}`}
      </div>
      {h.escalations.length > 0 && <Escalations h={h} />}
    </div>
  );
}

const EMAIL_STATE: Record<Escalation["email"]["state"], { label: string; tone: string }> = {
  sent: { label: "sent", tone: "badge-good" }, failed: { label: "failed", tone: "badge-bad" }, not_sent: { label: "not sent", tone: "badge-warn" }, pending: { label: "sending", tone: "badge-info" },
};
const SLACK_STATE: Record<Escalation["slack"]["state"], { label: string; tone: string }> = {
  sent: { label: "sent", tone: "badge-good" }, failed: { label: "failed", tone: "badge-bad" }, pending: { label: "posting", tone: "badge-info" }, not_configured: { label: "not configured", tone: "badge-outline" },
};

/** Each escalation level with its two channels: the email and the Slack post, and why one did not go out. */
function Escalations({ h }: { h: HandoffView }) {
  return (
    <ul aria-label="Escalations" data-testid="handoff-escalations" style={{ listStyle: "none", margin: "10px 0 0", padding: 0, borderTop: "1px solid var(--n-100)" }}>
      {h.escalations.map((e) => {
        const noSmtp = e.email.state === "not_sent" && /no SMTP/i.test(e.email.detail ?? "");
        const mail = noSmtp ? { label: "not configured", tone: "badge-outline" } : EMAIL_STATE[e.email.state], slack = SLACK_STATE[e.slack.state];
        return (
          <li key={e.level} data-testid={`escalation-${e.level}`} style={{ padding: "6px 0", fontSize: "var(--fs-xs)", borderBottom: "1px solid var(--n-100)" }}>
            <div style={{ fontWeight: 600 }}>Escalated, level {e.level} <span className="muted" style={{ fontWeight: 400 }}>({e.level === 1 ? "backup" : "partner manager"}) · {formatDateTime(e.at, h.timezone)}</span></div>
            <div style={{ display: "flex", gap: 6, alignItems: "baseline", marginTop: 2 }} data-testid="escalation-email">
              <span className="muted" style={{ width: 36 }}>Email</span><span className={`badge ${mail.tone}`}>{mail.label}</span>
              <span className={e.email.state === "failed" ? undefined : "muted"} style={{ minWidth: 0, overflowWrap: "anywhere", color: e.email.state === "failed" ? "var(--bad)" : undefined }}>{e.email.state === "sent" ? `to ${e.email.detail ?? e.recipients[0] ?? ""}` : noSmtp ? "" : (e.email.detail ?? "").replace(/^not sent: /, "")}</span>
            </div>
            <div style={{ display: "flex", gap: 6, alignItems: "baseline", marginTop: 2 }} data-testid="escalation-slack">
              <span className="muted" style={{ width: 36 }}>Slack</span><span className={`badge ${slack.tone}`}>{slack.label}</span>
              {e.slack.detail && <span style={{ color: "var(--bad)", minWidth: 0, overflowWrap: "anywhere" }}>{e.slack.detail}</span>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function DraftBox({ draft }: { draft: Draft | null }) {
  const [isCopied, setIsCopied] = useState(false);
  if (!draft) return null;
  const who = (r: { name: string | null; email: string }) => (r.name ? `${r.name} <${r.email}>` : r.email);
  const handleCopy = async () => {
    await navigator.clipboard?.writeText(`To: ${draft.to.map(who).join(", ")}\nCc: ${draft.cc.map(who).join(", ")}\nSubject: ${draft.subject}\n\n${draft.text}`);
    setIsCopied(true);
    setTimeout(() => setIsCopied(false), 1500);
  };
  return (
    <div style={s.box} data-testid="follow-up-draft">
      <h3 style={s.h3}><MailIcon size={14} /> First follow-up draft <span className="badge badge-outline" style={{ marginLeft: "auto" }}>{draft.language.toUpperCase()}</span></h3>
      <div style={{ fontSize: "var(--fs-sm)" }}><span className="muted">To</span> {draft.to.map(who).join(", ") || "—"}</div>
      <div style={{ fontSize: "var(--fs-sm)" }}><span className="muted">Cc</span> {draft.cc.map(who).join(", ") || "—"}</div>
      <div style={{ fontSize: "var(--fs-sm)" }}><span className="muted">Subject</span> {draft.subject}</div>
      <pre style={s.pre}>{draft.text}</pre>
      {draft.warnings.map((w) => <div key={w} style={{ color: "var(--warn)", fontSize: "var(--fs-xs)" }}>{w}</div>)}
      <button type="button" className="btn btn-secondary btn-sm" style={{ marginTop: 8 }} onClick={handleCopy}>{isCopied ? "Copied" : "Copy draft"}</button>
    </div>
  );
}
