// Next to an unmatched (grey) speaker: pick a person of the deal; every utterance of that label follows.
// Above a transcript held for consent: record each unknown speaker's consent.
import { useEffect, useState } from "react";
import { api, ApiError, request } from "../api-client.ts";
import { SIDE_LABEL } from "../format.ts";
import { Link } from "../router.tsx";
import type { Person } from "../types.ts";

export function SpeakerMap({ conversationId, label, people, onMapped }: {
  conversationId: string; label: string; people: Person[]; onMapped: () => void;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [personId, setPersonId] = useState("");
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const candidates = people.filter((p) => p.side);

  if (!isOpen) {
    return (
      <button type="button" className="btn btn-ghost btn-xs speaker-map-open" onClick={() => setIsOpen(true)} data-testid="speaker-map-open"
        title={`Say who "${label}" is`}>
        Who is this?
      </button>
    );
  }
  const handleSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!personId) return;
    setIsSaving(true);
    setError(null);
    try {
      await api.mapSpeaker(conversationId, { label, personId });
      setIsOpen(false);
      onMapped();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not save");
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <form className="speaker-map" onSubmit={handleSubmit} data-testid="speaker-map">
      <select className="select input-sm" value={personId} onChange={(e) => setPersonId(e.target.value)} aria-label={`Person speaking as ${label}`} autoFocus>
        <option value="">Pick a person of this deal…</option>
        {candidates.map((p) => <option key={p.id} value={p.id}>{p.name}{p.side ? ` · ${SIDE_LABEL[p.side]}` : ""}{p.orgName ? ` (${p.orgName})` : ""}</option>)}
      </select>
      <button type="submit" className="btn btn-primary btn-xs" disabled={!personId || isSaving}>{isSaving ? "Saving…" : "Assign"}</button>
      <button type="button" className="btn btn-ghost btn-xs" onClick={() => setIsOpen(false)}>Cancel</button>
      {error && <span className="speaker-map-error small" role="alert">{error}</span>}
    </form>
  );
}

interface ConsentSpeaker { label: string; name: string | null; consent: string }

/**
 * Above a transcript held for consent: it is stored but not processed until every speaker's consent is
 * recorded. One control per speaker whose consent is still unknown records granted or declined (with a note).
 */
export function ConsentBanner({ conversationId, onChanged }: { conversationId: string; onChanged: () => void }) {
  const [speakers, setSpeakers] = useState<ConsentSpeaker[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    request<{ speakers: ConsentSpeaker[] }>("GET", `/api/conversations/${encodeURIComponent(conversationId)}/speakers`, undefined, { signal: ctl.signal })
      .then((r) => { setSpeakers(r.speakers); setLoadError(null); })
      .catch((err) => { if (!ctl.signal.aborted) setLoadError(err instanceof ApiError ? err.message : "Could not load the speakers"); });
    return () => ctl.abort();
  }, [conversationId, version]);
  const pending = (speakers ?? []).filter((s) => s.consent === "unknown");
  const handleRecorded = (released: boolean) => {
    setVersion((v) => v + 1);
    if (released) onChanged();
  };
  return (
    <div className="alert alert-info consent-banner" role="status" data-testid="consent-banner">
      <div className="alert-body">
        <strong>Held for consent.</strong> This call is stored, but it is not processed (no items, no recap, not searched by Ask) until every speaker's recording consent is recorded. <Link to="/settings/consent" data-testid="consent-policy-link">About this policy</Link>
        {loadError && <div className="speaker-map-error small" role="alert">{loadError}</div>}
        {speakers && pending.length > 0 && (
          <ul className="consent-list">
            {pending.map((s) => <ConsentControl key={s.label} conversationId={conversationId} speaker={s} onRecorded={handleRecorded} />)}
          </ul>
        )}
      </div>
    </div>
  );
}

function ConsentControl({ conversationId, speaker, onRecorded }: { conversationId: string; speaker: ConsentSpeaker; onRecorded: (released: boolean) => void }) {
  const [note, setNote] = useState("");
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const record = async (status: "granted" | "declined") => {
    if (status === "declined" && !window.confirm(`Record that ${speaker.name ?? speaker.label} declined? Their words in this call will be removed.`)) return;
    setIsSaving(true);
    setError(null);
    try {
      const r = await request<{ heldForConsent: boolean }>("POST", `/api/conversations/${encodeURIComponent(conversationId)}/consent`,
        { label: speaker.label, status, ...(note.trim() ? { note: note.trim() } : {}) });
      onRecorded(!r.heldForConsent);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not save");
    } finally {
      setIsSaving(false);
    }
  };
  const who = speaker.name && speaker.name !== speaker.label ? `${speaker.name} (${speaker.label})` : speaker.label;
  return (
    <li className="consent-row" data-testid="consent-control">
      <span className="consent-who">{who}</span>
      <input className="input input-sm" value={note} onChange={(e) => setNote(e.target.value)} placeholder="How was consent given? (optional)"
        aria-label={`Consent note for ${speaker.label}`} maxLength={2000} />
      <button type="button" className="btn btn-primary btn-xs" disabled={isSaving} onClick={() => record("granted")}>Granted</button>
      <button type="button" className="btn btn-ghost btn-xs" disabled={isSaving} onClick={() => record("declined")}>Declined</button>
      {error && <span className="speaker-map-error small" role="alert">{error}</span>}
    </li>
  );
}
