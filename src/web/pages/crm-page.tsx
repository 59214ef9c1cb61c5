// /settings/crm (our side): CRM connections with health badges, add a connection (API token, OAuth, signed
// webhook; ours or a partner's), and the dead letters with the exact error and a Retry button.
import { type FormEvent, Fragment, useState } from "react";
import { api, ApiError, request } from "../api-client.ts";
import { Alert, EmptyState, ErrorDetails, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";
import { useApi } from "../use-api.ts";

type Kind = "hubspot" | "salesforce" | "pipedrive" | "zoho" | "freshsales" | "webhook";
interface Connection {
  id: string; kind: Kind; name: string; side: "ours" | "partner"; partnerOrgId: string | null; baseUrl: string | null;
  hasCredentials: boolean; enabled: boolean; dryRun: boolean; lastOkAt: string | null; lastError: string | null; health: "ok" | "failing" | "unknown";
}
interface OutboxRow { id: string; connectionId: string; dealId: string; op: string; batonId: string; attempts: number; lastError: string | null; lastStatus: number | null; createdAt: string }

const KINDS: Array<{ kind: Kind; label: string; auth: "oauth" | "token" | "webhook" }> = [
  { kind: "hubspot", label: "HubSpot", auth: "oauth" }, { kind: "salesforce", label: "Salesforce", auth: "oauth" }, { kind: "zoho", label: "Zoho CRM", auth: "oauth" },
  { kind: "pipedrive", label: "Pipedrive", auth: "token" }, { kind: "freshsales", label: "Freshsales", auth: "token" }, { kind: "webhook", label: "Signed webhook", auth: "webhook" },
];
const labelOf = (k: Kind) => KINDS.find((x) => x.kind === k)?.label ?? k;
const HEALTH: Record<Connection["health"], [string, string]> = { ok: ["badge-good", "Healthy"], failing: ["badge-warn", "Failing"], unknown: ["badge-outline", "Not checked"] };

const crmApi = {
  connections: (signal?: AbortSignal) => request<{ connections: Connection[] }>("GET", "/api/crm/connections", undefined, { signal }),
  create: (body: Record<string, unknown>) => request<{ connection: Connection }>("POST", "/api/crm/connections", body),
  update: (id: string, body: Record<string, unknown>) => request<{ connection: Connection }>("PATCH", `/api/crm/connections/${id}`, body),
  remove: (id: string) => request<{ ok: boolean }>("DELETE", `/api/crm/connections/${id}`),
  check: (id: string) => request<{ ok: boolean; detail: string }>("POST", `/api/crm/connections/${id}/check`, {}),
  dead: (signal?: AbortSignal) => request<{ rows: OutboxRow[] }>("GET", "/api/crm/outbox?status=dead", undefined, { signal }),
  retry: (id: string) => request<{ row: OutboxRow }>("POST", `/api/crm/outbox/${id}/retry`, {}),
};

export function CrmPage() {
  const connections = useApi((signal) => crmApi.connections(signal), []);
  const dead = useApi((signal) => crmApi.dead(signal), []);
  const partners = useApi((signal) => api.partners(signal), []);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const partnerName = (id: string | null) => (id ? partners.data?.partners.find((p) => p.orgId === id)?.name ?? id : null);
  const connName = (id: string) => connections.data?.connections.find((c) => c.id === id)?.name ?? id;

  const act = async (fn: () => Promise<string>) => {
    setMessage(null);
    try { setMessage({ tone: "success", text: await fn() }); } catch (e) { setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) }); }
    connections.reload();
    dead.reload();
  };
  const handleCheck = (c: Connection) => act(async () => { const r = await crmApi.check(c.id); return `${c.name}: ${r.ok ? "reachable" : "not reachable"} (${r.detail})`; });
  const handleToggle = (c: Connection, field: "enabled" | "dryRun") => act(async () => { await crmApi.update(c.id, { [field]: !c[field] }); return `${c.name}: ${field === "enabled" ? (c.enabled ? "paused" : "enabled") : (c.dryRun ? "now sending" : "dry run: plans are stored, nothing is sent")}.`; });
  const handleRemove = (c: Connection) => { if (window.confirm(`Remove ${c.name}? Its queued changes are dropped.`)) void act(async () => { await crmApi.remove(c.id); return `Removed ${c.name}.`; }); };
  const handleRetry = (r: OutboxRow) => act(async () => { await crmApi.retry(r.id); return `Change #${r.id} is queued again.`; });

  return (
    <div className="page" data-testid="crm-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">CRM sync</h1>
          <p className="page-sub">Each deal change reaches your CRM, and each partner's CRM, exactly once and in order. A partner's CRM only ever gets what that partner may see.</p>
        </div>
      </div>
      {message && <Alert tone={message.tone} onClose={() => setMessage(null)}>{message.text}</Alert>}
      <div className="access-grid">
        <div style={{ display: "flex", flexDirection: "column", gap: "var(--sp-4)" }}>
          <section className="card table-card" aria-labelledby="crm-conn-title">
            <div className="section-head">
              <h2 id="crm-conn-title" className="section-title">Connections</h2>
              {connections.data && <span className="count-pill">{connections.data.connections.length}</span>}
            </div>
            {connections.state === "loading" && !connections.data ? <LoadingBlock label="Loading connections…" rows={3} />
              : connections.state === "error" && !connections.data ? <ErrorState error={connections.error} title="Could not load connections" onRetry={connections.reload} />
              : connections.data!.connections.length === 0 ? (
                <EmptyState title="No CRM connected yet"><p>Add your CRM, or a partner's, with the form on the right.</p></EmptyState>
              ) : (
                <table className="table" data-testid="crm-connections">
                  <thead><tr><th>Connection</th><th>Side</th><th>Health</th><th>Last delivery</th><th /></tr></thead>
                  <tbody>
                    {connections.data!.connections.map((c) => (
                      <Fragment key={c.id}>
                      <tr data-testid="crm-connection" data-kind={c.kind} data-health={c.health} className={c.lastError ? "has-detail-row" : undefined}>
                        <td>
                          <div>{c.name}</div>
                          <div className="muted small">{labelOf(c.kind)}{c.dryRun ? " · dry run" : ""}{c.enabled ? "" : " · paused"}</div>
                        </td>
                        <td style={{ whiteSpace: c.side === "ours" ? "nowrap" : undefined }}>{c.side === "ours" ? "Our CRM" : `Partner: ${partnerName(c.partnerOrgId)}`}</td>
                        <td><span className={`badge ${HEALTH[c.health][0]}`}>{HEALTH[c.health][1]}</span></td>
                        <td className="small">{c.lastOkAt ? formatDateTime(c.lastOkAt) : "—"}</td>
                        <td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                          <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleCheck(c)} data-action="check">Check</button>
                          <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleToggle(c, "dryRun")}>{c.dryRun ? "Send for real" : "Dry run"}</button>
                          <button type="button" className="btn btn-ghost btn-xs" onClick={() => void handleToggle(c, "enabled")}>{c.enabled ? "Pause" : "Enable"}</button>
                          <button type="button" className="btn btn-ghost btn-xs btn-quiet-danger" onClick={() => handleRemove(c)}>Remove</button>
                        </td>
                      </tr>
                      {/* The last error on a row of its own: the whole width, not squeezed under the badge. */}
                      {c.lastError && (
                        <tr className="detail-row" data-testid="crm-connection-error">
                          <td colSpan={5} className="small"><span className="muted">Last error: </span><span className="mono-wrap">{c.lastError}</span></td>
                        </tr>
                      )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              )}
          </section>
          <section className="card table-card" aria-labelledby="crm-dead-title">
            <div className="section-head">
              <h2 id="crm-dead-title" className="section-title">Failed deliveries</h2>
              {dead.data && <span className="count-pill">{dead.data.rows.length}</span>}
            </div>
            {dead.state === "loading" && !dead.data ? <LoadingBlock label="Loading…" rows={2} />
              : dead.state === "error" && !dead.data ? <ErrorState error={dead.error} title="Could not load failed deliveries" onRetry={dead.reload} />
              : dead.data!.rows.length === 0 ? (
                <EmptyState title="Nothing failed"><p>Changes that a CRM refuses, or that still fail after 8 attempts, wait here with the exact error.</p></EmptyState>
              ) : (
                <table className="table" data-testid="crm-dead-letters" style={{ tableLayout: "fixed" }}>
                  <colgroup><col style={{ width: "30%" }} /><col /><col style={{ width: 80 }} /><col style={{ width: 84 }} /></colgroup>
                  <thead><tr><th>Change</th><th>Error</th><th>Attempts</th><th /></tr></thead>
                  <tbody>
                    {dead.data!.rows.map((r) => (
                      <tr key={r.id} data-testid="crm-dead-row">
                        <td><div>#{r.id} {r.op}</div><div className="muted small">{connName(r.connectionId)} · {formatDateTime(r.createdAt)}</div></td>
                        <td><div className="small mono-wrap" data-testid="crm-dead-error">{r.lastError}</div></td>
                        <td>{r.attempts}</td>
                        <td style={{ textAlign: "right" }}><button type="button" className="btn btn-secondary btn-xs" onClick={() => void handleRetry(r)} data-action="retry">Retry</button></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
          </section>
        </div>
        <AddConnection partners={partners.data?.partners ?? []} onAdded={(c) => { setMessage({ tone: "success", text: `Connected ${c.name}.` }); connections.reload(); }} />
      </div>
    </div>
  );
}

function AddConnection({ partners, onAdded }: { partners: Array<{ orgId: string; name: string }>; onAdded: (c: Connection) => void }) {
  const [kind, setKind] = useState<Kind>("pipedrive");
  const [name, setName] = useState("");
  const [side, setSide] = useState<"ours" | "partner">("ours");
  const [partnerOrgId, setPartnerOrgId] = useState("");
  const [token, setToken] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const auth = KINDS.find((k) => k.kind === kind)!.auth;
  const partnerParam = side === "partner" ? `&side=partner&partnerOrgId=${encodeURIComponent(partnerOrgId)}` : "";
  const oauthHref = `/api/crm/oauth/${kind}/start?name=${encodeURIComponent(name || labelOf(kind))}${partnerParam}`;

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { kind, name: name.trim() || labelOf(kind), side, ...(side === "partner" ? { partnerOrgId } : {}) };
      if (auth === "token") Object.assign(body, { accessToken: token.trim(), ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) });
      if (auth === "webhook") Object.assign(body, { baseUrl: baseUrl.trim(), signingSecret: secret });
      const { connection } = await crmApi.create(body);
      onAdded(connection);
      setName(""); setToken(""); setSecret(""); setBaseUrl("");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card card-pad" aria-labelledby="crm-add-title" data-testid="crm-add">
      <h2 id="crm-add-title" className="section-title" style={{ marginBottom: "var(--sp-3)" }}>Add a connection</h2>
      {error && <Alert><strong>{error.message}</strong>{error.details.length > 0 && <ErrorDetails details={error.details} />}</Alert>}
      <form className="form" onSubmit={handleSubmit} data-testid="crm-add-form">
        <label className="field">
          <span className="field-label">CRM</span>
          <select className="select" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Name <span className="muted">(optional)</span></span>
          <input className="input" name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder={labelOf(kind)} />
        </label>
        <label className="field">
          <span className="field-label">Whose CRM</span>
          <select className="select" name="side" value={side} onChange={(e) => setSide(e.target.value as "ours" | "partner")}>
            <option value="ours">Ours: every deal</option>
            <option value="partner">A partner's: only deals shared with them</option>
          </select>
        </label>
        {side === "partner" && (
          <label className="field">
            <span className="field-label">Partner organisation</span>
            <select className="select" name="partnerOrgId" required value={partnerOrgId} onChange={(e) => setPartnerOrgId(e.target.value)}>
              <option value="">{partners.length ? "Choose a partner…" : "No partner organisations yet"}</option>
              {partners.map((p) => <option key={p.orgId} value={p.orgId}>{p.name}</option>)}
            </select>
            <span className="field-hint">Their CRM never receives internal-only items, words or recap lines, and only their side's commitments.</span>
          </label>
        )}
        {auth === "token" && (
          <label className="field">
            <span className="field-label">API token</span>
            <input className="input" type="password" name="accessToken" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            <span className="field-hint">Stored encrypted; never shown again.</span>
          </label>
        )}
        {auth !== "oauth" && (
          <label className="field">
            <span className="field-label">{auth === "webhook" ? "Target URL" : "API base URL"} {auth !== "webhook" && <span className="muted">(optional)</span>}</span>
            <input className="input" type="url" name="baseUrl" required={auth === "webhook"} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={auth === "webhook" ? "https://example.com/hooks/baton" : "vendor default"} />
          </label>
        )}
        {auth === "webhook" && (
          <label className="field">
            <span className="field-label">Signing secret</span>
            <input className="input" type="password" name="signingSecret" required minLength={16} autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
            <span className="field-hint">Each request carries x-baton-signature: t=…,v1=HMAC-SHA256 of "t.body".</span>
          </label>
        )}
        {auth === "oauth"
          ? <a className={`btn btn-primary${side === "partner" && !partnerOrgId ? " disabled" : ""}`} href={oauthHref} data-testid="crm-oauth">Connect with {labelOf(kind)}</a>
          : <button type="submit" className="btn btn-primary" disabled={busy || (side === "partner" && !partnerOrgId)} data-testid="crm-add-submit">{busy ? "Connecting…" : "Add connection"}</button>}
      </form>
    </section>
  );
}
