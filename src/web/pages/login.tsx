// /login: sign in with email and password, then continue to ?next= or /deals.
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { BatonMark } from "../components/icons.tsx";
import { Alert, ErrorDetails, Spinner } from "../components/ui.tsx";
import { navigate, useSearchParams } from "../router.tsx";

export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/deals";
}

export function AuthLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-panel">
        <div className="auth-brand"><BatonMark size={30} /><span>Baton</span></div>
        <div className="card auth-card">{children}</div>
        {footer && <div className="auth-footer">{footer}</div>}
      </div>
      <aside className="auth-aside" aria-hidden="true">
        <div className="auth-aside-inner">
          <p className="auth-aside-kicker">Partner co-sell, on the record</p>
          <h2>One shared, grounded record of every partner deal.</h2>
          <p>Every call and email mapped to the people on each side, and every commitment pinned to the exact words.</p>
          <div className="auth-sides">
            <span className="chip side-ours"><span className="chip-dot" />Ours</span>
            <span className="chip side-partner"><span className="chip-dot" />Partner</span>
            <span className="chip side-buyer"><span className="chip-dot" />Buyer</span>
          </div>
        </div>
      </aside>
    </div>
  );
}

export function LoginPage() {
  const { signIn, error: sessionError, retry } = useAuth();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout footer={<>Self-hosted Baton · your deal data stays on your server.</>}>
      <h1 className="auth-title">Sign in</h1>
      <p className="auth-sub">Use the email and password your Baton admin gave you.</p>
      {sessionError && !error && (
        <Alert tone="error">{sessionError.message} <button type="button" className="link-button" onClick={retry}>Retry</button></Alert>
      )}
      {error && (
        <Alert tone="error">
          <strong>{error.message}</strong>
          {error.details.length > 0 && <ErrorDetails details={error.details} />}
        </Alert>
      )}
      <form onSubmit={onSubmit} className="form" noValidate={false}>
        <label className="field">
          <span className="field-label">Email</span>
          <input className="input" type="email" name="email" autoComplete="username" required autoFocus
            value={email} onChange={(e) => setEmail(e.target.value)} placeholder="you@company.com" />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input className="input" type="password" name="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !email || !password}>
          {busy ? <><Spinner label="Signing in" /> Signing in…</> : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
