// What each audience may see, no I/O. ours: everything (internal content marked). partner: nothing internal —
// no internal utterance, item, recap line, or evidence quote taken from an internal utterance. buyer: only
// agreed recaps (no internal or partner-only lines, no evidence) and the buyer side's own open commitments.
import type { Side } from "../../shared/sides.ts";
import type { ShareAudience } from "./sharing.schemas.ts";

export interface Evidence { at: string; speaker: string | null; quote: string }
export interface SharedUtterance { at: string; speaker: string | null; side: Side | null; text: string; internal: boolean }
export interface SharedConversation {
  title: string; kind: string; startedAt: string; internal: boolean;
  speakers: Array<{ name: string; side: Side | null }>; utterances: SharedUtterance[];
}
export interface SharedRecapLine {
  section: string; text: string; side: Side | null; owner: string | null; due: string | null; internal: boolean;
  /** Set on a stored line the selling sides keep between themselves: never in the buyer's rendering. */
  partnerOnly?: boolean;
  /** `internal`: the quote comes from an internal-only utterance (dropped for the partner and the buyer). */
  evidence: Array<{ speaker: string | null; quote: string; internal: boolean }>;
}
export interface SharedRecap { title: string; date: string; version: number; status: string; internal: boolean; lines: SharedRecapLine[] }
interface ItemBase { conversation: string; internal: boolean; evidence: Evidence }
export interface SharedCommitment extends ItemBase { text: string | null; owner: string | null; side: Side | null; due: string | null; status: string; occurredAt: string | null }
export interface SharedObjection extends ItemBase { topic: string | null; raisedBy: string | null; resolvedBy: string | null }
export interface SharedDecision extends ItemBase { text: string | null }
export interface SharedStakeholder extends ItemBase { name: string | null; title: string | null; org: string | null; role: string | null }
export interface SharedRisk extends ItemBase { type: string | null; text: string | null }

export interface SharedRecord {
  audience: ShareAudience;
  generatedAt: string;
  deal: {
    name: string; stage: string | null; motion: string | null; buyer: string | null; partners: string[];
    amount: number | null; currency: string | null; timezone: string | null;
  };
  conversations: SharedConversation[];
  recaps: SharedRecap[];
  commitments: SharedCommitment[];
  objections: SharedObjection[];
  decisions: SharedDecision[];
  stakeholders: SharedStakeholder[];
  risks: SharedRisk[];
}

/** Recap lines the buyer never sees: internal ones, and lines the selling sides keep between themselves. */
export function isBuyerVisibleLine(l: { internal: boolean; partnerOnly?: boolean; audience?: string }): boolean {
  // `partnerOnly` / audience "selling-sides" are honoured when present on a stored line (no editor sets them yet).
  return !l.internal && l.partnerOnly !== true && l.audience !== "selling-sides";
}

/** The full (ours) record narrowed for an audience. Pure: the service builds `full` with internal flags set. */
export function narrowRecord(full: SharedRecord, audience: ShareAudience): SharedRecord {
  if (audience === "ours") return { ...full, audience };
  const dropInternal = <T extends { internal: boolean }>(xs: T[]) => xs.filter((x) => !x.internal);
  if (audience === "partner") {
    return {
      ...full, audience,
      conversations: dropInternal(full.conversations).map((c) => ({ ...c, utterances: dropInternal(c.utterances) })),
      recaps: dropInternal(full.recaps).map((r) => ({ ...r, lines: dropInternal(r.lines).map((l) => ({ ...l, evidence: dropInternal(l.evidence) })) })),
      commitments: dropInternal(full.commitments), objections: dropInternal(full.objections), decisions: dropInternal(full.decisions),
      stakeholders: dropInternal(full.stakeholders), risks: dropInternal(full.risks),
    };
  }
  return {
    audience, generatedAt: full.generatedAt,
    deal: { name: full.deal.name, stage: null, motion: null, buyer: full.deal.buyer, partners: full.deal.partners, amount: null, currency: null, timezone: full.deal.timezone },
    conversations: [],
    recaps: full.recaps.filter((r) => !r.internal).map((r) => ({ ...r, lines: r.lines.filter((l) => isBuyerVisibleLine(l)).map((l) => ({ ...l, evidence: [] })) })),
    commitments: full.commitments.filter((c) => !c.internal && c.side === "buyer" && (c.status === "open" || c.status === "overdue")),
    objections: [], decisions: [], stakeholders: [], risks: [],
  };
}
