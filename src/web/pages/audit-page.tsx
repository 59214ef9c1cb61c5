// /settings/audit (admins): the audit log — who viewed, exported, shared or changed what, from where — filterable
// by deal, actor and action, newest first, with "Load older" paging (GET /api/audit?…&before=<nextBefore>).
import { type FormEvent, useEffect, useState } from "react";
import { api, ApiError, request } from "../api-client.ts";
import { EmptyState, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { formatDateTime } from "../format.ts";
import { Link, useSearchParams } from "../router.tsx";
import { useApi } from "../use-api.ts";

interface AuditEntry {
  id: string; actorId: string; actorKind: "user" | "buyer-link" | "cli" | "system"; action: string; entity: string;
  entityId: string | null; dealId: string | null; ip: string | null; userAgent: string | null; data: Record<string, unknown>; at: string;
}
interface AuditPage { entries: AuditEntry[]; nextBefore: string | null }

const ACTIONS = ["view", "export", "share", "change", "login", "invite"] as const;
const ACTION_TONE: Record<string, string> = {
  view: "badge-neutral", export: "badge-info", share: "badge-warn", change: "badge-outline", login: "badge-good", invite: "badge-info",
};
const KIND_LABEL: Record<AuditEntry["actorKind"], string> = { user: "User", "buyer-link": "Buyer link", cli: "CLI", system: "System" };

const qs = (p: Record<string, string | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) u.set(k, v);
  return u.toString();
};
const loadAudit = (filters: { dealId?: string; actor?: string; action?: string; before?: string }, signal?: AbortSignal) =>
  request<AuditPage>("GET", `/api/audit?${qs({ ...filters, limit: "50" })}`, undefined, { signal });

