// The weekly walk for one audience: ours gets it whole; the partner only its own deals (the walk's scope) and
// only what is not internal (items, evidence, conversations), with the counts recomputed. Buyers get no walk. Pure.
import { renderWalkBlocks, renderWalkEmail, walkTitle, type Walk, type WalkItem, type WalkRisk } from "../../ledger/index.ts";
import { AppError } from "../../../shared/errors.ts";
import { isInternalAt, type InternalIndex } from "../redact.ts";
import type { DeliveryAudience, Rendering } from "./doc.ts";
import { clampSlackMessage } from "./slack.ts";

export function walkForPartner(w: Walk, idx: InternalIndex): Walk {
  const ok = (i: WalkItem | WalkRisk) => !idx.itemIds.has(i.itemId) && !isInternalAt(idx, i.evidence.conversationId, i.evidence.seq);
  const overdue = w.overdue.filter(ok), dueThisWeek = w.dueThisWeek.filter(ok), doneSinceLastWalk = w.doneSinceLastWalk.filter(ok), newRisks = w.newRisks.filter(ok);
  const openByOwner = w.openByOwner.map((g) => ({ ...g, items: g.items.filter(ok) })).filter((g) => g.items.length);
  const open = openByOwner.flatMap((g) => g.items);
  return {
    ...w, overdue, dueThisWeek, doneSinceLastWalk, newRisks, openByOwner,
    counts: {
      open: open.length, overdue: overdue.length, dueThisWeek: dueThisWeek.length, doneSinceLastWalk: doneSinceLastWalk.length,
      newRisks: newRisks.length, unclearOwner: open.filter((i) => i.ownerUnclear).length,
    },
  };
}

export function renderWalk(w: Walk, audience: DeliveryAudience, idx: InternalIndex, baseUrl?: string): Rendering & { walk: Walk } {
  if (audience === "buyer") throw new AppError("INVALID_INPUT", "The weekly walk is for the selling sides (ours, partner), not the buyer", { details: [{ field: "audience", message: "ours or partner" }] });
  const walk = audience === "partner" ? walkForPartner(w, idx) : w;
  return {
    walk,
    doc: { title: walkTitle(walk), sections: [] },
    email: renderWalkEmail(walk, { baseUrl }),
    slack: clampSlackMessage(renderWalkBlocks(walk, { baseUrl })),
  };
}
