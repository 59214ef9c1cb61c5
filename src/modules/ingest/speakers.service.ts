// After import: a person maps an unresolved speaker label to someone on the deal, or records a speaker's
// recording consent. Each is one transaction that logs activity and re-runs the deal's extraction.
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import {
  acceptProposedPerson, findConversation, findConversationSpeaker, listConversationSpeakers, setHeldForConsent, setSpeakerConsent, setSpeakerPerson,
} from "../conversations/index.ts";
import { addDealPeople, getDeal, listDealPeopleIds } from "../deals/index.ts";
import { createPerson, findOrg, findPerson, findPersonByEmail, getWorkspace, listOrgs } from "../directory/index.ts";
import type { Side } from "../../shared/sides.ts";
import { runDealExtraction } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import type { MapSpeaker, ProposedPersonAction, RecordConsent } from "./speakers.schemas.ts";

async function getConversationSpeaker(deps: Deps, conversationId: string, label: string) {
  const conv = await findConversation(deps, conversationId);
  if (!conv) throw notFound(`Conversation ${conversationId}`);
  const speaker = await findConversationSpeaker(deps, conversationId, label);
  if (!speaker) {
    const labels = (await listConversationSpeakers(deps, conversationId)).map((s) => `"${s.label}"`).join(", ");
    throw new AppError("NOT_FOUND", `No speaker "${label}" in conversation ${conversationId}`, { details: [{ field: "label", message: `speakers here: ${labels || "none"}` }] });
  }
  return { conv, speaker };
}

/** A person id, or an e-mail address of someone in the workspace (the CLI accepts either). */
export async function findPersonIdOrEmail(deps: Deps, ref: string): Promise<string | null> {
  if (ref.includes("@")) return (await findPersonByEmail(deps, (await getWorkspace(deps)).id, ref.trim().toLowerCase()))?.id ?? null;
  return (await findPerson(deps, ref))?.id ?? null;
}

export async function mapSpeaker(deps: Deps, actor: Actor, input: MapSpeaker) {
  return deps.db.transaction().execute(async (trx) => mapSpeakerIn({ ...deps, db: trx }, actor, input));
}

/** mapSpeaker inside a transaction the caller already holds. */
async function mapSpeakerIn(tx: Deps, actor: Actor, input: MapSpeaker) {
  const { conv, speaker } = await getConversationSpeaker(tx, input.conversationId, input.label);
  const person = await findPerson(tx, input.personId);
  if (!person || !(await listDealPeopleIds(tx, conv.dealId)).includes(person.id)) {
    throw invalidInput(`${input.personId} is not a person of this deal`, [{ field: "personId", message: person ? `${person.name} is not on the deal` : "no such person" }]);
  }
  const utterances = await setSpeakerPerson(tx, { conversationId: conv.id, label: input.label, personId: person.id, side: person.side, method: "manual", confidence: 1 });
  await acceptProposedPerson(tx, conv.id, input.label, person.id);
  await logActivity(tx, { workspaceId: (await getWorkspace(tx)).id, dealId: conv.dealId, actor, action: "map-speaker", entity: "conversation", entityId: conv.id,
    data: { label: input.label, personId: person.id, previousPersonId: speaker.personId, previousMethod: speaker.method } });
  const extraction = conv.heldForConsent ? null : await runDealExtraction(tx, conv.dealId);
  // Who said what (owners, sides) changed the record: connected CRMs follow.
  if (extraction) await enqueueCrmSync(tx, { dealId: conv.dealId, reason: "speaker.map" });
  return { conversationId: conv.id, label: input.label, personId: person.id, name: person.name, side: person.side, utterances, extraction };
}

/**
 * Records one speaker's consent. When the conversation was held for consent and no speaker is left unknown,
 * it is released and the deal re-extracted. A refusal replaces that speaker's stored words first.
 */
