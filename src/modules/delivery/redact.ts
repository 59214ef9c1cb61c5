// What of a deal is internal-only (utterances, items, recap lines, whole conversations), and the last check
// before anything leaves for the partner or the buyer: no internal words in what would be sent. Pure.
import { AppError } from "../../shared/errors.ts";
import { stringsOf, type DeliveryAudience } from "./render/doc.ts";

export interface InternalIndex {
  itemIds: Set<string>;
  /** `conversationId#seq` of internal utterances and of internal items' evidence. */
  locations: Set<string>;
  /** Conversations that are internal as a whole. */
  conversations: Set<string>;
  /** The internal words themselves (utterances, item quotes and texts, recap lines). */
  texts: string[];
}

export const emptyIndex = (): InternalIndex => ({ itemIds: new Set(), locations: new Set(), conversations: new Set(), texts: [] });
export const at = (conversationId: string, seq: number) => `${conversationId}#${seq}`;

/** True when evidence at this place must not reach the partner or the buyer. */
export function isInternalAt(idx: InternalIndex, conversationId: string, seq: number): boolean {
  return idx.conversations.has(conversationId) || idx.locations.has(at(conversationId, seq));
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();
/** Renderings shorten long lines ("…"), so the check looks for the start of each internal text too. */
const MIN_CHECK = 16, PREFIX = 48;

/**
 * Throws CONFLICT when anything meant for the partner or the buyer carries internal words. A safety net under
 * the filtering the renderers do: a bug there becomes a failed delivery, never a leak.
 */
export function assertNoInternal(idx: InternalIndex, audience: DeliveryAudience, ...values: unknown[]): void {
  if (audience === "ours") return;
  const needles = [...new Set(idx.texts.map(norm).filter((t) => t.length >= MIN_CHECK).map((t) => t.slice(0, PREFIX)))];
  if (!needles.length) return;
  const hay = values.flatMap((v) => stringsOf(v)).map((s) => norm(s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")));
  for (const n of needles) {
    if (hay.some((h) => h.includes(n))) {
      throw new AppError("CONFLICT", `Not sent: the ${audience} rendering would contain internal-only content`);
    }
  }
}
