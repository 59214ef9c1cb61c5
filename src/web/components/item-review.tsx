// Reviewing an extracted item: confirm, dismiss (with undo) or correct it; every decision is a PATCH /api/items/:id
// and survives re-extraction on the server.
import { useMemo, useState, type FormEvent } from "react";
import { api, ApiError } from "../api-client.ts";
import { titleCase } from "../format.ts";
import type { Item, ItemReview, Person } from "../types.ts";
import { isInternalItem } from "../types.ts";
import { CheckIcon, PencilIcon, XIcon } from "./icons.tsx";

// The engine's label sets (src/modules/extraction/extraction.types.ts), repeated here: the web app talks HTTP only.
const OBJECTION_TOPICS = ["pricing", "security", "integration", "timeline", "competition", "resources", "legal", "other"];
const STAKEHOLDER_ROLES = ["champion", "economic_buyer", "approver", "technical_evaluator", "user", "blocker", "other"];
const RISK_TYPES = ["budget", "timing", "competitor", "champion", "legal", "technical", "other"];

export type ReviewHandler = (item: Item, review: ItemReview, correction?: Record<string, unknown>) => Promise<void>;
export type InternalHandler = (item: Item, internal: boolean) => Promise<void>;

const ownerName = (o: Item["owner"]) => (o == null ? "" : typeof o === "string" ? o : o.name);