export async function recordConsent(deps: Deps, actor: Actor, input: RecordConsent) {
  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const { conv, speaker } = await getConversationSpeaker(tx, input.conversationId, input.label);
    await setSpeakerConsent(tx, { conversationId: conv.id, label: input.label, status: input.status,
      evidence: { recordedBy: actor.id, at: deps.clock.now().toISOString(), ...(input.note ? { note: input.note } : {}) } });
    const speakers = await listConversationSpeakers(tx, conv.id);
    const pending = speakers.filter((s) => s.consent === "unknown").map((s) => s.label);
    const isReleased = conv.heldForConsent && pending.length === 0;
    if (isReleased) await setHeldForConsent(tx, conv.id, false);
    await logActivity(tx, { workspaceId: (await getWorkspace(tx)).id, dealId: conv.dealId, actor, action: "record-consent", entity: "conversation", entityId: conv.id,
      data: { label: input.label, status: input.status, previous: speaker.consent, ...(isReleased ? { released: true } : {}) } });
    // A refusal changes the words extraction sees even when the conversation was not held.
    const isHeld = conv.heldForConsent && !isReleased;
    const extraction = isHeld ? null : await runDealExtraction(tx, conv.dealId);
    if (extraction) await enqueueCrmSync(tx, { dealId: conv.dealId, reason: "consent" }); // a released call's items, a refusal's words gone
    return { conversationId: conv.id, label: input.label, status: input.status, heldForConsent: isHeld, pendingConsent: pending, extraction };
  });
}

/** The organisation of one side of a deal, when there is exactly one: its buyer, its only partner, or the workspace's own org. */
async function orgOfSide(deps: Deps, dealId: string, side: Side): Promise<string | null> {
  const deal = await getDeal(deps, dealId);
  if (side === "buyer") return deal.buyer?.id ?? null;
  if (side === "partner") return deal.partners.length === 1 ? deal.partners[0].id : null;
  const ours = (await listOrgs(deps, (await getWorkspace(deps)).id)).filter((o) => o.side === "ours");
  return ours.length === 1 ? ours[0].id : null;
}

/**
 * Settles a person proposed from a transcript. Accepting creates the person (on the given organisation, or the
 * organisation of the speaker's side on this deal), adds them to the deal's roster and maps the label to them;
 * dismissing only marks the proposal.
 */
export async function settleProposedPerson(deps: Deps, actor: Actor, dealRef: string, proposalId: string, input: ProposedPersonAction) {
  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const deal = await getDeal(tx, dealRef);
    const proposal = await trx.selectFrom("proposed_people").selectAll().where("id", "=", proposalId).where("deal_id", "=", deal.id).executeTakeFirst();
    if (!proposal) throw notFound(`Proposed person ${proposalId} on deal ${deal.slug}`);
    if (proposal.status !== "proposed") {
      throw new AppError("CONFLICT", `${proposal.name} was already ${proposal.status}`, { details: [{ field: "proposalId", message: `status is ${proposal.status}` }] });
    }
    const workspaceId = (await getWorkspace(tx)).id;
    if (input.action === "dismiss") {
      await trx.updateTable("proposed_people").set({ status: "dismissed" }).where("id", "=", proposal.id).execute();
      await logActivity(tx, { workspaceId, dealId: deal.id, actor, action: "dismiss-proposed-person", entity: "conversation", entityId: proposal.conversation_id,
        data: { proposalId: proposal.id, label: proposal.label, name: proposal.name } });
      return { proposalId: proposal.id, status: "dismissed" as const, personId: null, mapping: null };
    }
    let orgId = input.orgId ?? null;
    if (orgId) {
      if (!(await findOrg(tx, orgId))) throw invalidInput(`No organisation ${orgId}`, [{ field: "orgId", message: "no such organisation" }]);
    } else {
      const speaker = await findConversationSpeaker(tx, proposal.conversation_id, proposal.label);
      const side = input.side ?? speaker?.side ?? null;
      orgId = side ? await orgOfSide(tx, deal.id, side) : null;
      if (!orgId) {
        throw invalidInput(`Which organisation is ${proposal.name} with?`, [{ field: "orgId", message: side
          ? `the deal has no single ${side} organisation: give orgId`
          : `the speaker's side is not known from the conversation: give orgId or side` }]);
      }
    }
    const person = await createPerson(tx, actor, { name: proposal.name, title: input.title ?? null, emails: input.email ? [input.email] : [], phones: [], orgId });
    await addDealPeople(tx, deal.id, [person.id]);
    await logActivity(tx, { workspaceId, dealId: deal.id, actor, action: "accept-proposed-person", entity: "person", entityId: person.id,
      data: { proposalId: proposal.id, conversationId: proposal.conversation_id, label: proposal.label, orgId } });
    const mapping = await mapSpeakerIn(tx, actor, { conversationId: proposal.conversation_id, label: proposal.label, personId: person.id });
    // A new contact on the deal; mapping the speaker has enqueued the sync already unless the call is held.
    if (!mapping.extraction) await enqueueCrmSync(tx, { dealId: deal.id, reason: "person.accept" });
    return { proposalId: proposal.id, status: "accepted" as const, personId: person.id, mapping };
  });
}
