// What is internal on some deals, read through the modules that own it (conversations, extraction, recap).
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { listItems } from "../extraction/index.ts";
import { listDealRecaps } from "../recap/index.ts";
import type { Deps } from "../../shared/deps.ts";
import { at, emptyIndex, type InternalIndex } from "./redact.ts";

/** Every internal utterance, item and recap line of these deals (read through their modules). */
export async function loadInternalIndex(deps: Deps, dealIds: string[]): Promise<InternalIndex> {
  const idx = emptyIndex();
  for (const dealId of dealIds) {
    const [convs, items, recaps] = await Promise.all([listConversationSummaries(deps, dealId), listItems(deps, { dealId, includeDismissed: true }), listDealRecaps(deps, dealId)]);
    for (const c of convs) {
      // conversations.is_internal (a whole internal conversation) arrives with the partner-access work; read it when present.
      const whole = (c as { isInternal?: boolean }).isInternal === true;
      if (whole) idx.conversations.add(c.id);
      for (const u of await listUtterances(deps, c.id)) {
        if (!u.isInternal && !whole) continue;
        idx.locations.add(at(c.id, u.seq));
        idx.texts.push(u.text);
      }
    }
    for (const i of items) {
      if (!i.isInternal && !idx.conversations.has(i.conversationId)) continue;
      idx.itemIds.add(i.id);
      idx.locations.add(at(i.conversationId, i.seq));
      idx.texts.push(i.quote);
      for (const t of [i.data.text, i.humanData?.text]) if (typeof t === "string") idx.texts.push(t);
    }
    for (const r of recaps) for (const l of r.lines) if (l.internal) idx.texts.push(l.text);
  }
  return idx;
}
