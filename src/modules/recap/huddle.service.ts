// Weekly huddles per deal or partner: the ICS, the emailed invitation, and huddles held (stored as "notes" conversations).
import { createHash } from "node:crypto";
import { logActivity } from "../activity/index.ts";
import { insertConversation, listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds, listDeals } from "../deals/index.ts";
import { findOrg, getWorkspace, listPeople } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { huddleIcs, nextSlot, HUDDLE_MINUTES, type Weekday } from "./huddle.ts";
import type { RichMailer } from "./recap-mailer.ts";

export const HUDDLE_FORMAT = "huddle";
export interface HuddleScope { deal?: string; partner?: string }
export interface HuddleSchedule { start?: string; weekday?: Weekday; time?: string }

async function resolveScope(deps: Deps, actor: Actor | undefined, scope: HuddleScope) {
  const ws = await getWorkspace(deps);
  if (scope.deal) {
    const deal = await getDeal(deps, scope.deal);
    if (actor?.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${scope.deal}`);
    const people = await listPeople(deps, ws.id, { ids: await listDealPeopleIds(deps, deal.id) });
    return { ws, key: `deal-${deal.id}`, name: deal.name, timeZone: deal.timezone, people: people.filter((p) => p.side === "ours" || p.side === "partner") };
  }
  if (scope.partner) {
    const org = await findOrg(deps, scope.partner);
    if (!org || org.side !== "partner") throw notFound(`Partner ${scope.partner}`);
    if (actor?.role === "partner" && actor.partnerOrgId !== org.id) throw notFound(`Partner ${scope.partner}`);
    const deals = await listDeals(deps, ws.id, { partner: org.id });
    const ids = new Set<string>();
    for (const d of deals) for (const id of await listDealPeopleIds(deps, d.id)) ids.add(id);
    const people = (await listPeople(deps, ws.id, { ids: [...ids] })).filter((p) => p.side === "ours" || p.orgId === org.id);
    for (const p of await listPeople(deps, ws.id, { orgId: org.id })) if (!people.some((x) => x.id === p.id)) people.push(p);
    return { ws, key: `partner-${org.id}`, name: org.name, timeZone: ws.timezone, people };
  }
  throw invalidInput("Name a deal or a partner");
}

/** The weekly huddle's ICS: 15 minutes, RRULE weekly, ours + partner people of the deal (or of the partner's deals). */
export async function buildHuddleInvite(deps: Deps, scope: HuddleScope, schedule: HuddleSchedule = {}, opts: { actor?: Actor; organizer?: { name: string; email: string } | null } = {}) {
  const s = await resolveScope(deps, opts.actor, scope);
  const weekday = schedule.weekday ?? "MO";
  const start = schedule.start ? new Date(schedule.start) : nextSlot(deps.clock.now(), { weekday, time: schedule.time ?? "09:00", timeZone: s.timeZone });
  const weekdayOf = (["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const)[new Date(start.getTime()).getUTCDay()];
  const attendees = s.people.filter((p) => p.emails[0]).map((p) => ({ name: p.name, email: p.emails[0] }));
  const title = `Co-sell huddle: ${s.name}`;
  const ics = huddleIcs({
    uid: `${s.key}@baton`, title, description: `Weekly ${HUDDLE_MINUTES}-minute huddle: open commitments by side, what the buyer is waiting for, who leads the next call.`,
    start, weekday: schedule.weekday ?? weekdayOf, organizer: opts.organizer ?? null, attendees, stamp: deps.clock.now(),
  });
  return { title, start: start.toISOString(), durationMinutes: HUDDLE_MINUTES, attendees, ics };
}

/** Emails the invitation (a text/calendar part) to everyone on it. */
export async function sendHuddleInvite(deps: Deps, actor: Actor, scope: HuddleScope, schedule: HuddleSchedule, opts: { mailer: RichMailer; from: string }) {
  const invite = await buildHuddleInvite(deps, scope, schedule, { actor, organizer: { name: opts.from, email: opts.from } });
  if (!invite.attendees.length) throw invalidInput("Nobody on our side or the partner's has an email address for this huddle");
  const text = `${invite.title}\nEvery week, ${HUDDLE_MINUTES} minutes, first on ${invite.start}.\n`;
  const sent = await opts.mailer.send({ from: opts.from, to: invite.attendees.map((a) => a.email), cc: [], subject: invite.title, text, ics: invite.ics });
  const ws = await getWorkspace(deps);
  await logActivity(deps, { workspaceId: ws.id, dealId: scope.deal ? (await getDeal(deps, scope.deal)).id : null, actor, action: "huddle.invite", entity: "huddle", entityId: scope.deal ?? scope.partner ?? null, data: { messageId: sent.messageId, to: invite.attendees.map((a) => a.email) } });
  return { ...invite, messageId: sent.messageId };
}

/** A huddle held: its notes become a "notes" conversation of the deal (source format "huddle"), one utterance per paragraph. */
export async function recordHuddle(deps: Deps, actor: Actor, dealIdOrSlug: string, input: { heldAt: string; notes: string }) {
  const deal = await getDeal(deps, dealIdOrSlug);
  if (actor.role === "partner" && !deal.partners.some((p) => p.id === actor.partnerOrgId)) throw notFound(`Deal ${dealIdOrSlug}`);
  const paragraphs = input.notes.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (!paragraphs.length) throw invalidInput("The huddle's notes are empty", [{ field: "notes", message: "required" }]);
  const id = deps.ids.make("conv");
  const heldAt = new Date(input.heldAt);
  await insertConversation(deps, {
    id, dealId: deal.id, kind: "notes", role: null, title: `Weekly huddle ${input.heldAt.slice(0, 10)}`, sourceFile: null, sourceFormat: HUDDLE_FORMAT,
    startedAt: heldAt, durationMs: HUDDLE_MINUTES * 60_000, contentHash: createHash("sha256").update(`${deal.id}\n${input.heldAt}\n${input.notes}`).digest("hex"),
    language: null, languages: {}, email: null,
  }, [], paragraphs.map((text, seq) => ({ seq, speakerLabel: null, personId: null, side: null, startMs: 0, endMs: 0, line: 0, text })));
  const ws = await getWorkspace(deps);
  await logActivity(deps, { workspaceId: ws.id, dealId: deal.id, actor, action: "huddle.held", entity: "conversation", entityId: id, data: { heldAt: input.heldAt } });
  return listHuddles(deps, deal.id, { actor });
}

export async function listHuddles(deps: Deps, dealIdOrSlug: string, opts: { actor?: Actor } = {}) {
  const deal = await getDeal(deps, dealIdOrSlug);
  if (opts.actor?.role === "partner" && !deal.partners.some((p) => p.id === opts.actor!.partnerOrgId)) throw notFound(`Deal ${dealIdOrSlug}`);
  // Partner users: no huddle kept internal, and no internal paragraph of the others.
  const isPartner = opts.actor?.role === "partner";
  const held = (await listConversationSummaries(deps, deal.id)).filter((c) => c.kind === "notes" && c.sourceFormat === HUDDLE_FORMAT && !(isPartner && c.isInternal));
  const huddles = [];
  for (const c of held) {
    const notes = (await listUtterances(deps, c.id)).filter((u) => !(isPartner && u.isInternal)).map((u) => u.text).join("\n\n");
    huddles.push({ conversationId: c.id, heldAt: c.startedAt, title: c.title, notes });
  }
  return { dealId: deal.id, count: huddles.length, huddles };
}
