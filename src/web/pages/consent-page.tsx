// /settings/consent (our side): the workspace's recording-consent policy. With it on, a call with any speaker whose
// consent is unknown is stored but held (not processed) until each speaker's consent is recorded on its transcript.
// Admins switch it; members see it read-only.
import { useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { useAuth } from "../auth.tsx";
import { Alert, ErrorDetails, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { useApi } from "../use-api.ts";

export function ConsentPage() {
  const { user } = useAuth();
  const isAdmin = user?.role === "admin";
  const ws = useApi((signal) => api.workspace(signal), []);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const isOn = saved ?? ws.data?.settings.requireConsent ?? false;

  const handleToggle = async () => {
    const next = !isOn;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api.updateWorkspace({ requireConsent: next });
      setSaved(r.settings.requireConsent);
      setNotice(r.settings.requireConsent
        ? "Saved: calls imported from now on are held while any speaker's consent is unknown."
        : "Saved: new calls are processed straight away. Calls already held stay held until their speakers' consent is recorded.");
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "CLIENT", String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" data-testid="consent-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Recording consent</h1>
          <p className="page-sub">Whether Baton waits for every speaker's recording consent before it processes a call.</p>
        </div>
      </div>
      {ws.state === "loading" && !ws.data ? <div className="card policy-card"><LoadingBlock label="Loading the policy…" rows={2} /></div>
        : ws.state === "error" && !ws.data ? <div className="card policy-card"><ErrorState error={ws.error} title="Could not load the consent policy" onRetry={ws.reload} /></div>
        : (
          <section className="card card-pad policy-card" aria-labelledby="consent-policy-title" data-testid="consent-policy" data-require-consent={String(isOn)}>
            {error && (
              <Alert onClose={() => setError(null)}>
                <strong>The policy was not changed: {error.message}</strong>
                {error.details.length > 0 && <ErrorDetails details={error.details} />}
              </Alert>
            )}
            {notice && <Alert tone="success" onClose={() => setNotice(null)}><span data-testid="consent-saved">{notice}</span></Alert>}
            <div className="policy-row">
              <div className="policy-text">
                <div className="policy-title-row">
                  <h2 id="consent-policy-title" className="section-title">Hold calls until consent is recorded</h2>
                  <span className={`badge ${isOn ? "badge-good" : "badge-outline"}`} data-testid="consent-state">{isOn ? "On" : "Off"}</span>
                </div>
                <p className="policy-desc">
                  {isOn
                    ? "A call with any speaker whose recording consent is unknown is stored but not processed (no items, no recap, not searched by Ask) until each speaker's consent is recorded on its transcript."
                    : "Every call is processed as soon as it is imported, whether or not its speakers' recording consent is on record. Switch it on to hold calls until consent is recorded."}
                </p>
              </div>
              <label className={`switch${busy ? " is-busy" : ""}`} title={isAdmin ? undefined : "Only admins can change this policy"}>
                <input type="checkbox" role="switch" checked={isOn} disabled={!isAdmin || busy} onChange={() => void handleToggle()}
                  aria-labelledby="consent-policy-title" data-testid="consent-toggle" />
                <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
                {busy && <span className="switch-label">Saving…</span>}
              </label>
            </div>
            <ul className="policy-notes">
              <li>Applies to calls imported after it is switched on; emails are never held.</li>
              <li>A held call shows a <em>Held for consent</em> banner on its transcript, where each speaker's consent is recorded.</li>
              <li>Switching it off does not release calls already held.</li>
            </ul>
            {!isAdmin && <p className="policy-readonly muted small" data-testid="consent-readonly">Only admins can change this policy.</p>}
          </section>
        )}
    </div>
  );
}
