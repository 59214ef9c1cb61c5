// After import: a person maps an unresolved speaker label to someone on the deal, or records a speaker's
// recording consent. Each is one transaction that logs activity and re-runs the deal's extraction.
import { logActivity } from "../activity/index.ts";
import {
  acceptProposedPerson, findConversation, findConversationSpeaker, listConversationSpeakers, setHeldForConsent, setSpeakerConsent, setSpeakerPerson,
} from "../conversations/index.ts";
import { listDealPeopleIds } from "../deals/index.ts";
import { findPerson, findPersonByEmail, getWorkspace } from "../directory/index.ts";
import { runDealExtraction } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import type { MapSpeaker, RecordConsent } from "./speakers.schemas.ts";

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
  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
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
    return { conversationId: conv.id, label: input.label, personId: person.id, name: person.name, side: person.side, utterances, extraction };
  });
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
    return { conversationId: conv.id, label: input.label, status: input.status, heldForConsent: isHeld, pendingConsent: pending, extraction };
  });
}
