// The deal's "Deliveries" section: what went out (recap, pre-call brief, intro alert), to whom and how it went,
// and a compact "Send to…" form — artefact, audience, a destination of that audience and/or plain email
// addresses (a partner without a Baton account still gets it by email). Mount it on the deal page.
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import {
  ARTEFACT_LABEL, AUDIENCE_LABEL, audiencesFor, CHANNEL_LABEL, deliveryApi, type DeliveryAudience, type DeliveryResult,
} from "../delivery-api.ts";
import { formatDateTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { MailIcon } from "./icons.tsx";
import { Alert, EmptyState, ErrorDetails, ErrorState, LoadingBlock } from "./ui.tsx";

interface CallRef { id: string; title: string; kind: string; startedAt: string }
interface RecapRef { id: string; title: string; isAgreed: boolean; version: number }
type SendArtefact = "recap" | "brief" | "sla";

/** The recaps of the deal's calls (one per call), newest call first. */
async function loadRecaps(dealId: string, calls: CallRef[] | undefined, signal: AbortSignal): Promise<RecapRef[]> {
  const list = calls ?? (await request<{ conversations: CallRef[] }>("GET", `/api/deals/${encodeURIComponent(dealId)}`, undefined, { signal })).conversations;
  const out: RecapRef[] = [];
  for (const c of list.filter((x) => x.kind === "call").sort((a, b) => b.startedAt.localeCompare(a.startedAt))) {
    const r = await request<{ recap: { id: string; isAgreed: boolean; version: number } | null }>("GET", `/api/conversations/${encodeURIComponent(c.id)}/recap`, undefined, { signal });
    if (r.recap) out.push({ id: r.recap.id, title: c.title, isAgreed: r.recap.isAgreed, version: r.recap.version });
  }
  return out;
}

const splitEmails = (s: string) => s.split(/[,;\s]+/).map((e) => e.trim()).filter(Boolean);

export function DeliveryPanel({ dealId, conversations }: { dealId: string; conversations?: CallRef[] }) {
  const log = useApi((signal) => deliveryApi.dealDeliveries(dealId, signal), [dealId]);
  const destinations = useApi((signal) => deliveryApi.destinations(signal), []);
  const recaps = useApi((signal) => loadRecaps(dealId, conversations, signal), [dealId, conversations]);

  const [artefact, setArtefact] = useState<SendArtefact>("recap");
  const [recapId, setRecapId] = useState("");
  const [audience, setAudience] = useState<DeliveryAudience>("partner");
  const [destinationId, setDestinationId] = useState("");
  const [emails, setEmails] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<DeliveryResult[] | null>(null);

  const recapList = recaps.data ?? [];
  // The latest agreed recap unless one is picked: that is the one the partner and the buyer can get.
  const recap = recapList.find((r) => r.id === recapId) ?? recapList.find((r) => r.isAgreed) ?? recapList[0] ?? null;
  const audiences = audiencesFor(artefact);
  const matching = useMemo(() => (destinations.data?.destinations ?? []).filter((d) => d.audience === audience), [destinations.data, audience]);
  useEffect(() => { if (!audiences.includes(audience)) setAudience("ours"); }, [artefact]);
  useEffect(() => { if (destinationId && !matching.some((d) => d.id === destinationId)) setDestinationId(""); }, [matching]);
  const needsAgreement = artefact === "recap" && audience !== "ours" && recap != null && !recap.isAgreed;
  const hasTarget = Boolean(destinationId) || splitEmails(emails).length > 0;
  const canSend = !busy && hasTarget && !(artefact === "recap" && !recap) && !needsAgreement;

  const handleSend = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResults(null);
    try {
      const r = await deliveryApi.sendDeal(dealId, {
        artefact, ...(artefact === "recap" && recap ? { recapId: recap.id } : {}), audience,
        destinationIds: destinationId ? [destinationId] : [], emails: splitEmails(emails),
      });
      setResults(r.results);
      if (r.results.every((x) => x.status === "sent")) setEmails("");
      log.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };

  const rows = log.data?.deliveries ?? [];
  return (
    <section className="card table-card" aria-labelledby="deliveries-title" data-testid="delivery-panel">
      <div className="section-head">
        <h2 id="deliveries-title" className="section-title"><MailIcon size={16} /> Deliveries</h2>
        {log.data && <span className="count-pill">{rows.length}</span>}
        <span className="section-head-spacer" />
        <Link to="/settings/delivery" className="section-link">Destinations</Link>
      </div>

      <form className="delivery-send" onSubmit={handleSend} data-testid="delivery-form"
        style={{ display: "flex", flexWrap: "wrap", gap: "var(--sp-2)", alignItems: "flex-end", padding: "var(--sp-3) var(--sp-4)", borderBottom: "1px solid var(--n-100)" }}>
        <label className="field" style={{ minWidth: 140 }}>
          <span className="field-label">Send</span>
          <select className="select input-sm" value={artefact} onChange={(e) => setArtefact(e.target.value as SendArtefact)} data-testid="delivery-artefact">
            {(["recap", "brief", "sla"] as const).map((a) => <option key={a} value={a}>{ARTEFACT_LABEL[a]}</option>)}
          </select>
        </label>
        {artefact === "recap" && (
          <label className="field" style={{ minWidth: 200, flex: "0 1 300px" }}>
            <span className="field-label">Recap</span>
            <select className="select input-sm" value={recap?.id ?? ""} onChange={(e) => setRecapId(e.target.value)} disabled={!recapList.length} data-testid="delivery-recap">
              {!recapList.length && <option value="">{recaps.state === "loading" ? "Loading…" : "No recap drafted yet"}</option>}
              {recapList.map((r) => <option key={r.id} value={r.id}>{r.title} · v{r.version}{r.isAgreed ? " · agreed" : " · draft"}</option>)}
            </select>
          </label>
        )}
        <label className="field" style={{ minWidth: 120 }}>
          <span className="field-label">For</span>
          <select className="select input-sm" value={audience} onChange={(e) => setAudience(e.target.value as DeliveryAudience)} data-testid="delivery-audience">
            {audiences.map((a) => <option key={a} value={a}>{AUDIENCE_LABEL[a]}</option>)}
          </select>
        </label>
        <label className="field" style={{ minWidth: 190 }}>
          <span className="field-label">Send to…</span>
          <select className="select input-sm" value={destinationId} onChange={(e) => setDestinationId(e.target.value)} data-testid="delivery-destination">
            <option value="">{matching.length ? "No destination" : `No ${AUDIENCE_LABEL[audience].toLowerCase()} destination`}</option>
            {matching.map((d) => <option key={d.id} value={d.id}>{d.name} ({CHANNEL_LABEL[d.channel]})</option>)}
          </select>
        </label>
        <label className="field" style={{ flex: "1 1 200px" }}>
          <span className="field-label">and/or email <span className="muted">(need not be Baton users)</span></span>
          <input className="input input-sm" value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="name@partner.com, …" data-testid="delivery-emails" />
        </label>
        <button type="submit" className="btn btn-primary btn-sm" disabled={!canSend} data-testid="delivery-send">{busy ? "Sending…" : "Send now"}</button>
        {needsAgreement && <div className="field-hint" style={{ flexBasis: "100%" }}>The partner and the buyer get a recap once both selling sides have approved it.</div>}
        {audience !== "ours" && !needsAgreement && <div className="field-hint" style={{ flexBasis: "100%" }}>Rendered for {AUDIENCE_LABEL[audience].toLowerCase()}: internal-only lines and items are left out.</div>}
      </form>

      {(error || results) && (
        <div style={{ padding: "var(--sp-3) var(--sp-4) 0" }}>
          {error && <Alert onClose={() => setError(null)}><strong>{error.message}</strong>{error.details.length > 0 && <ErrorDetails details={error.details} />}</Alert>}
          {results && (
            <Alert tone={results.every((r) => r.status === "sent") ? "success" : "error"} onClose={() => setResults(null)}>
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="delivery-results">
                {results.map((r) => (
                  <li key={`${r.deliveryId}-${r.target}`}>
                    {r.status === "sent" ? (r.duplicate ? "Already sent to" : "Sent to") : "Failed:"} <strong>{r.target}</strong> ({CHANNEL_LABEL[r.channel]}){r.error ? ` — ${r.error}` : ""}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      )}

      {log.state === "loading" && !log.data ? <LoadingBlock label="Loading deliveries…" rows={2} />
        : log.state === "error" && !log.data ? <ErrorState error={log.error} title="Could not load deliveries" onRetry={log.reload} />
        : rows.length === 0 ? <EmptyState title="Nothing sent yet"><p>Recaps, briefs and intro alerts sent from here are listed with how each went.</p></EmptyState>
        : (
          <table className="table" data-testid="deliveries-table">
            <thead><tr><th>When</th><th>What</th><th>For</th><th>To</th><th>Status</th></tr></thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
                  <td className="small" style={{ whiteSpace: "nowrap" }}>{formatDateTime(d.sentAt)}</td>
                  <td>{ARTEFACT_LABEL[d.artefact]}</td>
                  <td>{AUDIENCE_LABEL[d.audience]}</td>
                  <td><div>{d.target}</div><div className="muted small">{CHANNEL_LABEL[d.channel]}</div></td>
                  <td>
                    <span className={`badge ${d.status === "sent" ? "badge-good" : "badge-bad"}`}>{d.status === "sent" ? "Sent" : "Failed"}</span>
                    {d.error && <div className="small" style={{ color: "var(--bad)", marginTop: 4, maxWidth: 360 }}>{d.error}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}
