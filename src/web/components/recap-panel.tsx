// The call's recap beside its transcript: draft it from the record, edit lines (evidence kept or flagged),
// mark lines internal, approve as our side or record the partner's approval, send the agreed version to the buyer.
import { useEffect, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { useAuth, useIsPartner } from "../auth.tsx";
import { formatDateTime, SIDE_LABEL } from "../format.ts";
import { Link } from "../router.tsx";
import type { Side } from "../types.ts";
import { useApi } from "../use-api.ts";
import { RecapBuyerLinks } from "./recap-buyer-links.tsx";
import { RecapFollowUp } from "./recap-follow-up.tsx";
import { Alert, EmptyState, ErrorState, LoadingBlock, sideClass } from "./ui.tsx";

type Section = "discussed" | "decisions" | "commitments" | "questions" | "objections";
interface Evidence { conversationId: string; seq: number; speaker: string | null; quote: string }
interface Line {
  id: string; section: Section; text: string; evidence: Evidence[]; internal: boolean; support: "grounded" | "unsupported";
  formerEvidence?: Evidence[]; side?: Side | null; owner?: string | null; due?: string | null;
}
interface Approval { side: "ours" | "partner"; by: string; at: string; onBehalf: boolean; note: string | null }
export interface Recap {
  id: string; dealId: string; conversationId: string; version: number; language: string; status: "draft" | "agreed" | "sent";
  lines: Line[]; approvals: { ours: Approval | null; partner: Approval | null }; isAgreed: boolean; canSend: boolean;
  sends: Array<{ id: string; messageId: string; to: string[]; cc: string[]; at: string; version: number }>;
}
interface Draft { id: string; text: string; internal: boolean; section: Section }

const SECTION_TITLE: Record<Section, string> = { discussed: "What we discussed", decisions: "Decisions", commitments: "Commitments", questions: "Open questions", objections: "Objections" };
const SECTIONS: Section[] = ["discussed", "decisions", "commitments", "questions", "objections"];
const STATUS: Record<Recap["status"], { label: string; tone: string }> = {
  draft: { label: "Draft", tone: "badge-outline" }, agreed: { label: "Agreed", tone: "badge-good" }, sent: { label: "Sent", tone: "badge-info" },
};
const enc = encodeURIComponent;
const fetchCallRecap = (conversationId: string, signal?: AbortSignal) => request<{ recap: Recap | null }>("GET", `/api/conversations/${enc(conversationId)}/recap`, undefined, { signal });

/** `isHeld`: the call waits for recorded consent (workspace policy), so no recap can be drafted from it yet. */
export function RecapPanel({ conversationId, tz, isHeld = false }: { conversationId: string; tz?: string; isHeld?: boolean }) {
  const isPartner = useIsPartner();
  if (isPartner) return <PartnerRecapPanel conversationId={conversationId} tz={tz} />;
  return <StaffRecapPanel conversationId={conversationId} tz={tz} isHeld={isHeld} />;
}

/**
 * What a partner user sees: the partner rendering of the recap (the API has already dropped internal lines),
 * read-only, and one button to approve the current version for the partner side.
 */
function PartnerRecapPanel({ conversationId, tz }: { conversationId: string; tz?: string }) {
  const { user } = useAuth();
  const loaded = useApi((signal) => fetchCallRecap(conversationId, signal), [conversationId]);
  const [recap, setRecap] = useState<Recap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  useEffect(() => { if (loaded.data) setRecap(loaded.data.recap); }, [loaded.data]);
  const handleApprove = async () => {
    setBusy(true);
    setError(null);
    try {
      setRecap((await request<{ recap: Recap }>("POST", `/api/recaps/${enc(recap!.id)}/approve`, { side: "partner", version: recap!.version })).recap);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (loaded.state === "loading" && !loaded.data) return <LoadingBlock label="Loading the recap…" rows={3} />;
  if (loaded.state === "error" && !loaded.data) return <ErrorState error={loaded.error} title="Could not load the recap" onRetry={loaded.reload} />;
  if (!recap) {
    return (
      <EmptyState title="No recap yet">
        <p>Our side drafts one recap per call from what was said. It appears here for you to read and approve for your side.</p>
      </EmptyState>
    );
  }
  return (
    <div className="items recap-panel" data-testid="recap-panel" data-status={recap.status} data-view="partner">
      <RecapHeader recap={recap} tz={tz} error={error} onCloseError={() => setError(null)} />
      <div className="items-list">
        {SECTIONS.map((section) => {
          const lines = recap.lines.filter((l) => l.section === section);
          if (!lines.length) return null;
          return (
            <div className="items-entry" key={section} data-testid={`recap-section-${section}`}>
              <div className="items-group-title">{SECTION_TITLE[section]}</div>
              {lines.map((l) => (
                <div className="item-row" key={l.id} data-testid="recap-line" data-line-id={l.id}>
                  <div className="item-main" style={{ gap: "var(--sp-2)" }}>
                    {l.side && <span className={`item-owner ${sideClass(l.side)}`}><span className="dot" aria-hidden="true" />{SIDE_LABEL[l.side]}</span>}
                    <span className="item-text" data-testid="recap-line-text">{l.text}</span>
                  </div>
                  {l.evidence.map((e) => (
                    <Link key={`${e.conversationId}-${e.seq}`} className="evidence evidence-link" to={`/conversations/${enc(e.conversationId)}#seq-${e.seq}`} title="Open in transcript">
                      <span className="evidence-quote">“{e.quote}”</span>
                      <span className="evidence-meta">{e.speaker ?? "Unknown speaker"} · #{e.seq}</span>
                    </Link>
                  ))}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)", gap: "var(--sp-2)", flexWrap: "wrap", borderTop: "1px solid var(--n-100)" }}>
        {recap.approvals.partner
          ? <span className="small" data-testid="recap-partner-approved">
            Approved for the partner side{recap.approvals.partner.by === user?.id ? " by you" : ""} · {formatDateTime(recap.approvals.partner.at, tz)}
          </span>
          : <span className="small muted">Read it through: approving tells our side this version is right for the partner side.</span>}
        <div style={{ flex: 1 }} />
        <button type="button" className="btn btn-primary btn-sm" onClick={() => void handleApprove()} disabled={isBusy || recap.approvals.partner != null} data-testid="recap-approve-as-partner">
          {isBusy ? "Approving…" : recap.approvals.partner ? "Approved" : "Approve for the partner side"}
        </button>
      </div>
    </div>
  );
}

function StaffRecapPanel({ conversationId, tz, isHeld }: { conversationId: string; tz?: string; isHeld: boolean }) {
  const loaded = useApi((signal) => fetchCallRecap(conversationId, signal), [conversationId]);
  const [recap, setRecap] = useState<Recap | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [partnerNote, setPartnerNote] = useState("");
  const [isNoteOpen, setNoteOpen] = useState(false);

  useEffect(() => { if (loaded.data) show(loaded.data.recap); }, [loaded.data]);
  function show(r: Recap | null) {
    setRecap(r);
    setDrafts(r ? r.lines.map((l) => ({ id: l.id, text: l.text, internal: l.internal, section: l.section })) : []);
  }
  const isDirty = recap != null && (drafts.length !== recap.lines.length || drafts.some((d, i) => d.text !== recap.lines[i]?.text || d.internal !== recap.lines[i]?.internal));

  /** Runs one request; true when it worked (so callers keep what the user typed when it didn't). */
  async function run(label: string, f: () => Promise<{ recap: Recap }>): Promise<boolean> {
    setError(null);
    setBusy(label);
    try { show((await f()).recap); return true; } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); return false; } finally { setBusy(null); }
  }
  const handleDraft = () => run("draft", () => request("POST", `/api/conversations/${enc(conversationId)}/recap`, {}));
  const handleSave = () => run("save", () => request("PATCH", `/api/recaps/${enc(recap!.id)}`, { version: recap!.version, lines: drafts.map((d) => ({ id: d.id.startsWith("new-") ? null : d.id, text: d.text, internal: d.internal, section: d.section })) }));
  const handleApproveOurs = () => run("ours", () => request("POST", `/api/recaps/${enc(recap!.id)}/approve`, { side: "ours", version: recap!.version }));
  const handleApprovePartner = () => run("partner", () => request("POST", `/api/recaps/${enc(recap!.id)}/approve`, { side: "partner", note: partnerNote, version: recap!.version })).then((ok) => { if (ok) { setNoteOpen(false); setPartnerNote(""); } });
  const handleSend = () => run("send", () => request("POST", `/api/recaps/${enc(recap!.id)}/send`, {}));
  const update = (id: string, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d) => (d.id === id ? { ...d, ...patch } : d)));
  const handleAdd = (section: Section) => setDrafts((ds) => [...ds, { id: `new-${Date.now()}`, text: "", internal: true, section }]);

  if (loaded.state === "loading" && !loaded.data) return <LoadingBlock label="Loading the recap…" rows={3} />;
  if (loaded.state === "error" && !loaded.data) return <ErrorState error={loaded.error} title="Could not load the recap" onRetry={loaded.reload} />;
  if (!recap) {
    return (
      <EmptyState title="No recap yet" action={isHeld ? undefined : <button type="button" className="btn btn-primary btn-sm" onClick={handleDraft} disabled={busy != null} data-testid="recap-draft">{busy ? "Drafting…" : "Draft recap"}</button>}>
        {isHeld
          ? <p data-testid="recap-held">This call is held for recording consent: once every speaker's consent is recorded above, Baton can draft its recap.</p>
          : <p>Baton drafts the recap from this call — topics, decisions, commitments by side, questions and objections — each line pinned to the words said.</p>}
        {error && <Alert onClose={() => setError(null)}>{error}</Alert>}
      </EmptyState>
    );
  }
  const byId = new Map(recap.lines.map((l) => [l.id, l]));
  return (
    <div className="items recap-panel" data-testid="recap-panel" data-status={recap.status}>
      <RecapHeader recap={recap} tz={tz} error={error} onCloseError={() => setError(null)} />
      <div className="items-list">
        {SECTIONS.map((section) => {
          const lines = drafts.filter((d) => d.section === section);
          if (!lines.length && section !== "commitments") return null;
          return (
            <div className="items-entry" key={section} data-testid={`recap-section-${section}`}>
              <div className="items-group-title" style={{ display: "flex", alignItems: "center" }}>
                <span style={{ flex: 1 }}>{SECTION_TITLE[section]}</span>
                <button type="button" className="btn btn-ghost btn-xs" onClick={() => handleAdd(section)}>+ Line</button>
              </div>
              {lines.map((d) => <RecapLineRow key={d.id} draft={d} line={byId.get(d.id)} onChange={(p) => update(d.id, p)} />)}
            </div>
          );
        })}
      </div>
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)", gap: "var(--sp-2)", flexWrap: "wrap", borderTop: "1px solid var(--n-100)" }}>
        <button type="button" className="btn btn-secondary btn-sm" onClick={handleSave} disabled={!isDirty || busy != null} data-testid="recap-save">{busy === "save" ? "Saving…" : "Save edits"}</button>
        <button type="button" className="btn btn-secondary btn-sm" onClick={handleApproveOurs} disabled={isDirty || busy != null || recap.approvals.ours != null} data-testid="recap-approve-ours">Approve as ours</button>
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setNoteOpen((o) => !o)} disabled={isDirty || busy != null || recap.approvals.partner != null} data-testid="recap-approve-partner">Record partner approval</button>
        <div style={{ flex: 1 }} />
        <button type="button" className="btn btn-primary btn-sm" onClick={handleSend} disabled={!recap.canSend || isDirty || busy != null} data-testid="recap-send"
          title={recap.canSend ? "Email the agreed recap to the buyer, cc partner and our side" : "Both selling sides must approve this version first"}>
          {busy === "send" ? "Sending…" : recap.status === "sent" ? "Send again" : "Send to buyer"}
        </button>
      </div>
      {isNoteOpen && (
        <div className="item-edit" style={{ padding: "0 var(--sp-4) var(--sp-3)" }}>
          <label className="item-edit-field" style={{ flex: 1 }}>
            <span className="field-label">How did the partner approve?</span>
            <input className="input input-sm" value={partnerNote} onChange={(e) => setPartnerNote(e.target.value)} placeholder="e.g. Clara approved by email on 6 May" aria-label="Partner approval note" />
          </label>
          <button type="button" className="btn btn-primary btn-sm" onClick={handleApprovePartner} disabled={!partnerNote.trim() || busy != null}>Record</button>
        </div>
      )}
      {recap.sends.length > 0 && (
        <div className="muted small" style={{ padding: "0 var(--sp-4) var(--sp-3)" }} data-testid="recap-sends">
          {recap.sends.map((x) => <div key={x.id}>Sent v{x.version} {formatDateTime(x.at, tz)} to {x.to.join(", ")}{x.cc.length ? ` · cc ${x.cc.length}` : ""}</div>)}
        </div>
      )}
      {(recap.isAgreed || recap.status === "sent") && <RecapFollowUp recapId={recap.id} version={recap.version} status={recap.status} />}
      {recap.isAgreed && <RecapBuyerLinks key={recap.id} recapId={recap.id} dealId={recap.dealId} tz={tz} />}
    </div>
  );
}

/** Status, version and language, both approvals, and the last error: the same on the partner's and our view. */
function RecapHeader({ recap, tz, error, onCloseError }: { recap: Recap; tz?: string; error: string | null; onCloseError: () => void }) {
  const s = STATUS[recap.status];
  return (
    <>
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)", flexWrap: "wrap", gap: "var(--sp-2)" }}>
        <span className={`badge ${s.tone}`} data-testid="recap-status">{s.label}</span>
        <span className="muted small">Version {recap.version} · {recap.language.toUpperCase()}</span>
        <ApprovalChip label="Ours" approval={recap.approvals.ours} tz={tz} />
        <ApprovalChip label="Partner" approval={recap.approvals.partner} tz={tz} />
      </div>
      {error && <div style={{ padding: "0 var(--sp-4)" }}><Alert onClose={onCloseError}>{error}</Alert></div>}
    </>
  );
}

function ApprovalChip({ label, approval, tz }: { label: string; approval: Approval | null; tz?: string }) {
  return approval
    ? <span className="badge badge-good" title={`${approval.by} · ${formatDateTime(approval.at, tz)}${approval.note ? ` · ${approval.note}` : ""}`}>{label} approved{approval.onBehalf ? " (recorded)" : ""}</span>
    : <span className="badge badge-outline">{label}: waiting</span>;
}

function RecapLineRow({ draft, line, onChange }: { draft: Draft; line: Line | undefined; onChange: (p: Partial<Draft>) => void }) {
  const isEdited = line != null && draft.text !== line.text;
  const isUnsupported = !line || line.support === "unsupported";
  return (
    <div className="item-row" data-testid="recap-line" data-line-id={draft.id} data-internal={draft.internal} data-support={line?.support ?? "new"}>
      <div className="item-main" style={{ alignItems: "flex-start", gap: "var(--sp-2)" }}>
        {line?.side && <span className={`item-owner ${sideClass(line.side)}`}><span className="dot" aria-hidden="true" />{SIDE_LABEL[line.side]}</span>}
        <textarea className="input" rows={Math.min(4, Math.max(1, Math.ceil(draft.text.length / 60)))} value={draft.text} onChange={(e) => onChange({ text: e.target.value })}
          aria-label="Recap line" style={{ flex: 1, height: "auto", padding: "6px 8px", resize: "vertical" }} />
      </div>
      <div className="item-meta">
        <label className="small" style={{ display: "inline-flex", gap: 4, alignItems: "center" }}>
          <input type="checkbox" checked={draft.internal} onChange={(e) => onChange({ internal: e.target.checked })} /> Internal only
        </label>
        {draft.internal && <span className="badge badge-warn">Not shown to partner or buyer</span>}
        {isUnsupported && !isEdited && <span className="badge badge-bad" title="The words no longer match what was said; check before approving">Unsupported</span>}
        {isEdited && <span className="badge badge-outline">Edited — saving re-checks the evidence</span>}
      </div>
      {(line?.evidence.length ? line.evidence : line?.formerEvidence ?? []).map((e) => (
        <Link key={`${e.conversationId}-${e.seq}`} className="evidence evidence-link" to={`/conversations/${enc(e.conversationId)}#seq-${e.seq}`} title="Open in transcript"
          style={line?.support === "unsupported" ? { opacity: 0.6, borderLeftColor: "var(--bad)" } : undefined}>
          <span className="evidence-quote">{line?.support === "unsupported" ? "Was: " : ""}“{e.quote}”</span>
          <span className="evidence-meta">{e.speaker ?? "Unknown speaker"} · #{e.seq}</span>
        </Link>
      ))}
    </div>
  );
}
