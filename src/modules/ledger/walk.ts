// The weekly ledger walk, assembled from ledger entries and risks (no I/O): open by side and owner,
// overdue, due this week, done since the last walk, new risks — each with a link to its evidence.
import type { Side } from "../../shared/sides.ts";
import { toEvidence, type LedgerEntry, type LedgerEvidence, type LedgerStatus } from "./ledger.ts";
import type { RiskIn } from "./ledger.repo.ts";

export interface WalkDeal { id: string; slug: string; name: string }
export interface WalkItem {
  deal: WalkDeal; itemId: string; ref: string; text: string | null; owner: string | null; ownerPersonId: string | null;
  side: Side | null; due: string | null; status: LedgerStatus; ownerUnclear: boolean; closedAt: string | null;
  evidence: LedgerEvidence; link: string;
}
export interface WalkRisk { deal: WalkDeal; itemId: string; type: string | null; text: string | null; evidence: LedgerEvidence; link: string }
export interface WalkOwnerGroup { side: Side | null; owner: string | null; ownerPersonId: string | null; items: WalkItem[] }

export interface Walk {
  scope: { kind: "deal" | "partner"; id: string; name: string };
  week: string; monday: string; sunday: string; timezone: string;
  /** The walk looks at the ledger as of this instant (now, or the end of a past week). */
  asOf: string;
  /** "Done since the last walk" and "new risks" count from here: the previous walk, else the week's start. */
  since: string; lastWalkAt: string | null;
  deals: WalkDeal[];
  counts: { open: number; overdue: number; dueThisWeek: number; doneSinceLastWalk: number; newRisks: number; unclearOwner: number };
  openByOwner: WalkOwnerGroup[];
  overdue: WalkItem[]; dueThisWeek: WalkItem[]; doneSinceLastWalk: WalkItem[]; newRisks: WalkRisk[];
}

export const evidenceLink = (e: Pick<LedgerEvidence, "conversationId" | "seq">) => `/conversations/${encodeURIComponent(e.conversationId)}#seq-${e.seq}`;
const SIDE_ORDER: Array<Side | null> = ["ours", "partner", "buyer", null];
const byDue = (a: WalkItem, b: WalkItem) => (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.evidence.occurredAt.localeCompare(b.evidence.occurredAt);

export interface WalkInput {
  scope: Walk["scope"]; week: string; monday: string; sunday: string; timezone: string; asOf: Date; since: Date; lastWalkAt: string | null;
  deals: Array<{ deal: WalkDeal; entries: LedgerEntry[]; risks: RiskIn[] }>;
}

export function assembleWalk(w: WalkInput): Walk {
  const since = w.since.toISOString(), asOf = w.asOf.toISOString();
  const inWindow = (t: string | null) => t != null && t > since && t <= asOf;
  const items: WalkItem[] = [];
  const newRisks: WalkRisk[] = [];
  for (const { deal, entries, risks } of w.deals) {
    for (const e of entries) {
      items.push({
        deal, itemId: e.itemId, ref: e.ref, text: e.text, owner: e.owner, ownerPersonId: e.ownerPersonId, side: e.side, due: e.due,
        status: e.status, ownerUnclear: e.ownerUnclear, closedAt: e.closedAt, evidence: e.evidence, link: evidenceLink(e.evidence),
      });
    }
    for (const r of risks) {
      const evidence = toEvidence(r.conversation, r);
      const known = evidence.occurredAt > r.recordedAt ? evidence.occurredAt : r.recordedAt;
      if (inWindow(known)) newRisks.push({ deal, itemId: r.itemId, type: r.type, text: r.text, evidence, link: evidenceLink(evidence) });
    }
  }
  const open = items.filter((i) => i.status === "open" || i.status === "overdue");
  const groups = new Map<string, WalkOwnerGroup>();
  for (const i of open) {
    const owner = i.ownerUnclear ? null : i.owner;
    const key = `${i.side ?? ""}\0${i.ownerUnclear ? "" : i.ownerPersonId ?? owner ?? ""}`;
    const g = groups.get(key) ?? groups.set(key, { side: i.side, owner, ownerPersonId: i.ownerUnclear ? null : i.ownerPersonId, items: [] }).get(key)!;
    g.items.push(i);
  }
  const openByOwner = [...groups.values()].map((g) => ({ ...g, items: g.items.sort(byDue) })).sort((a, b) =>
    SIDE_ORDER.indexOf(a.side) - SIDE_ORDER.indexOf(b.side) || (a.owner == null ? -1 : b.owner == null ? 1 : a.owner.localeCompare(b.owner)));
  const overdue = open.filter((i) => i.status === "overdue").sort(byDue);
  const dueThisWeek = open.filter((i) => i.due != null && i.due >= w.monday && i.due <= w.sunday).sort(byDue);
  const doneSinceLastWalk = items.filter((i) => i.status === "done" && inWindow(i.closedAt)).sort((a, b) => a.closedAt!.localeCompare(b.closedAt!));
  newRisks.sort((a, b) => a.evidence.occurredAt.localeCompare(b.evidence.occurredAt));
  return {
    scope: w.scope, week: w.week, monday: w.monday, sunday: w.sunday, timezone: w.timezone, asOf, since, lastWalkAt: w.lastWalkAt,
    deals: w.deals.map((d) => d.deal),
    counts: {
      open: open.length, overdue: overdue.length, dueThisWeek: dueThisWeek.length, doneSinceLastWalk: doneSinceLastWalk.length,
      newRisks: newRisks.length, unclearOwner: open.filter((i) => i.ownerUnclear).length,
    },
    openByOwner, overdue, dueThisWeek, doneSinceLastWalk, newRisks,
  };
}
