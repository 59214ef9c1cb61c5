// The deal's shared record for one audience (ours | partner | buyer): gathered once with internal flags set on
// every piece, then narrowed by the pure rules in shared-record.ts.
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { listItems, type StoredItem } from "../extraction/index.ts";
import { getDealLedger } from "../ledger/index.ts";
import { approvalState, listDealRecaps } from "../recap/index.ts";
import { formatAt } from "../record/index.ts";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import { narrowRecord, type SharedRecord } from "./shared-record.ts";
import type { ShareAudience } from "./sharing.schemas.ts";

export interface SharedRecordOptions {
  /** Include each conversation's utterances (the transcript) for ours and partner; default true. */
  includeUtterances?: boolean;
}

const str = (v: unknown): string | null => (v == null ? null : String(v));

export async function buildSharedRecord(deps: Deps, dealIdOrSlug: string, audience: ShareAudience, opts: SharedRecordOptions = {}): Promise<SharedRecord> {
  const deal = await getDeal(deps, dealIdOrSlug);
  const [convs, items, ledger, recaps] = await Promise.all([
    listConversationSummaries(deps, deal.id), listItems(deps, { dealId: deal.id }), getDealLedger(deps, deal.id), listDealRecaps(deps, deal.id),
  ]);
  const utterancesOf = new Map(await Promise.all(convs.map(async (c) => [c.id, await listUtterances(deps, c.id)] as const)));
  // A conversation is internal when it is flagged so (whole-conversation marking) or every utterance is; a call held
  // for recording consent is too, so it reaches no partner or buyer until every speaker's consent is recorded.
  const isConvInternal = new Map(convs.map((c) => {
    const us = utterancesOf.get(c.id) ?? [];
    return [c.id, c.isInternal || c.heldForConsent || (us.length > 0 && us.every((u) => u.isInternal))] as const;
  }));
  const isSeqInternal = (conversationId: string, seq: number) =>
    isConvInternal.get(conversationId) === true || (utterancesOf.get(conversationId)?.find((u) => u.seq === seq)?.isInternal ?? false);
  const titleOf = new Map(convs.map((c) => [c.id, c.title]));
  const isItemInternal = (i: StoredItem) => i.isInternal || isSeqInternal(i.conversationId, i.seq);
  const eff = (i: StoredItem) => ({ ...i.data, ...(i.humanData ?? {}) }) as Record<string, unknown>;
  const base = (i: StoredItem) => ({
    conversation: titleOf.get(i.conversationId) ?? "", internal: isItemInternal(i), evidence: { at: formatAt(i.atMs), speaker: i.speaker, quote: i.quote },
  });
  const ofKind = (k: StoredItem["kind"]) => items.filter((i) => i.kind === k);
  const itemById = new Map(items.map((i) => [i.id, i]));

  const full: SharedRecord = {
    audience: "ours",
    generatedAt: deps.clock.now().toISOString(),
    deal: {
      name: deal.name, stage: deal.stage ?? null, motion: deal.motion ?? null, buyer: deal.buyer?.name ?? null, partners: deal.partners.map((p) => p.name),
      amount: deal.amount ?? null, currency: deal.currency ?? null, timezone: deal.timezone ?? null,
    },
    conversations: convs.map((c) => ({
      title: c.title, kind: c.kind, startedAt: c.startedAt, internal: isConvInternal.get(c.id) === true,
      speakers: c.speakers.map((s) => ({ name: s.name ?? s.label, side: s.side })),
      utterances: opts.includeUtterances === false ? [] : (utterancesOf.get(c.id) ?? []).map((u) => ({
        at: formatAt(u.startMs), speaker: u.speakerName, side: u.side, text: u.text, internal: u.isInternal,
      })),
    })),
    recaps: recaps.filter((r) => approvalState(r.approvals, r.version).isAgreed).map((r) => ({
      title: titleOf.get(r.conversationId) ?? "", date: convs.find((c) => c.id === r.conversationId)?.startedAt ?? r.createdAt,
      version: r.version, status: r.status, internal: isConvInternal.get(r.conversationId) === true,
      lines: r.lines.map((l) => ({
        section: l.section, text: l.text, side: l.side ?? null, owner: l.owner ?? null, due: l.due ?? null, internal: l.internal,
        ...((l as { partnerOnly?: boolean }).partnerOnly === true ? { partnerOnly: true } : {}),
        evidence: l.evidence.map((e) => ({ speaker: e.speaker, quote: e.quote, internal: isSeqInternal(e.conversationId, e.seq) })),
      })),
    })),
    // The ledger gives each commitment's status; the item says whether it is internal.
    commitments: ledger.commitments.flatMap((e) => {
      const item = itemById.get(e.itemId);
      if (!item) return [];
      return [{
        ...base(item), text: e.text, owner: e.owner, side: (e.side ?? null) as Side | null, due: e.due, status: e.status, occurredAt: e.evidence.occurredAt ?? null,
      }];
    }),
    objections: ofKind("objection").map((i) => { const d = eff(i); return { ...base(i), topic: str(d.topic), raisedBy: str(d.raisedBy), resolvedBy: str(d.resolvedBy) }; }),
    decisions: ofKind("decision").map((i) => ({ ...base(i), text: str(eff(i).text) ?? i.quote })),
    stakeholders: ofKind("stakeholder").map((i) => { const d = eff(i); return { ...base(i), name: str(d.name), title: str(d.title), org: str(d.org), role: str(d.role) }; }),
    risks: ofKind("risk").map((i) => { const d = eff(i); return { ...base(i), type: str(d.type), text: str(d.text) }; }),
  };
  return narrowRecord(full, audience);
}
