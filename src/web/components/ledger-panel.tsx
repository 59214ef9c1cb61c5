// The commitment ledger of a deal: unclear owners first (Take), then by side and owner, with status chips,
// due dates, the quote linking to the transcript, and the actions (done, reassign, re-date, drop, reopen; partner
// users on the partner's commitments only).
import { useMemo, useState } from "react";
import { ApiError, request } from "../api-client.ts";
import { useIsPartner } from "../auth.tsx";
import { formatDate, formatDateTime, SIDE_LABEL } from "../format.ts";
import { Link } from "../router.tsx";
import type { Person, Side } from "../types.ts";
import { useApi } from "../use-api.ts";
import { Alert, EmptyState, ErrorState, LoadingBlock, sideClass } from "./ui.tsx";

type Status = "open" | "overdue" | "done" | "dropped";
interface Evidence { conversationId: string; conversation: string; title: string; seq: number; at: string; occurredAt: string; speaker: string | null; quote: string }
interface History { type: string; at: string; by: string; personName?: string | null; due?: string | null; note?: string | null }
export interface LedgerEntry {
  itemId: string; ref: string; text: string | null; owner: string | null; ownerPersonId: string | null; side: Side | null;
  due: string | null; dueText: string | null; ownerUnclear: boolean; status: Status; closedAt: string | null; evidence: Evidence;
  fulfilment: { source: "conversation"; evidence: Evidence } | { source: "person"; by: string; note: string | null; at: string } | null;
  history: History[];
}
export interface DealLedger { deal: { id: string; name: string; timezone: string }; today: string; counts: Record<Status | "unclearOwner", number>; commitments: LedgerEntry[] }
type EventBody = { type: "done" | "reassign" | "redate" | "drop" | "reopen" | "take"; personId?: string; due?: string | null; note?: string };

const STATUS_TONE: Record<Status, string> = { open: "badge-info", overdue: "badge-bad", done: "badge-good", dropped: "badge-outline" };
const STATUS_LABEL: Record<Status, string> = { open: "Open", overdue: "Overdue", done: "Done", dropped: "Dropped" };
const SIDE_ORDER: Array<Side | null> = ["ours", "partner", "buyer", null];
const HISTORY_LABEL: Record<string, string> = {
  created: "Said", fulfilled: "Fulfilled in a conversation", done: "Marked done", reassign: "Reassigned", take: "Taken", redate: "Re-dated", drop: "Dropped", reopen: "Reopened",
};
const statusRank = (s: Status) => ["overdue", "open", "done", "dropped"].indexOf(s);
const evidenceHref = (e: Evidence) => `/conversations/${encodeURIComponent(e.conversationId)}#seq-${e.seq}`;

export const fetchDealLedger = (dealId: string, signal?: AbortSignal) =>
  request<DealLedger>("GET", `/api/deals/${encodeURIComponent(dealId)}/ledger`, undefined, { signal });
const postLedgerEvent = (itemId: string, body: EventBody) =>
  request<{ commitment: LedgerEntry }>("POST", `/api/ledger/${encodeURIComponent(itemId)}/events`, body);

