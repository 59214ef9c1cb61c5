// Ledger maths, no I/O: a commitment's status and history folded from its extraction (created, fulfilled)
// and the people's events (done, reassign, re-date, drop, reopen, take).
import type { Side } from "../../shared/sides.ts";
import { toZonedYmd } from "../../shared/zoned-date.ts";

export const LEDGER_STATUSES = ["open", "overdue", "done", "dropped"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const LEDGER_EVENT_TYPES = ["done", "reassign", "redate", "drop", "reopen", "take"] as const;
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];
export type HistoryType = "created" | "fulfilled" | LedgerEventType;

export interface LedgerConversation { id: string; file: string; title: string; startedAt: string }

export interface LedgerEvidence {
  conversationId: string; conversation: string; title: string; seq: number;
  /** Offset into the conversation, "HH:MM:SS.mmm". */
  at: string;
  /** When it was said (conversation start + offset), ISO. */
  occurredAt: string;
  speaker: string | null; quote: string;
}

/** A commitment item as the ledger reads it (human corrections already applied to the data). */
export interface CommitmentIn {
  itemId: string; dealId: string; localId: string; conversation: LedgerConversation;
  text: string | null; owner: string | null; ownerPersonId: string | null; side: Side | null;
  due: string | null; dueText: string | null; ownerUnclear: boolean; confidence: number | null;
  seq: number; atMs: number; speaker: string | null; quote: string;
  /** When extraction stored it. */
  recordedAt: string;
}
export interface FulfilmentIn {
  itemId: string; dealId: string; commitmentRef: string; conversation: LedgerConversation;
  seq: number; atMs: number; speaker: string | null; quote: string; recordedAt: string;
}
export interface LedgerEventIn {
  id: string; dealId: string; itemId: string; type: LedgerEventType; actor: string;
  personId: string | null; personName: string | null; personSide: Side | null; due: string | null; note: string | null; at: string;
}

export interface HistoryEntry {
  type: HistoryType; at: string; by: string;
  personId?: string | null; personName?: string | null; side?: Side | null;
  due?: string | null; previousDue?: string | null; previousOwner?: string | null; note?: string | null;
  evidence?: LedgerEvidence;
}

export type LedgerFulfilment =
  | { source: "conversation"; itemId: string; evidence: LedgerEvidence }
  | { source: "person"; by: string; note: string | null; at: string };