/** One line saying what happened, from the entry's data (never bodies: routes, formats, audiences, outcomes). */
function describe(e: AuditEntry): string {
  const d = e.data;
  if (e.action === "change") return `${String(d.method ?? "")} ${String(d.route ?? "")} → ${String(d.status ?? "")}`.trim();
  if (e.action === "export") return `${String(d.format ?? "")} for ${String(d.audience ?? "")}${d.asked && d.asked !== d.audience ? ` (asked ${String(d.asked)})` : ""}`;
  if (e.action === "login") return `${String(d.outcome ?? "")}${d.email ? ` · ${String(d.email)}` : ""}`;
  if (e.action === "share") return `${String(d.event ?? "")} ${e.entity}${d.expiresAt ? ` · until ${formatDateTime(String(d.expiresAt))}` : ""}`;
  if (e.action === "view") return e.entity === "deal" ? "Deal page" : e.entity === "conversation" ? "Transcript" : e.entity === "recap" ? "Recap (buyer link)" : e.entity;
  return `${e.entity}${e.entityId ? ` ${e.entityId}` : ""}`;
}
const toneOf = (e: AuditEntry) => (e.action === "login" && e.data.outcome !== "success" ? "badge-bad" : ACTION_TONE[e.action] ?? "badge-outline");

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = { dealId: params.get("dealId") ?? undefined, actor: params.get("actor") ?? undefined, action: params.get("action") ?? undefined };
  const first = useApi((signal) => loadAudit(filters, signal), [filters.dealId, filters.actor, filters.action]);
  const deals = useApi((signal) => api.deals({}, signal), []);
  // Names for user ids (admins can list users); ids stay visible when the list can't be loaded.
  const users = useApi((signal) => api.users(signal), []);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [actorDraft, setActorDraft] = useState(filters.actor ?? "");

  useEffect(() => { setOlder([]); setNext(first.data?.nextBefore ?? null); }, [first.data]);
  useEffect(() => { setActorDraft(filters.actor ?? ""); }, [filters.actor]);

  const handleMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await loadAudit({ ...filters, before: next });
      setOlder((xs) => [...xs, ...page.entries]);
      setNext(page.nextBefore);
    } catch (e) {
      setMoreError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const handleActor = (e: FormEvent) => { e.preventDefault(); setParams({ ...filters, actor: actorDraft.trim() || undefined }); };
  const entries = [...(first.data?.entries ?? []), ...older];
  const dealName = new Map((deals.data?.deals ?? []).map((d) => [d.id, d.name]));
  const userName = new Map((users.data?.users ?? []).map((u) => [u.id, u.name || u.email]));
  const isFiltered = Boolean(filters.dealId || filters.actor || filters.action);

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Audit log</h1>
          <p className="page-sub">Every deal and transcript view, export, buyer link, sign-in and change — who, when and from where. Entries cannot be edited or deleted.</p>
        </div>
      </div>
      <form className="toolbar" role="search" onSubmit={handleActor}>
        <select className="select" aria-label="Deal" value={filters.dealId ?? ""} onChange={(e) => setParams({ ...filters, dealId: e.target.value || undefined })}>
          <option value="">All deals</option>
          {(deals.data?.deals ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <select className="select" aria-label="Action" value={filters.action ?? ""} onChange={(e) => setParams({ ...filters, action: e.target.value || undefined })}>
          <option value="">All actions</option>
          {ACTIONS.map((a) => <option key={a} value={a}>{a[0].toUpperCase() + a.slice(1)}</option>)}
        </select>
        <input className="input" aria-label="Actor id" placeholder="Actor id (user, link, cli)…" value={actorDraft} onChange={(e) => setActorDraft(e.target.value)} style={{ maxWidth: 260 }} />
        <button type="submit" className="btn btn-secondary btn-sm">Filter</button>
        {isFiltered && <button type="button" className="btn btn-ghost btn-sm" onClick={() => setParams({ dealId: undefined, actor: undefined, action: undefined })}>Clear filters</button>}
      </form>

      <section className="card table-card">
        {first.state === "loading" && !first.data ? <LoadingBlock label="Loading the audit log…" rows={6} />
          : first.state === "error" && !first.data ? (
            first.error.status === 403
              ? <EmptyState title="Only admins see the audit log"><p>Ask an admin of this workspace.</p></EmptyState>
              : <ErrorState error={first.error} title="Could not load the audit log" onRetry={first.reload} />
          ) : entries.length === 0 ? (
            <EmptyState title={isFiltered ? "No entries match these filters" : "Nothing recorded yet"}><p>Views, exports, shares and changes appear here as they happen.</p></EmptyState>
          ) : (
            <table className="table" data-testid="audit-table">
              <thead><tr><th>When</th><th>Actor</th><th>Action</th><th>What</th><th>Deal</th><th>From</th></tr></thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                    <td className="small" style={{ whiteSpace: "nowrap" }}>{formatDateTime(e.at)}</td>
                    <td>
                      <button type="button" className="link-button audit-actor" title={`Show only ${e.actorId}`} onClick={() => setParams({ ...filters, actor: e.actorId })}>{userName.get(e.actorId) ?? e.actorId}</button>
                      <div className="muted small">{KIND_LABEL[e.actorKind] ?? e.actorKind}{userName.has(e.actorId) ? ` · ${e.actorId}` : ""}</div>
                    </td>
                    <td><span className={`badge ${toneOf(e)}`}>{e.action}</span></td>
                    <td className="small">{describe(e)}</td>
                    <td className="small">{e.dealId ? <Link to={`/deals/${e.dealId}`}>{dealName.get(e.dealId) ?? e.dealId}</Link> : <span className="muted">—</span>}</td>
                    <td className="small muted" title={e.userAgent ?? undefined}>{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        {next && (
          <div className="card-pad" style={{ display: "flex", gap: "var(--sp-2)", alignItems: "center" }}>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void handleMore()} disabled={loadingMore} data-action="load-older">
              {loadingMore ? "Loading…" : "Load older entries"}
            </button>
            {moreError && <span className="field-error">{moreError}</span>}
          </div>
        )}
      </section>
    </div>
  );
}
