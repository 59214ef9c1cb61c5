// Keeping content from partner users: an utterance range (a pricing sidebar before the partner joined) or a
// whole conversation (our notes). The items cited there follow, all in one transaction, logged.
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { findConversation, setConversationInternal, setUtterancesInternal } from "../conversations/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { setItemsInternalInRange } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import type { MarkInternal, MarkInternalResult } from "./internal.schemas.ts";

/**
 * Marks a range of a conversation's utterances (and the items whose evidence is there) internal or shared.
 * Without fromSeq/toSeq it is the whole conversation: the conversation, every utterance and every item.
 */
export async function markConversationInternal(deps: Deps, actor: Actor, conversationId: string, input: MarkInternal): Promise<MarkInternalResult> {
  const conv = await findConversation(deps, conversationId);
  if (!conv) throw notFound(`Conversation ${conversationId}`);
  const isWhole = input.fromSeq === undefined;
  const range = isWhole ? {} : { fromSeq: input.fromSeq, toSeq: input.toSeq };
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const now = deps.clock.now();
    if (!isWhole) {
      const hit = await trx.selectFrom("utterances").select("seq").where("conversation_id", "=", conversationId)
        .where("seq", ">=", input.fromSeq!).where("seq", "<=", input.toSeq!).limit(1).executeTakeFirst();
      if (!hit) throw invalidInput(`Conversation ${conversationId} has no utterance between seq ${input.fromSeq} and ${input.toSeq}`, [{ field: "fromSeq", message: "no utterance in this range" }]);
    }
    if (isWhole || !input.internal) {
      // Sharing part of an internal conversation shares the conversation again (its other utterances stay marked).
      if (isWhole || conv.isInternal) await setConversationInternal(tx, conversationId, isWhole ? input.internal : false);
    }
    const utterancesChanged = await setUtterancesInternal(tx, conversationId, range, input.internal);
    const itemsChanged = await setItemsInternalInRange(tx, conversationId, range, input.internal, now);
    const ws = await getWorkspace(tx);
    await logActivity(tx, {
      workspaceId: ws.id, dealId: conv.dealId, actor, action: input.internal ? "conversation.internal" : "conversation.shared", entity: "conversation", entityId: conversationId,
      data: { scope: isWhole ? "conversation" : "range", fromSeq: input.fromSeq ?? null, toSeq: input.toSeq ?? null, utterancesChanged, itemsChanged },
    });
    // What a partner's CRM may receive changed.
    if (utterancesChanged || itemsChanged || isWhole) await enqueueCrmSync(tx, { dealId: conv.dealId, reason: input.internal ? "conversation.internal" : "conversation.shared" });
    const after = await findConversation(tx, conversationId);
    return {
      conversationId, scope: isWhole ? "conversation" : "range", fromSeq: input.fromSeq ?? null, toSeq: input.toSeq ?? null, internal: input.internal,
      conversationInternal: after?.isInternal ?? false, utterancesChanged, itemsChanged,
    } satisfies MarkInternalResult;
  });
}
