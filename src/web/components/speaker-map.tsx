// Next to an unmatched (grey) speaker: pick a person of the deal; every utterance of that label follows.
import { useState } from "react";
import { api, ApiError } from "../api-client.ts";
import { SIDE_LABEL } from "../format.ts";
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
