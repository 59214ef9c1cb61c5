// The deal's "CRM sync" section (our side only): for each CRM that receives this deal, the state of its last
// sync — queued, sent (or planned, on a dry run) or failed with the CRM's error — and when; "Sync now" enqueues
// the deal's current record for every connection and refreshes. With no connection, one line pointing to
// /settings/crm. Partner users never get this section (the endpoints are staff-only).
import { Fragment, useEffect, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { formatDateTime, plural } from "../format.ts";
import { Link } from "../router.tsx";
import { crmSyncState, type CrmSyncState, type DealCrmConnection, type SyncResult } from "../crm-sync-state.ts";
import { useApi } from "../use-api.ts";
import { RefreshIcon } from "./icons.tsx";
import { Alert, ErrorState, LoadingBlock } from "./ui.tsx";

const KIND_LABEL: Record<string, string> = {
  hubspot: "HubSpot", salesforce: "Salesforce", pipedrive: "Pipedrive", zoho: "Zoho CRM", freshsales: "Freshsales", webhook: "Signed webhook",
};

const STATE: Record<CrmSyncState, [string, string]> = {
  queued: ["badge-info", "Queued"], sent: ["badge-good", "Sent"], planned: ["badge-outline", "Planned (dry run)"],
  failed: ["badge-bad", "Failed"], never: ["badge-outline", "Not synced yet"],
};

const crmApi = {
  state: (dealId: string, signal?: AbortSignal) => request<{ connections: DealCrmConnection[] }>("GET", `/api/deals/${encodeURIComponent(dealId)}/crm`, undefined, { signal }),
  sync: (dealId: string) => request<SyncResult>("POST", `/api/deals/${encodeURIComponent(dealId)}/crm-sync`, {}),
};

/** While changes wait in the outbox, look again every few seconds (the worker sends them in the background). */
const POLL_MS = 2500;

export function CrmSyncPanel({ dealId }: { dealId: string }) {
  const state = useApi((signal) => crmApi.state(dealId, signal), [dealId]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const list = state.data?.connections ?? [];
  const isWaiting = list.some((c) => c.counts.pending > 0);
  const { reload } = state;
  useEffect(() => {
    if (!isWaiting || state.state !== "ready") return;
    const t = setTimeout(reload, POLL_MS);
    return () => clearTimeout(t);
  }, [isWaiting, state.state, state.data, reload]);

  const handleSync = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await crmApi.sync(dealId);
      setMessage({
        tone: "success",
        text: r.inserted > 0 ? `Queued ${plural(r.inserted, "change")}; ${r.inserted === 1 ? "it is" : "they are"} sent in the background.`
          : `Nothing new to send: ${r.targets === 1 ? "the CRM already has" : "the CRMs already have"} this deal's current record.`,
      });
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusy(false);
      reload();
    }
  };

  return (
    <section className="card table-card crm-sync-panel" aria-labelledby="crm-sync-title" data-testid="crm-sync-panel">
      <div className="section-head">
        <h2 id="crm-sync-title" className="section-title"><RefreshIcon size={16} /> CRM sync</h2>
        {state.data && list.length > 0 && <span className="count-pill">{list.length}</span>}
        <span className="section-head-spacer" />
        <Link to="/settings/crm" className="section-link">Connections</Link>
        {list.length > 0 && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void handleSync()} disabled={busy} data-testid="crm-sync-now">
            <RefreshIcon size={14} /> {busy ? "Queuing…" : "Sync now"}
          </button>
        )}
      </div>
      {message && <Alert tone={message.tone} onClose={() => setMessage(null)}><span data-testid="crm-sync-message">{message.text}</span></Alert>}
      {state.state === "loading" && !state.data ? <LoadingBlock label="Loading CRM sync…" rows={2} />
        : state.state === "error" && !state.data ? <ErrorState error={state.error} title="Could not load the CRM sync state" onRetry={reload} />
        : list.length === 0 ? (
          <p className="crm-sync-hint" data-testid="crm-sync-hint">
            No CRM receives this deal yet. <Link to="/settings/crm">Connect one in Settings → CRM sync</Link>.
          </p>
        ) : (
          <table className="table" data-testid="crm-sync-table" style={{ tableLayout: "fixed" }}>
            <colgroup><col style={{ width: "30%" }} /><col style={{ width: "22%" }} /><col style={{ width: "24%" }} /><col /></colgroup>
            <thead><tr><th>CRM</th><th>Last sync</th><th>When</th><th>CRM deal id</th></tr></thead>
            <tbody>
              {list.map((c) => <CrmRow key={c.connection.id} c={c} />)}
            </tbody>
          </table>
        )}
    </section>
  );
}

function CrmRow({ c }: { c: DealCrmConnection }) {
  const st = crmSyncState(c);
  const last = c.lastDelivery;
  const dealExternalId = c.externalIds.find((x) => x.batonType === "deal")?.externalId ?? null;
  const when = st === "queued" ? null : st === "failed" ? last!.createdAt : last?.doneAt ?? null;
  const showError = st === "failed" && last?.lastError;
  return (
    <Fragment>
      <tr data-testid="crm-sync-row" data-connection={c.connection.name} data-state={st} className={showError ? "has-detail-row" : undefined}>
        <td>
          <div>{c.connection.name}</div>
          <div className="muted small">{KIND_LABEL[c.connection.kind] ?? c.connection.kind} · {c.connection.side === "ours" ? "our CRM" : "partner's CRM"}{c.connection.dryRun ? " · dry run" : ""}</div>
        </td>
        <td>
          <span className={`badge ${STATE[st][0]}`} data-testid="crm-sync-state">{STATE[st][1]}</span>
          {st === "queued" && <div className="muted small" style={{ marginTop: 4 }}>{plural(c.counts.pending, "change")} waiting</div>}
          {st === "failed" && <div className="muted small" style={{ marginTop: 4 }}>after {plural(last!.attempts, "attempt")}{c.counts.dead > 1 ? ` · ${c.counts.dead} changes failed` : ""}</div>}
        </td>
        <td className="small" style={{ whiteSpace: "nowrap" }} title={st === "failed" ? "when the failed change was queued" : undefined}>
          {when ? formatDateTime(when) : st === "queued" ? "sending…" : "—"}
        </td>
        <td className="small">{dealExternalId ? <span className="mono-wrap">{dealExternalId}</span> : <span className="muted">—</span>}</td>
      </tr>
      {showError && (
        <tr className="detail-row" data-testid="crm-sync-error">
          <td colSpan={4} className="small">
            <span className="muted">Error: </span><span className="mono-wrap" data-testid="crm-sync-error-text">{last!.lastError}</span>
            <span className="muted"> · </span><Link to="/settings/crm">Retry in Settings → CRM sync</Link>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
