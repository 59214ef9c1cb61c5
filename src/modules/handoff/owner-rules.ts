// Who owns a new intro and who backs them up. Pure, no I/O.
//  1. by hand, when the caller names the owner;
//  2. the partner's usual owner: whoever owns our most recent deal with that partner;
//  3. otherwise round robin over our people, continuing after the last round-robin pick.
// The backup is the next person in the rotation after the owner.

export type OwnerRule = "partner_usual" | "round_robin" | "manual" | "none";

export interface OwnerCandidate { id: string; name: string }

export interface PickOwnersInput {
  /** Our people who can own deals, in a stable order. */
  candidates: OwnerCandidate[];
  manual?: { ownerId?: string | null; backupId?: string | null };
  /** Owner of the most recent deal with this partner, if any. */
  partnerUsualOwnerId: string | null;
  /** Owner chosen by the last round-robin pick, if any. */
  lastRoundRobinOwnerId: string | null;
}

export interface PickedOwners { ownerId: string | null; backupId: string | null; rule: OwnerRule }

function nextAfter(candidates: OwnerCandidate[], id: string | null, skip: Set<string>): string | null {
  if (!candidates.length) return null;
  const start = id ? candidates.findIndex((c) => c.id === id) : -1;
  for (let i = 1; i <= candidates.length; i++) {
    const c = candidates[(start + i + candidates.length) % candidates.length];
    if (!skip.has(c.id)) return c.id;
  }
  return null;
}

export function pickOwners(input: PickOwnersInput): PickedOwners {
  const { candidates } = input;
  const backupFor = (ownerId: string | null) => (ownerId ? nextAfter(candidates, ownerId, new Set([ownerId])) : null);
  if (input.manual?.ownerId) {
    const backupId = input.manual.backupId !== undefined ? input.manual.backupId : backupFor(input.manual.ownerId);
    return { ownerId: input.manual.ownerId, backupId: backupId === input.manual.ownerId ? null : backupId, rule: "manual" };
  }
  if (input.partnerUsualOwnerId) {
    return { ownerId: input.partnerUsualOwnerId, backupId: input.manual?.backupId ?? backupFor(input.partnerUsualOwnerId), rule: "partner_usual" };
  }
  const ownerId = nextAfter(candidates, input.lastRoundRobinOwnerId, new Set());
  if (!ownerId) return { ownerId: null, backupId: null, rule: "none" };
  return { ownerId, backupId: input.manual?.backupId ?? backupFor(ownerId), rule: "round_robin" };
}
