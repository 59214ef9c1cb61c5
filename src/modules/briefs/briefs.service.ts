// Briefs over the record: gathers the ledger, items, people and conversations of a deal, then the pure assembly in brief.ts.
import { findConversation, listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds } from "../deals/index.ts";
import { findPerson, getWorkspace, listPeople } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import { getDealLedger } from "../ledger/index.ts";
import { detectTopics, topicLabel } from "../recap/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import {
  buildCatchUpBrief, buildPreCallBrief, type Brief, type BriefEvidence, type BriefObjection, type BriefPerson, type BriefRisk, type BriefSources, type BriefTopic,
} from "./brief.ts";
import { deleteTopicLead, listTopicLeads, upsertTopicLead } from "./briefs.repo.ts";

interface EmailMeta { to?: Array<{ address: string }>; cc?: Array<{ address: string }>; from?: { address: string } | null }

async function loadDeal(deps: Deps, actor: Actor | undefined, idOrSlug: string) {
  const deal = await getDeal(deps, idOrSlug);
  if (actor?.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${idOrSlug}`);
  return deal;
}

async function gatherSources(deps: Deps, actor: Actor | undefined, dealIdOrSlug: string, opts: { nextConversationId?: string }): Promise<BriefSources> {
  const deal = await loadDeal(deps, actor, dealIdOrSlug);
  const now = deps.clock.now();
  const ws = await getWorkspace(deps);
  const [ledger, items, convs, people] = await Promise.all([
    getDealLedger(deps, deal.id, { actor }), listItems(deps, { dealId: deal.id }), listConversationSummaries(deps, deal.id),
    listDealPeopleIds(deps, deal.id).then((ids) => listPeople(deps, ws.id, { ids })),
  ]);
  const title = new Map(convs.map((c) => [c.id, c.title]));
  const ev = (conversationId: string, seq: number, speaker: string | null, quote: string): BriefEvidence => ({ conversationId, conversation: title.get(conversationId) ?? conversationId, seq, speaker, quote });
  // Internal-only items stay out of briefs a partner may read.
  const visible = items.filter((i) => !(actor?.role === "partner" && i.isInternal));
  const data = (i: (typeof items)[number]) => ({ ...i.data, ...(i.humanData ?? {}) }) as Record<string, unknown>;

  const objections: BriefObjection[] = visible.filter((i) => i.kind === "objection").map((i) => {
    const d = data(i);
    const r = d.resolution as { seq: number; quote: string; speaker: string | null } | undefined;
    return { itemId: i.id, topic: String(d.topic ?? "other"), raisedBy: (d.raisedBy as string | null) ?? i.speaker, resolvedBy: (d.resolvedBy as string | null) ?? null,
      evidence: ev(i.conversationId, i.seq, i.speaker, i.quote), resolution: r ? ev(i.conversationId, r.seq, r.speaker, r.quote) : null };
  });
  const risks: BriefRisk[] = visible.filter((i) => i.kind === "risk").map((i) => ({ type: String(data(i).type ?? "other"), text: String(data(i).text ?? i.quote), evidence: ev(i.conversationId, i.seq, i.speaker, i.quote) }));
  const stakeholderItems = visible.filter((i) => i.kind === "stakeholder");

  // Who spoke where (calls and emails), topics per speaker across the calls.
  const firstSpoke = new Map<string, BriefEvidence>();
  const named = new Map<string, BriefEvidence>();
  const topicTurns = new Map<string, { evidence: BriefEvidence[]; by: Map<string, { personId: string | null; name: string; side: Side | null; turns: number }> }>();
  // A call held for recording consent is not processed: its words stay out of the brief until consent is recorded.
  for (const c of convs.filter((x) => !x.heldForConsent && (x.startedAt <= now.toISOString() || x.utteranceCount > 0))) {
    const utts = await listUtterances(deps, c.id);
    for (const u of utts) {
      if (actor?.role === "partner" && u.isInternal) continue;
      if (u.personId && !firstSpoke.has(u.personId)) firstSpoke.set(u.personId, ev(c.id, u.seq, u.speakerName, u.text));
    }
    if (c.kind === "email") {
      const meta = ((await findConversation(deps, c.id))?.email ?? {}) as EmailMeta;
      const addressed = [...(meta.to ?? []), ...(meta.cc ?? [])].map((a) => a.address.toLowerCase());
      for (const p of people) {
        if (named.has(p.id) || !p.emails.some((e) => addressed.includes(e.toLowerCase()))) continue;
        const first = p.name.split(/\s+/)[0];
        const u = utts.find((x) => x.text.includes(first)) ?? utts[0];
        if (u) named.set(p.id, ev(c.id, u.seq, u.speakerName, u.text));
      }
    }
    if (c.kind !== "call") continue;
    for (const t of detectTopics(utts)) {
      const entry = topicTurns.get(t.topic) ?? { evidence: [] as BriefEvidence[], by: new Map() };
      for (const seq of t.seqs) {
        const u = utts.find((x) => x.seq === seq)!;
        if (entry.evidence.length < 2) entry.evidence.push(ev(c.id, u.seq, u.speakerName, u.text));
      }
      for (const u of utts) {
        if (!detectTopics([u]).some((x) => x.topic === t.topic)) continue;
        const key = u.personId ?? u.speakerName ?? "?";
        const b = entry.by.get(key) ?? { personId: u.personId, name: u.speakerName ?? "?", side: u.side, turns: 0 };
        b.turns++;
        entry.by.set(key, b);
      }
      topicTurns.set(t.topic, entry);
    }
  }
  for (const s of stakeholderItems) {
    const pid = (data(s).personId as string | null) ?? null;
    if (pid && !named.has(pid)) named.set(pid, ev(s.conversationId, s.seq, s.speaker, s.quote));
  }
  const peopleOut: BriefPerson[] = people.map((p) => ({ id: p.id, name: p.name, title: p.title, side: p.side, orgName: p.orgName, spoke: firstSpoke.get(p.id) ?? null, named: named.get(p.id) ?? null }));
  // Stakeholders named in conversations who are not in the directory yet.
  for (const s of stakeholderItems) {
    const d = data(s);
    if (d.personId && people.some((p) => p.id === d.personId)) continue;
    if (peopleOut.some((p) => p.name === d.name)) continue;
    peopleOut.push({ id: `named:${s.id}`, name: String(d.name), title: (d.title as string | null) ?? null, side: (d.org as Side | null) ?? "buyer", orgName: null, spoke: null, named: ev(s.conversationId, s.seq, s.speaker, s.quote) });
  }
  const topics: BriefTopic[] = [...topicTurns].map(([topic, t]) => ({ topic, label: topicLabel(topic, "en"), evidence: t.evidence, bySpeaker: [...t.by.values()] }));

  const upcoming = opts.nextConversationId ? convs.find((c) => c.id === opts.nextConversationId) : convs.find((c) => c.startedAt > now.toISOString());
  if (opts.nextConversationId && !upcoming) throw invalidInput(`Conversation ${opts.nextConversationId} is not on this deal`);
  return {
    deal: { id: deal.id, name: deal.name }, asOf: now.toISOString(), perspective: actor?.role === "partner" ? "partner" : "ours",
    next: upcoming ? { conversationId: upcoming.id, title: upcoming.title, startedAt: upcoming.startedAt } : { conversationId: null, title: "next call", startedAt: null },
    commitments: ledger.commitments.map((c) => ({ itemId: c.itemId, text: c.text, owner: c.owner, side: c.side, due: c.due, status: c.status,
      evidence: { conversationId: c.evidence.conversationId, conversation: c.evidence.title, seq: c.evidence.seq, speaker: c.evidence.speaker, quote: c.evidence.quote } })),
    objections, risks, people: peopleOut, topics, leads: await listTopicLeads(deps, deal.id),
  };
}

export async function getPreCallBrief(deps: Deps, dealIdOrSlug: string, opts: { actor?: Actor; conversationId?: string; perspective?: "ours" | "partner" } = {}): Promise<Brief> {
  const s = await gatherSources(deps, opts.actor, dealIdOrSlug, { nextConversationId: opts.conversationId });
  return buildPreCallBrief({ ...s, perspective: opts.actor?.role === "partner" ? "partner" : opts.perspective ?? s.perspective });
}

export async function getCatchUpBrief(deps: Deps, dealIdOrSlug: string, opts: { actor?: Actor } = {}): Promise<Brief> {
  return buildCatchUpBrief(await gatherSources(deps, opts.actor, dealIdOrSlug, {}));
}

/** Who leads a topic on the selling side (stored; null clears it back to the suggestion). */
export async function setTopicLead(deps: Deps, actor: Actor, dealIdOrSlug: string, input: { topic: string; personId: string | null }) {
  const deal = await loadDeal(deps, actor, dealIdOrSlug);
  if (input.personId == null) { await deleteTopicLead(deps, deal.id, input.topic); return listTopicLeads(deps, deal.id); }
  const p = await findPerson(deps, input.personId);
  if (!p) throw invalidInput(`Person ${input.personId} not found`, [{ field: "personId", message: "unknown person" }]);
  await upsertTopicLead(deps, { dealId: deal.id, topic: input.topic, personId: p.id, personName: p.name, side: p.side, actor: actor.id, at: deps.clock.now() });
  return listTopicLeads(deps, deal.id);
}