export interface LedgerEntry {
  itemId: string; dealId: string; ref: string; localId: string;
  text: string | null; owner: string | null; ownerPersonId: string | null; side: Side | null;
  due: string | null; dueText: string | null; ownerUnclear: boolean; confidence: number | null;
  status: LedgerStatus;
  /** When it became done or dropped as far as Baton knows (ISO), else null. */
  closedAt: string | null;
  evidence: LedgerEvidence;
  fulfilment: LedgerFulfilment | null;
  history: HistoryEntry[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
export function formatOffset(ms: number): string {
  const h = Math.floor(ms / 3_600_000), m = Math.floor((ms % 3_600_000) / 60_000), s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

export function toEvidence(c: LedgerConversation, x: { seq: number; atMs: number; speaker: string | null; quote: string }): LedgerEvidence {
  return {
    conversationId: c.id, conversation: c.file, title: c.title, seq: x.seq, at: formatOffset(x.atMs),
    occurredAt: new Date(new Date(c.startedAt).getTime() + x.atMs).toISOString(), speaker: x.speaker, quote: x.quote,
  };
}

export const commitmentRef = (c: Pick<CommitmentIn, "conversation" | "localId">) => `${c.conversation.file}#${c.localId}`;
const maxIso = (a: string, b: string) => (a > b ? a : b);

/** The calendar day (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDate(at: Date, timeZone: string): string {
  return toZonedYmd(at, timeZone);
}

/**
 * Folds one commitment's story in the order Baton learnt it. Extraction's facts are ordered by when they
 * became known (the later of "said" and "stored"), so a fulfilment found in a conversation imported after
 * a person reopened the commitment closes it again, while an old one does not undo the reopen.
 */
export function foldCommitment(c: CommitmentIn, fulfilments: FulfilmentIn[], events: LedgerEventIn[], opts: { today: string }): LedgerEntry {
  const evidence = toEvidence(c.conversation, c);
  type Step = { key: string; rank: number; apply: () => void };
  const steps: Step[] = [];
  const history: HistoryEntry[] = [];
  let status: "open" | "done" | "dropped" = "open";
  let closedAt: string | null = null;
  let fulfilment: LedgerFulfilment | null = null;
  let owner = c.owner, ownerPersonId = c.ownerPersonId, side = c.side, due = c.due, ownerUnclear = c.ownerUnclear;

  // The entry's own evidence is the "created" step's: not repeated here (a 500-commitment ledger stays small).
  history.push({ type: "created", at: evidence.occurredAt, by: c.speaker ?? "extraction", personId: c.ownerPersonId, personName: c.owner, side: c.side, due: c.due });
  for (const f of fulfilments) {
    const ev = toEvidence(f.conversation, f);
    const known = maxIso(ev.occurredAt, f.recordedAt);
    steps.push({ key: known, rank: 0, apply: () => {
      history.push({ type: "fulfilled", at: ev.occurredAt, by: "extraction", evidence: ev });
      if (status !== "done") { status = "done"; closedAt = known; fulfilment = { source: "conversation", itemId: f.itemId, evidence: ev }; }
    } });
  }
  for (const e of events) {
    steps.push({ key: e.at, rank: 1, apply: () => {
      const h: HistoryEntry = { type: e.type, at: e.at, by: e.actor, note: e.note };
      switch (e.type) {
        case "done": status = "done"; closedAt = e.at; fulfilment = { source: "person", by: e.actor, note: e.note, at: e.at }; break;
        case "drop": status = "dropped"; closedAt = e.at; fulfilment = null; break;
        case "reopen": status = "open"; closedAt = null; fulfilment = null; break;
        case "redate": h.previousDue = due; h.due = e.due; due = e.due; break;
        case "reassign": case "take":
          h.previousOwner = owner; h.personId = e.personId; h.personName = e.personName; h.side = e.personSide;
          owner = e.personName; ownerPersonId = e.personId; side = e.personSide ?? side; ownerUnclear = false; break;
      }
      history.push(h);
    } });
  }
  steps.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.rank - b.rank));
  for (const s of steps) s.apply();
  const shown: LedgerStatus = status === "open" && due != null && due < opts.today ? "overdue" : status;
  return {
    itemId: c.itemId, dealId: c.dealId, ref: commitmentRef(c), localId: c.localId, text: c.text, owner, ownerPersonId, side,
    due, dueText: c.dueText, ownerUnclear, confidence: c.confidence, status: shown, closedAt, evidence, fulfilment, history,
  };
}

/** Unclear owners first (someone has to take them), then by when they were said. */
export function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  if (a.ownerUnclear !== b.ownerUnclear) return a.ownerUnclear ? -1 : 1;
  if (a.evidence.occurredAt !== b.evidence.occurredAt) return a.evidence.occurredAt < b.evidence.occurredAt ? -1 : 1;
  return a.localId.length - b.localId.length || (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0);
}

/** Builds every entry of a deal: fulfilments are matched to commitments by their "<file>#cN" ref. */
export function buildLedger(input: { commitments: CommitmentIn[]; fulfilments: FulfilmentIn[]; events: LedgerEventIn[]; today: string }): LedgerEntry[] {
  const fByRef = new Map<string, FulfilmentIn[]>();
  for (const f of input.fulfilments) (fByRef.get(f.commitmentRef) ?? fByRef.set(f.commitmentRef, []).get(f.commitmentRef)!).push(f);
  const eByItem = new Map<string, LedgerEventIn[]>();
  for (const e of input.events) (eByItem.get(e.itemId) ?? eByItem.set(e.itemId, []).get(e.itemId)!).push(e);
  return input.commitments
    .map((c) => foldCommitment(c, fByRef.get(commitmentRef(c)) ?? [], eByItem.get(c.itemId) ?? [], { today: input.today }))
    .sort(compareEntries);
}

export function countStatuses(entries: LedgerEntry[]): Record<LedgerStatus, number> & { unclearOwner: number } {
  const n = { open: 0, overdue: 0, done: 0, dropped: 0, unclearOwner: 0 };
  for (const e of entries) { n[e.status]++; if (e.ownerUnclear && (e.status === "open" || e.status === "overdue")) n.unclearOwner++; }
  return n;
}

/** Whether a person's event changes anything; a no-op (closing what is closed) is refused. */
export function checkTransition(status: LedgerStatus, type: LedgerEventType): string | null {
  if (type === "done" && status === "done") return "This commitment is already done";
  if (type === "drop" && status === "dropped") return "This commitment is already dropped";
  if (type === "reopen" && (status === "open" || status === "overdue")) return "This commitment is already open";
  return null;
}
