// Commitments & items (commitments, fulfilments, decisions, objections, risks, stakeholders), each pinned to its evidence quote.
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { formatClock, formatDate, SIDE_LABEL, titleCase } from "../format.ts";
import { Link } from "../router.tsx";
import type { ConversationSummary, Item, Person, Ref } from "../types.ts";
import { isInternalItem } from "../types.ts";
import { UndoIcon } from "./icons.tsx";
import { ItemActions, useItemReviews } from "./item-review.tsx";
import { Alert, sideClass } from "./ui.tsx";

export const KIND_ORDER = ["commitment", "fulfilment", "decision", "objection", "risk", "stakeholder"];
const KIND_LABEL: Record<string, string> = {
  commitment: "Commitments", fulfilment: "Fulfilled", decision: "Decisions", objection: "Objections", risk: "Risks", stakeholder: "Stakeholders",
};
const KIND_SINGULAR: Record<string, string> = {
  commitment: "Commitment", fulfilment: "Fulfilled", decision: "Decision", objection: "Objection", risk: "Risk", stakeholder: "Stakeholder",
};
export const kindLabel = (k: string) => KIND_LABEL[k] ?? titleCase(k);
const ownerName = (o: Item["owner"]) => (o == null ? null : typeof o === "string" ? o : (o as Ref).name);
const kindRank = (k: string) => { const i = KIND_ORDER.indexOf(k); return i < 0 ? 99 : i; };

/** Resolves a fulfilment's "<file>#c12" to the commitment it fulfils. */
export function commitmentResolver(items: Item[], conversations: ConversationSummary[]) {
  const byFile = new Map(conversations.filter((c) => c.sourceFile).map((c) => [c.sourceFile!, c.id]));
  return (ref: string | null | undefined): Item | null => {
    if (!ref) return null;
    const [file, localId] = ref.split("#");
    const convId = file ? byFile.get(file) : undefined;
    return items.find((i) => i.kind === "commitment" && i.localId === localId && (i.evidence?.conversationId ?? i.conversationId) === convId) ?? null;
  };
}

export function itemText(i: Item, resolve?: (ref: string | null | undefined) => Item | null): string {
  if (i.kind === "fulfilment") {
    const c = resolve?.(i.commitmentRef);
    return c?.text ? `Done: ${c.text}` : "An earlier commitment was fulfilled";
  }
  if (i.kind === "objection" && i.topic) return `${titleCase(i.topic)} objection`;
  return i.text || i.name || i.topic || i.evidence?.quote || "(no text)";
}

function subtitle(i: Item): string {
  if (i.kind === "stakeholder") return [i.role ? titleCase(i.role) : null, i.title].filter(Boolean).join(" · ");
  if (i.kind === "risk" && i.type) return `${titleCase(i.type)} risk`;
  if (i.kind === "objection" && i.resolvedBy) return `Resolved by ${i.resolvedBy}`;
  return "";
}

export function ItemRow({ item, tz, conversation, onSelect, active, showKind, resolve, actions }: {
  item: Item;
  /** Review controls shown under the item (outside the clickable area). */
  actions?: ReactNode;
  tz?: string | null;
  conversation?: ConversationSummary;
  onSelect?: (i: Item) => void;
  active?: boolean;
  showKind?: boolean;
  resolve?: (ref: string | null | undefined) => Item | null;
}) {
  const owner = ownerName(item.owner) ?? item.raisedBy ?? null;
  const sub = subtitle(item);
  const ev = item.evidence;
  const href = ev?.conversationId ? `/conversations/${ev.conversationId}#seq-${ev.seq}` : null;
  const content = (
    <>
      <div className="item-main">
        {showKind && <span className={`kind-tag kind-${item.kind}`}>{KIND_SINGULAR[item.kind] ?? titleCase(item.kind)}</span>}
        <span className="item-text">{itemText(item, resolve)}</span>
        {item.due && <span className="item-due" title={item.dueText ?? undefined}>Due {formatDate(item.due, tz)}</span>}
      </div>
      <div className="item-meta">
        {owner && (
          <span className={`item-owner ${sideClass(item.side)}`}>
            <span className="dot" aria-hidden="true" />{owner}
            {item.side && <span className="muted">· {SIDE_LABEL[item.side]}</span>}
          </span>
        )}
        {!owner && item.kind === "commitment" && <span className="item-owner side-unknown"><span className="dot" aria-hidden="true" />Owner unclear</span>}
        {sub && <span className="item-sub">{sub}</span>}
        {isInternalItem(item) && <span className="internal-badge" data-testid="item-internal-badge">Internal — never shared</span>}
        {item.review && item.review !== "proposed" && (
          <span className={`review review-${item.review}`} data-testid="review-badge">
            {item.review === "confirmed" || item.review === "corrected" ? <CheckMark /> : null}{titleCase(item.review)}
          </span>
        )}
      </div>
      {ev?.quote && (() => {
        const inner = (
          <>
            <span className="evidence-quote">“{ev.quote}”</span>
            <span className="evidence-meta">
              {ev.speaker ?? "Unknown speaker"} · {formatClock(ev.atMs ?? 0)}
              {conversation && <> · {conversation.title}</>}
            </span>
          </>
        );
        return href && !onSelect
          ? <Link className="evidence evidence-link" to={href} title="Open in transcript">{inner}</Link>
          : <div className="evidence">{inner}</div>;
      })()}
    </>
  );
  const dataAttrs = { "data-testid": "item", "data-item-id": item.id, "data-review": item.review ?? "proposed", "data-internal": isInternalItem(item) ? "true" : "false" };
  if (onSelect) {
    // The words are a button (select → scroll the transcript); the review controls sit beside it, not inside.
    return (
      <div className={`item-row item-button${active ? " is-active" : ""}${isInternalItem(item) ? " is-internal" : ""}`} {...dataAttrs}>
        <button type="button" className="item-select" onClick={() => onSelect(item)} aria-pressed={active ?? false}>
          {content}
        </button>
        {actions}
      </div>
    );
  }
  return (
    <div className={`item-row${isInternalItem(item) ? " is-internal" : ""}`} {...dataAttrs}>
      {content}
      {actions}
    </div>
  );
}

