// The two-recap check over the record: the call, its commitments, the emails that recap it.
import { findConversation, listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds } from "../deals/index.ts";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { compareRecaps, pickRecapEmails, type CheckEmail, type Divergence } from "./recap-check.ts";

interface EmailMeta { subject?: string | null; date?: string | null; from?: { name: string | null; address: string } | null; bodyText?: string }

export async function checkRecaps(deps: Deps, callId: string, opts: { actor?: Actor } = {}) {
  const conv = await findConversation(deps, callId);
  if (!conv) throw notFound(`Conversation ${callId}`);
  const deal = await getDeal(deps, conv.dealId);
  if (opts.actor?.role === "partner" && !deal.partners.some((p) => p.id === opts.actor!.partnerOrgId)) throw notFound(`Conversation ${callId}`);
  if (conv.kind !== "call") throw invalidInput(`Conversation ${callId} is not a call`);
  const all = await listConversationSummaries(deps, deal.id);
  const nextCall = all.find((c) => c.kind === "call" && c.startedAt > conv.startedAt)?.startedAt ?? null;
  const emails: CheckEmail[] = [];
  for (const c of all.filter((x) => x.kind === "email" && x.startedAt > conv.startedAt)) {
    const full = await findConversation(deps, c.id);
    const meta = (full?.email ?? {}) as EmailMeta;
    emails.push({
      conversationId: c.id, subject: meta.subject ?? c.title, from: meta.from ? meta.from.name ?? meta.from.address : null, date: meta.date ?? c.startedAt,
      bodyText: meta.bodyText ?? "", utterances: (await listUtterances(deps, c.id)).map((u) => ({ seq: u.seq, text: u.text.replace(/\s+/g, " ") })),
    });
  }
  const call = { id: conv.id, title: conv.title, startedAt: conv.startedAt, timezone: conv.timezone, language: conv.language };
  const recaps = pickRecapEmails(call, emails, nextCall);
  const ws = await getWorkspace(deps);
  const people = await listPeople(deps, ws.id, { ids: await listDealPeopleIds(deps, deal.id) });
  const items = await listItems(deps, { dealId: deal.id, conversationId: conv.id, kind: "commitment" });
  const commitments = items.map((i) => {
    const d = { ...i.data, ...(i.humanData ?? {}) } as Record<string, unknown>;
    return { owner: (d.owner as string | null) ?? null, text: String(d.text ?? i.quote), due: (d.due as string | null) ?? null, dueText: (d.dueText as string | null) ?? null,
      evidence: { conversationId: conv.id, seq: i.seq, speaker: i.speaker, quote: i.quote } };
  });
  const divergences: Divergence[] = recaps.length
    ? compareRecaps({ call, commitments, callUtterances: await listUtterances(deps, conv.id), recaps, people })
    : [];
  return {
    call: { id: conv.id, title: conv.title, startedAt: conv.startedAt },
    recaps: recaps.map((r) => ({ conversationId: r.conversationId, subject: r.subject, from: r.from, date: r.date, reason: r.reason })),
    divergences,
  };
}
