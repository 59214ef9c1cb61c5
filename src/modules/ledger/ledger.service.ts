// Ledger use cases: a deal's ledger (read), and a person's change to one commitment (logged twice: ledger + activity).
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { getDeal, type Deal } from "../deals/index.ts";
import { findPerson, findPersonByEmail, getWorkspace } from "../directory/index.ts";
import { findItem, setItemReview } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { buildLedger, checkTransition, countStatuses, localDate, type LedgerEntry, type LedgerEventType } from "./ledger.ts";
import { findDealHead, insertLedgerEvent, loadLedgerSources } from "./ledger.repo.ts";

export interface DealLedger {
  deal: { id: string; slug: string; name: string; timezone: string };
  asOf: string; today: string;
  counts: ReturnType<typeof countStatuses>;
  commitments: LedgerEntry[];
}

/** Partner users see only the deals their organisation is on. */
export function assertCanSeeDeal(actor: Actor | undefined, deal: Pick<Deal, "id" | "partners">) {
  if (actor?.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${deal.id}`);
}

export async function getDealLedger(deps: Deps, dealIdOrSlug: string, opts: { asOf?: Date; actor?: Actor } = {}): Promise<DealLedger> {
  const deal = await findDealHead(deps, dealIdOrSlug);
  if (!deal) throw notFound(`Deal ${dealIdOrSlug}`);
  if (opts.actor?.role === "partner") assertCanSeeDeal(opts.actor, await getDeal(deps, deal.id));
  const asOf = opts.asOf ?? deps.clock.now();
  const today = localDate(asOf, deal.timezone);
  // Partner users: no internal commitments, fulfilments or conversations.
  const src = await loadLedgerSources(deps, [deal.id], { excludeInternal: opts.actor?.role === "partner" });
  const commitments = buildLedger({ ...src, today });
  return {
    deal: { id: deal.id, slug: deal.slug, name: deal.name, timezone: deal.timezone },
    asOf: asOf.toISOString(), today, counts: countStatuses(commitments), commitments,
  };
}

export interface LedgerEventInput {
  type: LedgerEventType; personId?: string | null; due?: string | null; note?: string | null;
  /** For "take" without personId: the signed-in user's email, matched to a person in the directory. */
  userEmail?: string | null;
}

export async function recordLedgerEvent(deps: Deps, actor: Actor, itemId: string, input: LedgerEventInput): Promise<LedgerEntry> {
  const item = await findItem(deps, itemId);
  if (!item || item.kind !== "commitment" || item.review === "dismissed" || (actor.role === "partner" && item.isInternal)) throw notFound(`Commitment ${itemId}`);
  const deal = await getDeal(deps, item.dealId);
  assertCanSeeDeal(actor, deal);
  const ws = await getWorkspace(deps);
  const current = (await getDealLedger(deps, deal.id, { actor })).commitments.find((c) => c.itemId === itemId);
  if (!current) throw notFound(`Commitment ${itemId}`);
  // Partner users record progress on the partner side's commitments; ours and the buyer's are ours to track.
  if (actor.role === "partner" && current.side !== "partner") {
    throw new AppError("FORBIDDEN", `Partner users record progress on the partner's commitments only: this one is ${current.side ? `on the ${current.side} side` : "not owned by a side yet"}`);
  }
  const refused = checkTransition(current.status, input.type);
  if (refused) throw new AppError("CONFLICT", refused);

  let person: { id: string; name: string; side: "ours" | "partner" | "buyer" | null } | null = null;
  if (input.type === "reassign" || input.type === "take") {
    if (input.personId) {
      const p = await findPerson(deps, input.personId);
      if (!p) throw invalidInput(`Person ${input.personId} not found`, [{ field: "personId", message: "unknown person" }]);
      person = p;
    } else if (input.type === "take" && input.userEmail) {
      person = await findPersonByEmail(deps, ws.id, input.userEmail);
      if (!person) throw invalidInput(`No person in the directory has your email (${input.userEmail}): pass personId`, [{ field: "personId", message: "required" }]);
    } else {
      throw invalidInput(`${input.type} needs personId`, [{ field: "personId", message: "required" }]);
    }
  }
  if (actor.role === "partner" && person && person.side !== "partner") {
    throw new AppError("FORBIDDEN", `Partner users hand commitments to people of their own side: ${person.name} is not`, { details: [{ field: "personId", message: "not on the partner side" }] });
  }
  if (input.type === "redate" && input.due === undefined) throw invalidInput("redate needs due (YYYY-MM-DD, or null to clear it)", [{ field: "due", message: "required" }]);

  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const t = { db: trx, clock: deps.clock };
    await insertLedgerEvent(t, {
      workspaceId: ws.id, dealId: deal.id, itemId, type: input.type, actor: actor.id, at: now, note: input.note ?? null,
      personId: person?.id ?? null, personName: person?.name ?? null, personSide: person?.side ?? null,
      due: input.type === "redate" ? input.due ?? null : null,
    });
    // A person acting on a proposed commitment vouches for it: confirmed items survive re-extraction with their history.
    if (item.review === "proposed") await setItemReview(t, itemId, "confirmed", item.humanData, now);
    await logActivity(t, {
      workspaceId: ws.id, dealId: deal.id, actor, action: `ledger.${input.type}`, entity: "item", entityId: itemId,
      data: { type: input.type, ...(person ? { personId: person.id, personName: person.name } : {}), ...(input.type === "redate" ? { due: input.due ?? null, previousDue: current.due } : {}), ...(input.note ? { note: input.note } : {}) },
    });
    await enqueueCrmSync(t, { dealId: deal.id, reason: `ledger.${input.type}` });
  });
  return (await getDealLedger(deps, deal.id, { actor })).commitments.find((c) => c.itemId === itemId)!;
}
