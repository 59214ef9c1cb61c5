// /settings/delivery (our side): where recaps, briefs, intro alerts and weekly walks go — email lists, Slack
// incoming webhooks and Slack channels through a bot — each for one audience. Webhook URLs and bot tokens are
// sealed on the server and never shown again.
import { type FormEvent, useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { MailIcon, XIcon } from "../components/icons.tsx";
import { Alert, EmptyState, ErrorDetails, ErrorState, LoadingBlock } from "../components/ui.tsx";
import { AUDIENCE_LABEL, CHANNEL_LABEL, deliveryApi, type DeliveryAudience, type DeliveryChannel, type Destination } from "../delivery-api.ts";
import { formatDate } from "../format.ts";
import { useApi } from "../use-api.ts";

const AUTO_LABEL: Record<string, string> = { walk: "weekly walk", sla: "intro alerts" };
const AUDIENCE_TONE: Record<DeliveryAudience, string> = { ours: "badge-info", partner: "badge-warn", buyer: "badge-outline" };

export function DeliveryPage() {
  const destinations = useApi((signal) => deliveryApi.destinations(signal), []);
  const partners = useApi((signal) => api.partners(signal), []);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  const handleDelete = async (d: Destination) => {
    if (!window.confirm(`Remove the destination "${d.name}"? Its send log stays.`)) return;
    setMessage(null);
    try {
      await deliveryApi.deleteDestination(d.id);
      setMessage({ tone: "success", text: `Removed "${d.name}".` });
      destinations.reload();
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  const list = destinations.data?.destinations ?? [];
  return (
    <div className="page" data-testid="delivery-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Delivery</h1>
          <p className="page-sub">Where recaps, pre-call briefs, intro alerts and weekly walks go. Each destination is for one audience: the partner's and the buyer's never carry internal-only content.</p>
        </div>
      </div>
      {message && <Alert tone={message.tone} onClose={() => setMessage(null)}>{message.text}</Alert>}
      <div className="access-grid">
        <section className="card table-card" aria-labelledby="destinations-title">
          <div className="section-head">
            <h2 id="destinations-title" className="section-title"><MailIcon size={16} /> Destinations</h2>
            {destinations.data && <span className="count-pill">{list.length}</span>}
          </div>
          {destinations.state === "loading" && !destinations.data ? <LoadingBlock label="Loading destinations…" rows={3} />
            : destinations.state === "error" && !destinations.data ? <ErrorState error={destinations.error} title="Could not load destinations" onRetry={destinations.reload} />
            : list.length === 0 ? <EmptyState title="No destinations yet"><p>Add an email list or a Slack channel with the form on the right.</p></EmptyState>
            : (
              <table className="table" data-testid="destinations-table">
                <thead><tr><th>Name</th><th>Channel</th><th>For</th><th>Target</th><th>Also gets</th><th /></tr></thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id} data-testid="destination-row" data-name={d.name}>
                      <td title={`added ${formatDate(d.createdAt)}`}>{d.name}</td>
                      <td style={{ whiteSpace: "nowrap" }}><div>{CHANNEL_LABEL[d.channel]}</div>{d.secretHint && <div className="muted small">{d.secretHint}</div>}</td>
                      <td><span className={`badge ${AUDIENCE_TONE[d.audience]}`}>{AUDIENCE_LABEL[d.audience]}</span>{d.partnerName && <div className="muted small">{d.partnerName}</div>}</td>
                      <td className="small" style={{ overflowWrap: "anywhere", minWidth: 120 }}>{d.target.split(/,\s*/).map((t) => <div key={t}>{t}</div>)}</td>
                      <td className="small">{d.auto.length ? d.auto.map((a) => AUTO_LABEL[a] ?? a).join(", ") : <span className="muted">—</span>}</td>
                      <td style={{ textAlign: "right" }}>
                        <button type="button" className="btn btn-ghost btn-xs btn-quiet-danger" onClick={() => void handleDelete(d)} data-action="delete"><XIcon size={12} /> Remove</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </section>
        <DestinationForm partners={partners.data?.partners ?? []} onCreated={(d) => { setMessage({ tone: "success", text: `Added "${d.name}".` }); destinations.reload(); }} />
      </div>
    </div>
  );
}

function DestinationForm({ partners, onCreated }: { partners: Array<{ orgId: string; name: string }>; onCreated: (d: Destination) => void }) {
  const [name, setName] = useState("");
  const [channel, setChannel] = useState<DeliveryChannel>("email");
  const [audience, setAudience] = useState<DeliveryAudience>("ours");
  const [partnerOrgId, setPartnerOrgId] = useState("");
  const [target, setTarget] = useState("");
  const [secret, setSecret] = useState("");
  const [auto, setAuto] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { destination } = await deliveryApi.createDestination({
        name: name.trim(), channel, audience, ...(audience === "partner" && partnerOrgId ? { partnerOrgId } : {}),
        ...(target.trim() ? { target: target.trim() } : {}),
        ...(channel === "slack-webhook" ? { webhookUrl: secret.trim() } : channel === "slack-api" ? { token: secret.trim() } : {}),
        auto: audience === "buyer" ? [] : auto,
      });
      onCreated(destination);
      setName(""); setTarget(""); setSecret(""); setAuto([]);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "CLIENT", String(err)));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (a: string) => setAuto((xs) => (xs.includes(a) ? xs.filter((x) => x !== a) : [...xs, a]));

  return (
    <section className="card card-pad" aria-labelledby="destination-form-title" data-testid="destination-panel">
      <h2 id="destination-form-title" className="section-title" style={{ marginBottom: "var(--sp-3)" }}>Add a destination</h2>
      {error && <Alert><strong>{error.message}</strong>{error.details.length > 0 && <ErrorDetails details={error.details} />}</Alert>}
      <form className="form" onSubmit={handleSubmit} data-testid="destination-form">
        <label className="field">
          <span className="field-label">Name</span>
          <input className="input" name="name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="Co-sell channel" />
        </label>
        <label className="field">
          <span className="field-label">Channel</span>
          <select className="select" name="channel" value={channel} onChange={(e) => setChannel(e.target.value as DeliveryChannel)}>
            {(Object.keys(CHANNEL_LABEL) as DeliveryChannel[]).map((c) => <option key={c} value={c}>{CHANNEL_LABEL[c]}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">For</span>
          <select className="select" name="audience" value={audience} onChange={(e) => setAudience(e.target.value as DeliveryAudience)}>
            {(Object.keys(AUDIENCE_LABEL) as DeliveryAudience[]).map((a) => <option key={a} value={a}>{AUDIENCE_LABEL[a]}</option>)}
          </select>
          <span className="field-hint">{audience === "ours" ? "Our side's rendering, internal-only lines included." : audience === "partner" ? "The partner's rendering: only what both sides share." : "The buyer gets agreed recaps only."}</span>
        </label>
        {audience === "partner" && (
          <label className="field">
            <span className="field-label">Partner organisation</span>
            <select className="select" name="partnerOrgId" value={partnerOrgId} onChange={(e) => setPartnerOrgId(e.target.value)}>
              <option value="">Any partner (sent by hand only)</option>
              {partners.map((p) => <option key={p.orgId} value={p.orgId}>{p.name}</option>)}
            </select>
            <span className="field-hint">Tied to a partner, it only ever gets that partner's deals.</span>
          </label>
        )}
        <label className="field">
          <span className="field-label">{channel === "email" ? "Email addresses" : channel === "slack-api" ? "Channel id" : "Label"}</span>
          <input className="input" name="target" required={channel !== "slack-webhook"} value={target} onChange={(e) => setTarget(e.target.value)}
            placeholder={channel === "email" ? "deals@yourco.com, partner@theirs.com" : channel === "slack-api" ? "C0123ABCD" : "#co-sell (optional)"} />
        </label>
        {channel !== "email" && (
          <label className="field">
            <span className="field-label">{channel === "slack-webhook" ? "Incoming webhook URL" : "Bot token"}</span>
            <input className="input" name="secret" type="password" autoComplete="off" required value={secret} onChange={(e) => setSecret(e.target.value)}
              placeholder={channel === "slack-webhook" ? "https://hooks.slack.com/services/…" : "xoxb-…"} />
            <span className="field-hint">Stored encrypted; it is never shown again.</span>
          </label>
        )}
        {audience !== "buyer" && (
          <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <span className="field-label">Also post automatically</span>
            {(["walk", "sla"] as const).map((a) => (
              <label key={a} className="small" style={{ display: "flex", gap: 8, alignItems: "center" }}>
                <input type="checkbox" checked={auto.includes(a)} onChange={() => toggle(a)} /> the {AUTO_LABEL[a]}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="destination-submit">{busy ? "Adding…" : "Add destination"}</button>
      </form>
    </section>
  );
}
