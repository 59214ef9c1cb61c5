// The evidence trail of a deal's attribution: the rule engine's dated events, each joined to the words that
// prove it (a quote with its conversation, seq and offset, or the email's headers and text), plus people's
// claims (registrations, notes). Pure, no I/O.
import type { Side } from "../../shared/sides.ts";
import type { Attribution, TrailEvent } from "./attribution.ts";

export interface EvidenceQuote {
  /** Conversation id, or null for a person's claim. */
  conversationId: string | null;
  /** The source file ("01-discovery.vtt"), or "claim". */
  file: string;
  title: string;
  kind: "call" | "email" | "notes" | "claim";
  seq: number | null;
  /** Offset into the conversation, "HH:MM:SS.mmm", or null for emails and claims. */
  offset: string | null;
  /** When the words were said or sent (ISO). */
  occurredAt: string | null;
  speaker: string | null;
  side: Side | null;
  quote: string;
}

export type TrailKind = TrailEvent["kind"] | "partner_commitment_late" | "claim_registration" | "claim_note";

export interface TrailEntry {
  id: string;
  kind: TrailKind;
  at: string | null;
  text: string;
  ref: string | null;
  /** Whether the workspace's rules counted this entry towards the classification. */
  counts: boolean;
  evidence: EvidenceQuote[];
  details?: Record<string, unknown>;
}

export interface Claim { id: string; kind: "registration" | "note"; text: string; actor: string; actorName: string | null; actorSide: Side | null; at: string }

/** Evidence gathered from the record, keyed by the rule engine's event kind and ref. */
export interface EvidenceIndex {
  byKey: Map<string, { evidence: EvidenceQuote[]; details?: Record<string, unknown> }>;
  /** Entries the rules do not produce but the trail shows (late partner deliveries). */
  extra: Array<Omit<TrailEntry, "id">>;
}

export const evidenceKey = (kind: string, ref: string | null, name?: string) => `${kind}|${ref ?? ""}${name ? `|${name}` : ""}`;

const time = (iso: string | null) => (iso ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso) : NaN);

/** Joins the computed trail to its evidence and appends claims, oldest first (undated last). */
export function buildTrail(a: Attribution, index: EvidenceIndex, claims: Claim[]): TrailEntry[] {
  const entries: Array<Omit<TrailEntry, "id">> = a.trail.map((e) => {
    const name = e.kind === "partner_brought_stakeholder" ? e.text.replace(/^Partner brought in /, "") : undefined;
    const found = index.byKey.get(evidenceKey(e.kind, e.ref, name));
    return { kind: e.kind, at: (found?.details?.at as string | undefined) ?? e.at, text: e.text, ref: e.ref, counts: e.kind !== "our_first_contact",
      evidence: found?.evidence ?? [], ...(found?.details ? { details: found.details } : {}) };
  });
  entries.push(...index.extra);
  for (const c of claims) {
    entries.push({
      kind: c.kind === "registration" ? "claim_registration" : "claim_note", at: c.at, ref: `claim:${c.id}`, counts: false,
      text: `${c.actorName ?? c.actor} ${c.kind === "registration" ? "registered the deal" : "added a note"}: ${c.text}`,
      evidence: [{ conversationId: null, file: "claim", title: c.kind === "registration" ? "Deal registration" : "Note", kind: "claim", seq: null, offset: null,
        occurredAt: c.at, speaker: c.actorName ?? c.actor, side: c.actorSide, quote: c.text }],
    });
  }
  const sorted = entries.map((e, i) => ({ e, i })).sort((x, y) => {
    const d = (time(x.e.at) || Infinity) - (time(y.e.at) || Infinity);
    return Number.isNaN(d) || d === 0 ? x.i - y.i : d;
  });
  return sorted.map(({ e }, i) => ({ id: `t${i + 1}`, ...e }));
}
