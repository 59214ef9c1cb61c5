// /settings/access (our side): people with access — users, partner invitations (invite, copy link, revoke).
import { type FormEvent, useState } from "react";
import { invitationStatus, type InvitationStatus } from "../access-rules.ts";
import { api, ApiError } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { UsersIcon, XIcon } from "../components/icons.tsx";
import { Alert, EmptyState, ErrorDetails, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { formatDate, formatDateTime } from "../format.ts";
import type { Invitation } from "../types.ts";
import { useApi } from "../use-api.ts";

const STATUS_TONE: Record<InvitationStatus, string> = { pending: "badge-info", accepted: "badge-good", revoked: "badge-outline", expired: "badge-warn" };
const ROLE_LABEL: Record<string, string> = { admin: "Admin", member: "Member", partner: "Partner" };

export function AccessPage() {
  const { user } = useAuth();
  const users = useApi((signal) => api.users(signal), []);
  const invitations = useApi((signal) => api.invitations(signal), []);
  const partners = useApi((signal) => api.partners(signal), []);
  const [created, setCreated] = useState<Invitation | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  // The API names the inviter by user id; admins have the user list to turn it into a name.
  const inviterName = (id: string | null | undefined) => (id ? users.data?.users.find((u) => u.id === id)?.name ?? null : null);
  const handleRevoke = async (inv: Invitation) => {
    if (!window.confirm(`Revoke the invitation for ${inv.email}? The link stops working.`)) return;
    setMessage(null);
    try {
      await api.revokeInvitation(inv.id);
      if (created?.id === inv.id) setCreated(null);
      setMessage({ tone: "success", text: `Revoked the invitation for ${inv.email}.` });
      invitations.reload();
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  return (
    <div className="page" data-testid="access-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">People &amp; access</h1>
          <p className="page-sub">Who can sign in to this workspace. Partner users see only the deals shared with their organisation, never internal-only lines or items.</p>
        </div>
      </div>
      {message && <Alert tone={message.tone} onClose={() => setMessage(null)}>{message.text}</Alert>}
      <div className="access-grid">
        <div style={{ display: "flex", flexDirection: "column", gap: "var(--sp-4)" }}>
          <section className="card table-card" aria-labelledby="invitations-title">
            <div className="section-head">
              <h2 id="invitations-title" className="section-title">Partner invitations</h2>
              {invitations.data && <span className="count-pill">{invitations.data.invitations.length}</span>}
            </div>
            {invitations.state === "loading" && !invitations.data ? <LoadingBlock label="Loading invitations…" rows={3} />
              : invitations.state === "error" && !invitations.data ? <ErrorState error={invitations.error} title="Could not load invitations" onRetry={invitations.reload} />
              : invitations.data!.invitations.length === 0 ? (
                <EmptyState title="No invitations yet"><p>Invite someone from a partner organisation with the form on the right.</p></EmptyState>
              ) : (
                <table className="table" data-testid="invitations-table">
                  <thead><tr><th>Email</th><th>Partner</th><th>Status</th><th>Expires</th><th /></tr></thead>
                  <tbody>
                    {invitations.data!.invitations.map((inv) => {
                      const st = invitationStatus(inv);
                      return (
                        <tr key={inv.id} data-testid="invitation-row" data-email={inv.email} data-status={st}>
                          <td><div>{inv.email}</div><div className="muted small">{[inv.name, inviterName(inv.invitedBy) ? `invited by ${inviterName(inv.invitedBy)}` : null].filter(Boolean).join(" · ")}</div></td>
                          <td>{inv.partnerName ?? inv.partnerOrgId}</td>
                          <td><span className={`badge ${STATUS_TONE[st]}`}>{st === "pending" ? "Pending" : st === "accepted" ? "Accepted" : st === "revoked" ? "Revoked" : "Expired"}</span></td>
                          <td className="small">{st === "accepted" && inv.acceptedAt ? `accepted ${formatDate(inv.acceptedAt)}` : formatDate(inv.expiresAt)}</td>
                          <td style={{ textAlign: "right" }}>
                            {st === "pending" && (
                              <button type="button" className="btn btn-ghost btn-xs btn-quiet-danger" onClick={() => void handleRevoke(inv)} data-action="revoke">
                                <XIcon size={12} /> Revoke
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
          </section>
          <section className="card table-card" aria-labelledby="users-title">
            <div className="section-head">
              <h2 id="users-title" className="section-title"><UsersIcon size={16} /> Users</h2>
              {users.data && <span className="count-pill">{users.data.users.length}</span>}
            </div>
            {users.state === "loading" && !users.data ? <LoadingBlock label="Loading users…" rows={3} />
              : users.state === "error" && !users.data ? (
                users.error.status === 403
                  ? <EmptyState title="Only admins see the user list"><p>Ask an admin of this workspace if you need someone's access changed.</p></EmptyState>
                  : <ErrorState error={users.error} title="Could not load users" onRetry={users.reload} />
              ) : (
                <table className="table" data-testid="users-table">
                  <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Organisation</th><th>Since</th></tr></thead>
                  <tbody>
                    {users.data!.users.map((u) => (
                      <tr key={u.id} data-testid="user-row" data-email={u.email}>
                        <td>{u.name}{u.id === user?.id && <span className="muted small"> (you)</span>}</td>
                        <td>{u.email}</td>
                        <td><span className={`badge ${u.role === "partner" ? "badge-warn" : u.role === "admin" ? "badge-info" : "badge-outline"}`}>{ROLE_LABEL[u.role] ?? u.role}</span></td>
                        <td>{u.role === "partner" ? (u.partnerName ?? partners.data?.partners.find((p) => p.orgId === u.partnerOrgId)?.name ?? u.partnerOrgId ?? "—") : "Our side"}</td>
                        <td className="small">{u.disabled ? <span className="badge badge-outline">Disabled</span> : u.createdAt ? formatDate(u.createdAt) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
          </section>
        </div>
        <InviteForm partners={partners} onCreated={(inv) => { setCreated(inv); invitations.reload(); users.reload(); }} created={created} />
      </div>
    </div>
  );
}

function InviteForm({ partners, created, onCreated }: {
  partners: ReturnType<typeof useApi<{ partners: Array<{ orgId: string; name: string }> }>>;
  created: Invitation | null;
  onCreated: (inv: Invitation) => void;
}) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [partnerOrgId, setPartnerOrgId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const list = partners.data?.partners ?? [];
  const orgId = partnerOrgId || (list.length === 1 ? list[0]!.orgId : "");

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { invitation } = await api.invite({ email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), partnerOrgId: orgId });
      onCreated(invitation);
      setEmail("");
      setName("");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card card-pad" aria-labelledby="invite-title" data-testid="invite-panel">
      <h2 id="invite-title" className="section-title" style={{ marginBottom: "var(--sp-3)" }}>Invite a partner user</h2>
      {partners.state === "error" && !partners.data && <Alert>Could not load partner organisations: {partners.error.message}</Alert>}
      {error && <Alert><strong>{error.message}</strong>{error.details.length > 0 && <ErrorDetails details={error.details} />}</Alert>}
      <form className="form" onSubmit={handleSubmit} data-testid="invite-form">
        <label className="field">
          <span className="field-label">Email</span>
          <input className="input" type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@partner.com" />
        </label>
        <label className="field">
          <span className="field-label">Name <span className="muted">(optional)</span></span>
          <input className="input" name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Partner organisation</span>
          <select className="select" name="partnerOrgId" required value={orgId} onChange={(e) => setPartnerOrgId(e.target.value)}>
            <option value="">{list.length ? "Choose a partner…" : "No partner organisations yet"}</option>
            {list.map((p) => <option key={p.orgId} value={p.orgId}>{p.name}</option>)}
          </select>
          <span className="field-hint">They will see only the deals this partner is on.</span>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim() || !orgId} data-testid="invite-submit">{busy ? "Inviting…" : "Send invitation"}</button>
      </form>
      {created && <CreatedInvitation invitation={created} />}
    </section>
  );
}

function CreatedInvitation({ invitation: inv }: { invitation: Invitation }) {
  const [isCopied, setCopied] = useState(false);
  const handleCopy = async () => {
    if (!inv.acceptUrl) return;
    try {
      await navigator.clipboard.writeText(inv.acceptUrl);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (plain http): the field is selectable.
    }
  };
  return (
    <div style={{ marginTop: "var(--sp-4)" }} data-testid="invite-created">
      <Alert tone="success">
        {inv.emailed
          ? <>Invitation emailed to <strong>{inv.email}</strong> for {inv.partnerName ?? "the partner"}. It works until {formatDateTime(inv.expiresAt)}.</>
          : <>Invitation for <strong>{inv.email}</strong> created, not emailed: copy the link below and send it to them. It works until {formatDateTime(inv.expiresAt)}.
            {inv.emailError && <div className="small muted" style={{ marginTop: 4 }}>{inv.emailError}</div>}</>}
      </Alert>
      {!inv.emailed && inv.acceptUrl && (
        <div className="copy-row">
          <input className="input input-sm" readOnly value={inv.acceptUrl} aria-label="Invitation link" data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void handleCopy()}>{isCopied ? "Copied" : "Copy link"}</button>
        </div>
      )}
    </div>
  );
}
