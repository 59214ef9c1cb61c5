// /invite/:token: a partner user accepts an invitation — who invited them to which partner, name + password, then /deals.
import { type FormEvent, useState } from "react";
import { invitationProblem } from "../access-rules.ts";
import { api, ApiError } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { Alert, ErrorDetails, Spinner } from "../components/ui.tsx";
import { formatDate } from "../format.ts";
import { Link, navigate } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { AuthLayout } from "./login.tsx";


export function InvitePage({ token }: { token: string }) {
  const { acceptSession, user } = useAuth();
  const preview = useApi((signal) => api.invitationPreview(token, signal), [token]);
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mismatch = confirm.length > 0 && confirm !== password;
  const shownName = name ?? preview.data?.name ?? "";

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      acceptSession(await api.acceptInvitation(token, { name: shownName.trim(), password }));
      navigate("/deals", { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  const footer = <>Already have an account? <Link to="/login">Sign in</Link></>;
  if (preview.state === "loading" && !preview.data) {
    return <AuthLayout footer={footer}><div className="loading-label"><Spinner label="Opening invitation" /> Opening your invitation…</div></AuthLayout>;
  }
  if (preview.state === "error" && !preview.data) {
    const p = invitationProblem(preview.error);
    return (
      <AuthLayout footer={footer}>
        <h1 className="auth-title" data-testid="invite-problem">{p.title}</h1>
        <p className="auth-sub">{p.text}</p>
      </AuthLayout>
    );
  }
  const inv = preview.data!;
  const partner = inv.partnerName ?? "a partner organisation";
  return (
    <AuthLayout footer={footer}>
      <h1 className="auth-title">Join {partner} on Baton</h1>
      <p className="auth-sub" data-testid="invite-summary">
        {inv.invitedBy ? <><strong>{inv.invitedBy}</strong> invited you</> : "You have been invited"} to see the deals shared with <strong>{partner}</strong>:
        the calls, commitments and recaps both teams work from. The invitation is for <strong>{inv.email}</strong> and works until {formatDate(inv.expiresAt)}.
      </p>
      {user && <Alert tone="info">You are signed in as {user.email}. Accepting signs you in as {inv.email} instead.</Alert>}
      {error && (
        <Alert tone="error">
          <strong>{error.message}</strong>
          {error.details.length > 0 && <ErrorDetails details={error.details} />}
        </Alert>
      )}
      <form onSubmit={handleSubmit} className="form" data-testid="invite-form">
        <label className="field">
          <span className="field-label">Email</span>
          <input className="input" type="email" name="email" value={inv.email} readOnly autoComplete="username" />
        </label>
        <label className="field">
          <span className="field-label">Your name</span>
          <input className="input" name="name" required autoComplete="name" value={shownName} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span className="field-label">Choose a password</span>
          <input className="input" type="password" name="password" required minLength={10} autoComplete="new-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <span className="field-hint">At least 10 characters.</span>
        </label>
        <label className="field">
          <span className="field-label">Confirm password</span>
          <input className={`input${mismatch ? " is-invalid" : ""}`} type="password" name="confirm" required autoComplete="new-password"
            value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} />
          {mismatch && <span className="field-error">Passwords do not match.</span>}
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !shownName.trim() || password.length < 10 || confirm !== password}>
          {busy ? <><Spinner label="Joining" /> Joining…</> : "Accept and continue"}
        </button>
      </form>
    </AuthLayout>
  );
}