const CheckMark = () => <span aria-hidden="true" className="review-mark">✓</span>;

export function ItemsList({ items: loaded, allItems, conversations, tz, onSelect, activeSeq, people, isReviewable = true, onCountChange }: {
  items: Item[];
  /** Told how many items are shown after reviews here (dismissed ones leave the list). */
  onCountChange?: (n: number) => void;
  /** The deal's people, offered when correcting an owner. */
  people?: Person[];
  /** Show Confirm / Edit / Dismiss on each item (default on). */
  isReviewable?: boolean;
  /** Every item of the deal, so fulfilments can name the commitment they fulfil (defaults to items). */
  allItems?: Item[];
  conversations: ConversationSummary[];
  tz?: string | null;
  onSelect?: (i: Item) => void;
  activeSeq?: number | null;
}) {
  const reviews = useItemReviews(loaded);
  const items = reviews.view;
  useEffect(() => { onCountChange?.(items.length); }, [items.length, onCountChange]);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const i of items) m.set(i.kind, (m.get(i.kind) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => kindRank(a[0]) - kindRank(b[0]));
  }, [items]);
  const [tab, setTab] = useState<string>("all");
  const convById = useMemo(() => new Map(conversations.map((c) => [c.id, c])), [conversations]);
  const resolve = useMemo(() => commitmentResolver(allItems ?? items, conversations), [allItems, items, conversations]);
  const order = useMemo(() => new Map(conversations.map((c) => [c.id, c.startedAt])), [conversations]);
  const shown = useMemo(() => items
    .filter((i) => tab === "all" || i.kind === tab)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind)
      || (order.get(a.evidence.conversationId) ?? "").localeCompare(order.get(b.evidence.conversationId) ?? "")
      || a.evidence.seq - b.evidence.seq), [items, tab, order]);

  return (
    <div className="items">
      <div className="tabs" role="tablist" aria-label="Item kinds">
        <button type="button" role="tab" aria-selected={tab === "all"} className={`tab${tab === "all" ? " is-active" : ""}`} onClick={() => setTab("all")}>
          All <span className="tab-count">{items.length}</span>
        </button>
        {counts.map(([k, n]) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`tab${tab === k ? " is-active" : ""}`} onClick={() => setTab(k)}>
            {kindLabel(k)} <span className="tab-count">{n}</span>
          </button>
        ))}
      </div>
      {reviews.lastDismissed && (
        <div className="items-undo" data-testid="undo-dismiss">
          <Alert tone={reviews.undoError ? "error" : "info"} onClose={reviews.closeUndo}>
            {reviews.undoError ?? <>Dismissed “{itemText(reviews.lastDismissed, resolve)}”.</>}{" "}
            <button type="button" className="link-button undo-button" onClick={reviews.handleUndo}><UndoIcon size={12} /> Undo</button>
          </Alert>
        </div>
      )}
      <div className="items-list" role="tabpanel">
        {shown.map((i, idx) => {
          const prev = shown[idx - 1];
          const heading = tab === "all" && (!prev || prev.kind !== i.kind);
          return (
            <div key={i.id} className="items-entry">
              {heading && <h3 className="items-group-title">{kindLabel(i.kind)} <span className="muted">{counts.find(([k]) => k === i.kind)?.[1]}</span></h3>}
              <ItemRow item={i} tz={tz} resolve={resolve} showKind={false}
                conversation={onSelect ? undefined : convById.get(i.evidence.conversationId)}
                onSelect={onSelect} active={activeSeq != null && activeSeq === i.evidence.seq}
                actions={isReviewable ? <ItemActions item={i} people={people} onReview={reviews.handleReview} onInternal={reviews.handleInternal} /> : undefined} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
