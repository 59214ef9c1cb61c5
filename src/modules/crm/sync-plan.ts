// What one connection may receive about one deal, no I/O: the deal (fields, MEDDICC and attribution through
// the connection's field mapping), agreed recaps as notes, and the connection side's commitments as tasks.
// A partner's CRM gets only what the partner may see: no internal items, no internal utterances' words,
// no internal recap lines, only the partner side's commitments.
import { createHash } from "node:crypto";
import type { CrmContact, CrmNote, CrmOperation, CrmTask } from "./crm.types.ts";
import { buildMeddicc, mapCustomFields, meddiccText, MEDDICC_FIELDS, type BatonField, type MeddiccItem } from "./meddicc.ts";

export type Side = "ours" | "partner" | "buyer";

export interface SyncItem extends MeddiccItem { isInternal: boolean }
export interface SyncCommitment { itemId: string; text: string | null; owner: string | null; side: Side | null; due: string | null; status: "open" | "overdue" | "done" | "dropped" }
export interface SyncRecapLine { section: string; text: string; internal: boolean }
export interface SyncRecap { id: string; conversationId: string; title: string; at: string; status: "draft" | "agreed" | "sent"; version: number; lines: SyncRecapLine[] }
export interface DealSnapshot {
  deal: { id: string; slug: string; name: string; stage: string; amount: number | null; currency: string | null; url: string };
  buyer: { id: string; name: string; domain: string | null } | null;
  contacts: Array<CrmContact & { side: Side | null }>;
  items: SyncItem[];
  /** "<conversationId>#<seq>" of utterances marked internal (their words never reach a partner). */
  internalUtterances: Set<string>;
  /** Conversations kept from partners as a whole (their items and recaps never reach a partner). */
  internalConversations: Set<string>;
  commitments: SyncCommitment[];
  recaps: SyncRecap[];
  attribution: { classification: "sourced" | "influenced" | "none"; partnerName: string | null } | null;
}
/**
 * fieldMapping: Baton field → CRM field name ("" switches it off), "stage:<Baton stage>" → the CRM's stage value,
 * and "closeDate:default" → the close date sent while Baton knows none (CRMs that require one).
 */
export interface SyncTarget { id: string; side: "ours" | "partner"; fieldMapping: Record<string, string> }

/** An operation without its key, plus what the outbox stores beside it. */
export interface PlannedOp { op: CrmOperation["op"]; batonId: string; contentHash: string; operation: Omit<CrmOperation, "idempotencyKey"> }

export const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** JSON with sorted keys, so equal content always hashes the same. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

export function planDealSync(s: DealSnapshot, target: SyncTarget): PlannedOp[] {
  const isPartner = target.side === "partner";
  const visible = (i: SyncItem) => !isPartner || (!i.isInternal && !s.internalConversations.has(i.conversationId) && !s.internalUtterances.has(`${i.conversationId}#${i.seq}`));
  const items = s.items.filter(visible);
  const visibleIds = new Set(items.map((i) => i.id));
  const meddicc = buildMeddicc(items);
  const values: Partial<Record<BatonField, string | null>> = {};
  for (const f of MEDDICC_FIELDS) { const v = meddicc[f]; values[`meddicc.${f}`] = v ? meddiccText(v) : null; }
  const a = s.attribution;
  values["attribution.classification"] = a ? a.classification : null;
  values["attribution.sourcedPartner"] = a?.classification === "sourced" ? a.partnerName : null;
  values["attribution.influencedPartner"] = a?.classification === "influenced" ? a.partnerName : null;

  const mine = s.commitments.filter((c) => c.side === target.side && visibleIds.has(c.itemId));
  const open = mine.filter((c) => c.status === "open" || c.status === "overdue").sort((x, y) => (x.due ?? "9999").localeCompare(y.due ?? "9999"));
  const ops: PlannedOp[] = [];
  const push = (op: PlannedOp["op"], batonId: string, operation: Omit<CrmOperation, "idempotencyKey">) =>
    ops.push({ op, batonId, contentHash: sha(stableJson(operation)), operation });

  push("upsert-deal", s.deal.id, {
    op: "upsert-deal",
    account: s.buyer ? { batonId: s.buyer.id, name: s.buyer.name, domain: s.buyer.domain } : { batonId: `${s.deal.id}:account`, name: s.deal.name, domain: null },
    contacts: s.contacts.filter((c) => c.side === "buyer").map(({ side: _side, ...c }) => c),
    deal: {
      batonId: s.deal.id, name: s.deal.name, stage: target.fieldMapping[`stage:${s.deal.stage}`] || s.deal.stage, amount: s.deal.amount, currency: s.deal.currency,
      nextStep: open[0]?.text ?? null,
      // Baton keeps no close date; CRMs that require one (Salesforce) get the connection's configured default.
      closeDate: target.fieldMapping["closeDate:default"] || null, custom: mapCustomFields(values, target.fieldMapping), url: s.deal.url,
    },
  } as Omit<CrmOperation, "idempotencyKey">);

  for (const r of s.recaps) {
    if (r.status === "draft" || (isPartner && s.internalConversations.has(r.conversationId))) continue;
    const lines = r.lines.filter((l) => !isPartner || !l.internal);
    if (!lines.length) continue;
    const body = lines.map((l) => `[${l.section}] ${l.text}`).join("\n");
    const note: CrmNote = { batonId: r.id, title: `Recap: ${r.title}`, body, at: r.at, url: `${s.deal.url}/recaps/${r.id}` };
    push("upsert-note", r.id, { op: "upsert-note", dealBatonId: s.deal.id, note } as Omit<CrmOperation, "idempotencyKey">);
  }
  for (const c of mine) {
    const task: CrmTask = { batonId: c.itemId, subject: c.text ?? "Commitment", dueDate: c.due, ownerEmail: s.contacts.find((p) => p.name === c.owner)?.email ?? null, done: c.status === "done" || c.status === "dropped" };
    push("upsert-task", c.itemId, { op: "upsert-task", dealBatonId: s.deal.id, task } as Omit<CrmOperation, "idempotencyKey">);
  }
  return ops;
}

/**
 * Stable key of one change: the same content after the same predecessor is the same key (enqueued twice →
 * one row), while A → B → A again gets a new key because its predecessor differs.
 */
export function idempotencyKey(connectionId: string, p: Pick<PlannedOp, "op" | "batonId" | "contentHash">, previousKey: string | null): string {
  return `bt_${sha(`${connectionId}|${p.op}|${p.batonId}|${p.contentHash}|${previousKey ?? ""}`).slice(0, 40)}`;
}
