// Buyer links on an agreed recap (staff only): create a signed, expiring link for the buyer, copy it, and see
// and revoke the deal's links. The buyer opens it without an account and sees only the buyer rendering.
import { useEffect, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { formatDate, formatDateTime } from "../format.ts";
import { useApi } from "../use-api.ts";
import { copyText } from "./recap-follow-up.tsx";
import { Alert, ErrorState } from "./ui.tsx";

interface BuyerLink {
  id: string; recapId: string; recapTitle: string | null; personName: string | null; status: "active" | "expired" | "revoked";
  url: string | null; expiresAt: string; revokedAt: string | null; createdAt: string; lastViewedAt: string | null;
}
const EXPIRY_DAYS = [7, 14, 30, 90];
const enc = encodeURIComponent;
const STATUS_TONE: Record<BuyerLink["status"], string> = { active: "badge-good", expired: "badge-outline", revoked: "badge-bad" };

export function RecapBuyerLinks({ recapId, dealId, tz }: { recapId: string; dealId: string; tz?: string }) {
  const links = useApi((signal) => request<{ links: BuyerLink[] }>("GET", `/api/deals/${enc(dealId)}/buyer-links`, undefined, { signal }), [dealId]);
  const [days, setDays] = useState(14);
  const [created, setCreated] = useState<{ id: string; url: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  async function run(label: string, f: () => Promise<void>) {
    setBusy(label);
    setError(null);
    try { await f(); links.reload(); } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); } finally { setBusy(null); }
  }
  const handleCreate = () => run("create", async () => {
    setCreated((await request<{ link: { id: string; url: string; expiresAt: string } }>("POST", `/api/recaps/${enc(recapId)}/buyer-links`, { expiresInDays: days })).link);
  });
  const handleRevoke = (id: string) => run(id, async () => {
    await request("DELETE", `/api/buyer-links/${enc(id)}`);
    if (created?.id === id) setCreated(null);
  });
  const handleCopy = async (id: string, url: string) => setCopied((await copyText(url)) ? id : "failed");

  const list = links.data?.links ?? [];
  return (
    <div className="recap-buyer-links" data-testid="recap-buyer-links" style={{ borderTop: "1px solid var(--n-100)", padding: "var(--sp-3) var(--sp-4) var(--sp-4)" }}>
      <div style={{ display: "flex", alignItems: "center", gap: "var(--sp-2)", flexWrap: "wrap" }}>
        <span className="section-title" style={{ fontSize: "var(--fs-sm)", flex: 1 }}>Buyer link</span>
        <label className="small muted" style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
          Expires in
          <select className="input input-sm" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Link expiry" data-testid="buyer-link-days" style={{ width: "auto" }}>
            {EXPIRY_DAYS.map((d) => <option key={d} value={d}>{d} days</option>)}
          </select>
        </label>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => void handleCreate()} disabled={busy != null} data-testid="buyer-link-create">
          {busy === "create" ? "Creating…" : "Buyer link"}
        </button>
      </div>
      <p className="muted small" style={{ margin: "var(--sp-1) 0 0" }}>A read-only page of this agreed recap and the buyer's own open commitments — no sign-in, nothing internal.</p>
      {error && <div style={{ marginTop: "var(--sp-2)" }}><Alert onClose={() => setError(null)}>{error}</Alert></div>}
      {copied === "failed" && <div className="small" style={{ color: "var(--bad)" }} role="status">Could not copy: select the link instead</div>}
      {created && (
        <div className="card card-pad" data-testid="buyer-link-created" style={{ marginTop: "var(--sp-2)", display: "flex", gap: "var(--sp-2)", alignItems: "center", flexWrap: "wrap" }}>
          <input className="input input-sm" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} aria-label="Buyer link" data-testid="buyer-link-url" style={{ flex: 1, minWidth: 240, fontFamily: "var(--font-mono, monospace)" }} />
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void handleCopy(created.id, created.url)} data-testid="buyer-link-copy">{copied === created.id ? "Copied" : "Copy"}</button>
          <span className="small muted" data-testid="buyer-link-expiry">Expires {formatDateTime(created.expiresAt, tz)}</span>
        </div>
      )}
      {links.state === "error" && !links.data && <ErrorState error={links.error} title="Could not load the buyer links" onRetry={links.reload} />}
      {list.length > 0 && (
        <table className="table" style={{ marginTop: "var(--sp-2)", width: "100%" }} data-testid="buyer-link-list">
          <thead><tr><th>Recap</th><th>Status</th><th>Expires</th><th>Last viewed</th><th aria-label="Actions" /></tr></thead>
          <tbody>
            {list.map((l) => (
              <tr key={l.id} data-testid="buyer-link-row" data-status={l.status}>
                <td className="small">{l.recapTitle ?? l.recapId}{l.recapId === recapId ? " (this call)" : ""}{l.personName ? <span className="muted"> · for {l.personName}</span> : null}</td>
                <td><span className={`badge ${STATUS_TONE[l.status]}`}>{l.status === "active" ? "Active" : l.status === "expired" ? "Expired" : "Revoked"}</span></td>
                <td className="small">{formatDate(l.expiresAt, tz)}</td>
                <td className="small muted">{l.lastViewedAt ? formatDateTime(l.lastViewedAt, tz) : "Not opened"}</td>
                <td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                  {l.status === "active" && l.url && (
                    <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleCopy(`row-${l.id}`, l.url!)}>{copied === `row-${l.id}` ? "Copied" : "Copy"}</button>
                  )}
                  {l.status === "active" && (
                    <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleRevoke(l.id)} disabled={busy != null} data-testid="buyer-link-revoke">
                      {busy === l.id ? "Revoking…" : "Revoke"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