export function LedgerPanel({ dealId, tz, people }: { dealId: string; tz: string; people: Person[] }) {
  const ledger = useApi((signal) => fetchDealLedger(dealId, signal), [dealId]);
  const [error, setError] = useState<string | null>(null);
  const act = async (itemId: string, body: EventBody) => {
    setError(null);
    try {
      await postLedgerEvent(itemId, body);
      ledger.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const groups = useMemo(() => {
    const entries = ledger.data?.commitments ?? [];
    const unclear = entries.filter((e) => e.ownerUnclear && (e.status === "open" || e.status === "overdue"));
    const rest = entries.filter((e) => !unclear.includes(e));
    const bySide = SIDE_ORDER.map((side) => {
      const mine = rest.filter((e) => (e.side ?? null) === side);
      const owners = new Map<string, LedgerEntry[]>();
      for (const e of mine) { const k = e.owner ?? "Owner unclear"; (owners.get(k) ?? owners.set(k, []).get(k)!).push(e); }
      return {
        side, owners: [...owners.entries()].sort((a, b) => a[0].localeCompare(b[0]))
          .map(([owner, list]) => ({ owner, list: list.sort((a, b) => statusRank(a.status) - statusRank(b.status) || (a.due ?? "9").localeCompare(b.due ?? "9")) })),
      };
    }).filter((g) => g.owners.length);
    return { unclear, bySide };
  }, [ledger.data]);

  if (ledger.state === "loading" && !ledger.data) return <LoadingBlock label="Loading the ledger…" rows={4} />;
  if (ledger.state === "error" && !ledger.data) return <ErrorState error={ledger.error} title="Could not load the ledger" onRetry={ledger.reload} />;
  const data = ledger.data!;
  if (!data.commitments.length) {
    return <EmptyState title="No commitments yet"><p>Commitments appear here once conversations are processed, each pinned to the words that made it.</p></EmptyState>;
  }
  const c = data.counts;
  return (
    <div className="items" data-testid="ledger">
      <div className="item-meta" style={{ padding: "var(--sp-3) var(--sp-4)" }}>
        <span className="badge badge-bad">{c.overdue} overdue</span>
        <span className="badge badge-info">{c.open} open</span>
        <span className="badge badge-good">{c.done} done</span>
        <span className="badge badge-outline">{c.dropped} dropped</span>
        <span className="muted small">as of {formatDate(data.today)}</span>
      </div>
      {error && <div style={{ padding: "0 var(--sp-4)" }}><Alert onClose={() => setError(null)}>{error}</Alert></div>}
      <div className="items-list">
        {groups.unclear.length > 0 && (
          <div className="items-entry" data-testid="ledger-unclear">
            <div className="items-group-title">Owner unclear · someone has to take these</div>
            {groups.unclear.map((e) => <LedgerRow key={e.itemId} entry={e} tz={tz} people={people} onAct={act} />)}
          </div>
        )}
        {groups.bySide.map((g) => g.owners.map(({ owner, list }) => (
          <div className="items-entry" key={`${g.side}-${owner}`} data-testid={`ledger-${g.side ?? "unknown"}`}>
            <div className="items-group-title">{g.side ? SIDE_LABEL[g.side] : "Side unknown"} · {owner}</div>
            {list.map((e) => <LedgerRow key={e.itemId} entry={e} tz={tz} people={people} onAct={act} />)}
          </div>
        )))}
      </div>
    </div>
  );
}

function LedgerRow({ entry: e, tz, people, onAct }: { entry: LedgerEntry; tz: string; people: Person[]; onAct: (itemId: string, body: EventBody) => Promise<void> }) {
  // Our side changes statuses, owners and dates; partner users record progress on the partner's own commitments
  // (handing them only to partner-side people). The API refuses the rest for them.
  const isPartner = useIsPartner();
  const canAct = !isPartner || e.side === "partner";
  const owners = isPartner ? people.filter((p) => p.side === "partner") : people;
  const [mode, setMode] = useState<"reassign" | "redate" | null>(null);
  const [personId, setPersonId] = useState("");
  const [due, setDue] = useState(e.due ?? "");
  const [busy, setBusy] = useState(false);
  const run = async (body: EventBody) => { setBusy(true); try { await onAct(e.itemId, body); setMode(null); } finally { setBusy(false); } };
  const isOpen = e.status === "open" || e.status === "overdue";
  const last = e.history[e.history.length - 1];
  return (
    <div className="item-row" data-testid="ledger-row" data-status={e.status} data-item-id={e.itemId} data-side={e.side ?? "unknown"}>
      <div className="item-main">
        <span className={`badge ${STATUS_TONE[e.status]}`}>{STATUS_LABEL[e.status]}</span>
        <span className="item-text" style={e.status === "dropped" ? { textDecoration: "line-through", color: "var(--n-500)" } : undefined}>{e.text ?? e.evidence.quote}</span>
        {e.due && <span className="item-due" title={e.dueText ?? undefined}>Due {formatDate(e.due)}</span>}
      </div>
      <div className="item-meta">
        {e.ownerUnclear || !e.owner
          ? <span className="item-owner side-unknown"><span className="dot" aria-hidden="true" />Owner unclear</span>
          : <span className={`item-owner ${sideClass(e.side)}`}><span className="dot" aria-hidden="true" />{e.owner}{e.side && <span className="muted">· {SIDE_LABEL[e.side]}</span>}</span>}
        {last && last.type !== "created" && (
          <span className="item-sub">{HISTORY_LABEL[last.type] ?? last.type}{last.personName ? ` → ${last.personName}` : ""}{last.type === "redate" && last.due ? ` → ${formatDate(last.due)}` : ""} · {formatDateTime(last.at, tz)}</span>
        )}
      </div>
      <Link className="evidence evidence-link" to={evidenceHref(e.evidence)} title="Open in transcript">
        <span className="evidence-quote">“{e.evidence.quote}”</span>
        <span className="evidence-meta">{e.evidence.speaker ?? "Unknown speaker"} · {e.evidence.at.slice(0, 8)} · {e.evidence.title}</span>
      </Link>
      {e.fulfilment?.source === "conversation" && (
        <Link className="evidence evidence-link" to={evidenceHref(e.fulfilment.evidence)} title="The words that closed it" style={{ borderLeftColor: "var(--good-200)" }}>
          <span className="evidence-quote">Done: “{e.fulfilment.evidence.quote}”</span>
          <span className="evidence-meta">{e.fulfilment.evidence.speaker ?? "Unknown speaker"} · {e.fulfilment.evidence.title}</span>
        </Link>
      )}
      {e.fulfilment?.source === "person" && e.fulfilment.note && <div className="evidence"><span className="evidence-quote">Done: {e.fulfilment.note}</span></div>}
      {mode === "reassign" && (
        <div className="item-edit">
          <label className="item-edit-field">
            <span className="field-label">Owner</span>
            <select className="select input-sm" value={personId} onChange={(ev) => setPersonId(ev.target.value)} aria-label="New owner">
              <option value="">Choose a person…</option>
              {owners.map((p) => <option key={p.id} value={p.id}>{p.name}{p.side ? ` · ${SIDE_LABEL[p.side]}` : ""}</option>)}
            </select>
          </label>
          <div className="item-edit-buttons">
            <button type="button" className="btn btn-primary btn-sm" disabled={!personId || busy} onClick={() => run({ type: "reassign", personId })}>Reassign</button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </div>
      )}
      {mode === "redate" && (
        <div className="item-edit">
          <label className="item-edit-field">
            <span className="field-label">Due</span>
            <input type="date" className="input input-sm" value={due} onChange={(ev) => setDue(ev.target.value)} aria-label="New due date" />
          </label>
          <div className="item-edit-buttons">
            <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => run({ type: "redate", due: due || null })}>Save date</button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </div>
      )}
      {canAct && <div className="item-actions" role="group" aria-label="Ledger actions">
        {isOpen && e.ownerUnclear && !isPartner && <button type="button" className="btn btn-primary btn-xs" disabled={busy} onClick={() => run({ type: "take" })}>Take</button>}
        {isOpen && <button type="button" className="btn btn-ghost btn-xs" disabled={busy} onClick={() => run({ type: "done" })}>Done</button>}
        {isOpen && <button type="button" className="btn btn-ghost btn-xs" disabled={busy} onClick={() => setMode(mode === "reassign" ? null : "reassign")}>Reassign</button>}
        {isOpen && <button type="button" className="btn btn-ghost btn-xs" disabled={busy} onClick={() => setMode(mode === "redate" ? null : "redate")}>Re-date</button>}
        {isOpen && <button type="button" className="btn btn-quiet-danger btn-xs" disabled={busy} onClick={() => run({ type: "drop" })}>Drop</button>}
        {!isOpen && <button type="button" className="btn btn-ghost btn-xs" disabled={busy} onClick={() => run({ type: "reopen" })}>Reopen</button>}
      </div>}
    </div>
  );
}