export function ItemActions({ item, people, onReview, onInternal }: { item: Item; people?: Person[]; onReview: ReviewHandler; onInternal?: InternalHandler }) {
  const [isEditing, setEditing] = useState(false);
  const [busy, setBusy] = useState<ItemReview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (review: ItemReview, correction?: Record<string, unknown>) => {
    setBusy(review);
    setError(null);
    try {
      await onReview(item, review, correction);
      setEditing(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not save the review. Try again.");
    } finally {
      setBusy(null);
    }
  };
  const canEdit = item.kind !== "fulfilment";
  const isInternal = isInternalItem(item);
  const handleInternal = async () => {
    if (!onInternal) return;
    setBusy("proposed");
    setError(null);
    try {
      await onInternal(item, !isInternal);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not change who sees this item. Try again.");
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="item-review">
      {!isEditing && (
        <div className="item-actions" role="group" aria-label="Review this item">
          {item.review !== "confirmed" && (
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => run("confirmed")} disabled={busy != null} data-action="confirm">
              <CheckIcon size={13} /> Confirm
            </button>
          )}
          {canEdit && (
            <button type="button" className="btn btn-ghost btn-xs" onClick={() => setEditing(true)} disabled={busy != null} data-action="edit">
              <PencilIcon size={13} /> Edit
            </button>
          )}
          <button type="button" className="btn btn-ghost btn-xs btn-quiet-danger" onClick={() => run("dismissed")} disabled={busy != null} data-action="dismiss">
            <XIcon size={13} /> Dismiss
          </button>
          {onInternal && (
            <button type="button" className={`btn btn-xs ${isInternal ? "btn-secondary" : "btn-ghost"}`} aria-pressed={isInternal} disabled={busy != null}
              onClick={() => void handleInternal()} data-action="internal"
              title={isInternal ? "Internal: never shown to the partner or the buyer. Click to share it again." : "Keep this item on our side: never shown to the partner or the buyer"}>
              {isInternal ? "Internal ✓" : "Mark internal"}
            </button>
          )}
        </div>
      )}
      {isEditing && <ItemEditForm item={item} people={people} busy={busy === "corrected"} onCancel={() => { setEditing(false); setError(null); }} onSave={(c) => run("corrected", c)} />}
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}

function ItemEditForm({ item, people, busy, onSave, onCancel }: {
  item: Item; people?: Person[]; busy: boolean; onSave: (correction: Record<string, unknown>) => void; onCancel: () => void;
}) {
  const [text, setText] = useState(item.text ?? "");
  const [owner, setOwner] = useState(ownerName(item.owner));
  const [due, setDue] = useState(item.due ?? "");
  const [label, setLabel] = useState((item.kind === "objection" ? item.topic : item.kind === "stakeholder" ? item.role : item.type) ?? "other");
  const choices = item.kind === "objection" ? OBJECTION_TOPICS : item.kind === "stakeholder" ? STAKEHOLDER_ROLES : item.kind === "risk" ? RISK_TYPES : null;
  const labelField = item.kind === "objection" ? "topic" : item.kind === "stakeholder" ? "role" : "type";
  const hasText = item.kind === "commitment" || item.kind === "decision" || item.kind === "risk";
  const isCommitment = item.kind === "commitment";
  const named = (people ?? []).filter((p) => p.side);

  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    const c: Record<string, unknown> = {};
    if (hasText && text.trim() && text.trim() !== (item.text ?? "")) c.text = text.trim();
    if (choices && label !== ((item as unknown as Record<string, unknown>)[labelField] ?? "other")) c[labelField] = label;
    if (isCommitment) {
      if (owner.trim() !== ownerName(item.owner)) {
        const p = named.find((x) => x.name === owner.trim());
        Object.assign(c, { owner: owner.trim() || null, ownerPersonId: p?.id ?? null, side: p?.side ?? null, ownerUnclear: !owner.trim() });
      }
      if (due !== (item.due ?? "")) Object.assign(c, { due: due || null, dueText: null });
    }
    if (Object.keys(c).length === 0) { onCancel(); return; }
    onSave(c);
  };

  const id = `edit-${item.id}`;
  return (
    <form className="item-edit" onSubmit={handleSubmit} aria-label="Correct this item">
      {hasText && (
        <label className="item-edit-field item-edit-wide">
          <span className="field-label">{isCommitment ? "What was promised" : "Text"}</span>
          <input className="input input-sm" name="text" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      )}
      {isCommitment && (
        <>
          <label className="item-edit-field">
            <span className="field-label">Owner</span>
            <input className="input input-sm" name="owner" list={`${id}-people`} value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="Who does it" />
            <datalist id={`${id}-people`}>{named.map((p) => <option key={p.id} value={p.name} />)}</datalist>
          </label>
          <label className="item-edit-field">
            <span className="field-label">Due</span>
            <input className="input input-sm" type="date" name="due" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
        </>
      )}
      {choices && (
        <label className="item-edit-field">
          <span className="field-label">{titleCase(labelField)}</span>
          <select className="select input-sm" name={labelField} value={label} onChange={(e) => setLabel(e.target.value)}>
            {choices.map((t) => <option key={t} value={t}>{titleCase(t)}</option>)}
          </select>
        </label>
      )}
      <div className="item-edit-buttons">
        <button type="submit" className="btn btn-primary btn-xs" disabled={busy} data-action="save">{busy ? "Saving…" : "Save correction"}</button>
        <button type="button" className="btn btn-ghost btn-xs" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </form>
  );
}

/** Local view of the reviews made on this page, over the items the page loaded. */
export function useItemReviews(items: Item[]) {
  const [patched, setPatched] = useState<Map<string, Item>>(() => new Map());
  const [lastDismissed, setLastDismissed] = useState<Item | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const keep = (updated: Item) => setPatched((m) => new Map(m).set(updated.id, updated));
  const view = useMemo(() => items.map((i) => patched.get(i.id) ?? i).filter((i) => i.review !== "dismissed"), [items, patched]);
  const handleReview: ReviewHandler = async (item, review, correction) => {
    const { item: updated } = await api.reviewItem(item.id, { review, ...(correction ? { correction } : {}) });
    keep(updated);
    setUndoError(null);
    setLastDismissed(review === "dismissed" ? item : null);
  };
  const handleInternal: InternalHandler = async (item, internal) => {
    const r = await api.setItemInternal(item.id, internal);
    keep(r?.item ?? { ...item, isInternal: internal, internal });
  };
  const handleUndo = async () => {
    const prev = lastDismissed;
    if (!prev) return;
    try {
      // Back to where it was; a corrected item keeps its correction on the server.
      const previous = (prev.review === "confirmed" || prev.review === "corrected" ? prev.review : "proposed") as ItemReview;
      const { item: updated } = await api.reviewItem(prev.id, { review: previous });
      keep(updated);
      setLastDismissed(null);
    } catch (e) {
      setUndoError(e instanceof ApiError ? e.message : "Could not undo. Try again.");
    }
  };
  return { view, handleReview, handleInternal, lastDismissed, handleUndo, undoError, closeUndo: () => { setLastDismissed(null); setUndoError(null); } };
}
