// /setup?token=: create the first admin account with the one-time setup token printed by the server.
import { type FormEvent, useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { Alert, ErrorDetails, Spinner } from "../components/ui.tsx";
import { Link, navigate, useSearchParams } from "../router.tsx";
import type { Session } from "../types.ts";
import { AuthLayout } from "./login.tsx";

export function SetupPage() {
  const { acceptSession } = useAuth();
  const [params] = useSearchParams();
  const [token, setToken] = useState(params.get("token") ?? "");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mismatch = confirm.length > 0 && confirm !== password;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.setup({ token: token.trim(), email: email.trim(), name: name.trim(), password });
      if (res && (res as Session).user && (res as Session).csrfToken) {
        acceptSession(res as Session);
        navigate("/deals", { replace: true });
      } else {
        navigate("/login", { replace: true });
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout footer={<>Already set up? <Link to="/login">Sign in</Link></>}>
      <h1 className="auth-title">Set up Baton</h1>
      <p className="auth-sub">Create the first admin account for this workspace. The setup token is printed by the server on first start.</p>
      {error && (
        <Alert tone="error">
          <strong>{error.message}</strong>
          {error.details.length > 0 && <ErrorDetails details={error.details} />}
        </Alert>
      )}
      <form onSubmit={onSubmit} className="form">
        {!params.get("token") && (
          <label className="field">
            <span className="field-label">Setup token</span>
            <input className="input mono" name="token" required value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
          </label>
        )}
        <label className="field">
          <span className="field-label">Your name</span>
          <input className="input" name="name" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Work email</span>
          <input className="input" type="email" name="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input className="input" type="password" name="password" required minLength={8} autoComplete="new-password"
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <span className="field-hint">At least 8 characters.</span>
        </label>
        <label className="field">
          <span className="field-label">Confirm password</span>
          <input className={`input${mismatch ? " is-invalid" : ""}`} type="password" name="confirm" required autoComplete="new-password"
            value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} />
          {mismatch && <span className="field-error">Passwords do not match.</span>}
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !token || !name || !email || !password || mismatch}>
          {busy ? <><Spinner label="Creating account" /> Creating account…</> : "Create admin account"}
        </button>
      </form>
    </AuthLayout>
  );
}
