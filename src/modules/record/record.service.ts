// Builds a deal's whole record in the gold.json shape: brief, speakers, per-conversation items, ledger, attribution.
import { listConversationSummaries, findConversation, listSideTalkStats, type ParsedEmailMeta } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds } from "../deals/index.ts";
import { getWorkspace, listOrgs, listPeople } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import { getDealLedger } from "../ledger/index.ts";
import { briefToGoldShape, extractBrief } from "../handoff/index.ts";
import type { Deps } from "../../shared/deps.ts";
import { shapeConversationItems } from "./record.ts";
import { buildAttribution } from "./record-attribution.ts";

export async function buildDealRecord(deps: Deps, dealIdOrSlug: string) {
  const deal = await getDeal(deps, dealIdOrSlug);
  const ws = await getWorkspace(deps);
  const convs = await listConversationSummaries(deps, deal.id);
  const items = await listItems(deps, { dealId: deal.id, includeDismissed: true });
  const people = await listPeople(deps, ws.id, { ids: await listDealPeopleIds(deps, deal.id) });
  const orgs = await listOrgs(deps, ws.id);

  let brief: Record<string, unknown> | null = null;
  let intro: { from: string | null; date: string | null; fromSide: "ours" | "partner" | "buyer" | null } | null = null;
  const introConv = convs.find((c) => c.sourceFile === "intro.eml");
  if (introConv) {
    const full = await findConversation(deps, introConv.id);
    if (full?.role === "intro" && full.email) {
      const b = extractBrief({
        email: full.email as ParsedEmailMeta, timezone: deal.timezone, workspaceDomains: ws.domains,
        orgs: orgs.map((o) => ({ name: o.name, side: o.side, domains: o.domains })),
        people: people.filter((p) => p.side).map((p) => ({ name: p.name, emails: p.emails, title: p.title, side: p.side! })),
      });
      brief = briefToGoldShape(b) as unknown as Record<string, unknown>;
      const who = people.find((p) => p.name === b.introducedBy.name || (b.introducedBy.email && p.emails.includes(b.introducedBy.email.toLowerCase())));
      intro = { from: b.introducedBy.name, date: b.introducedOn, fromSide: who?.side ?? null };
    }
  }

  const speakers: Record<string, Record<string, string>> = {};
  const conversations: Record<string, ReturnType<typeof shapeConversationItems> & { language: string | null }> = {};
  for (const c of convs) {
    if (c.sourceFile === "intro.eml") continue;
    const file = c.sourceFile ?? c.id;
    const generic = c.speakers.filter((s) => s.name && s.name !== s.label && s.method !== "exact" && s.method !== "normalised");
    if (generic.length) speakers[file] = Object.fromEntries(generic.map((s) => [s.label, s.name!]));
    const mine = items.filter((i) => i.conversationId === c.id);
    conversations[file] = { language: c.language, ...shapeConversationItems(mine) };
  }

  // Ledger statuses come from the ledger (extraction's fulfilments plus people's changes): done, open, overdue, dropped.
  const ledgerStatus = new Map((await getDealLedger(deps, deal.id)).commitments.map((e) => [e.ref, e.status]));
  const ledger = Object.entries(conversations).flatMap(([file, c]) => c.commitments.map((x) => ({
    commitment: `${file}#${x.id}`, status: ledgerStatus.get(`${file}#${x.id}`) ?? "open",
  })));

  const talk = await listSideTalkStats(deps, deal.id);
  const enriched = [];
  for (const c of convs) {
    let emailParticipants: string[] = [];
    if (c.kind === "email") {
      const e = (await findConversation(deps, c.id))?.email as ParsedEmailMeta | null;
      if (e) emailParticipants = [e.from, ...e.to, ...e.cc].filter((a) => a != null).map((a) => a!.address);
    }
    enriched.push({ ...c, emailParticipants, talk: talk.filter((t) => t.conversationId === c.id) });
  }
  const attribution = buildAttribution({ intro, convs: enriched, conversations, people });
  return {
    deal: { id: deal.slug, name: deal.name, timezone: deal.timezone, stage: deal.stage, motion: deal.motion },
    brief, speakers, conversations, ledger, attribution,
  };
}
