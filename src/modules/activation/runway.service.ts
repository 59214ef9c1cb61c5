// The runway of a newly onboarded partner: create it once (defaults from both organisations' names), read it, edit it.
import { logActivity } from "../activity/index.ts";
import { findOrg, getWorkspace } from "../directory/index.ts";
import type { Weekday } from "../recap/huddle.ts";
import type { RunwayHuddleJson } from "../../db/schema-runway.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { DEFAULT_HUDDLE, MAX_TARGET_ACCOUNTS, RUNWAY_WEEKS, defaultNoteTemplate, defaultQuestions, defaultTalkTrack, runwayIcs, runwaySlots } from "./runway.ts";
import { findOrgsByIds, findOursName, findPartnerRunwayFacts, findRunwayRow, insertRunwayRow, suggestTargetAccounts, updateRunwayRow, type RunwayRow } from "./runway.repo.ts";
import type { Runway, RunwayInput } from "./runway.schemas.ts";
import { HUDDLE_MINUTES } from "../recap/huddle.ts";

/** Partner users see and edit only their own organisation's runway. */
function checkScope(actor: Actor | undefined, orgId: string): void {
  if (actor?.role !== "partner") return;
  if (!actor.partnerOrgId) throw new AppError("FORBIDDEN", "This partner user has no partner organisation");
  if (orgId !== actor.partnerOrgId) throw new AppError("FORBIDDEN", "Partner users see only their own organisation");
}

async function partnerOrg(deps: Deps, orgId: string) {
  const org = await findOrg(deps, orgId);
  if (!org || org.side !== "partner") throw notFound(`Partner ${orgId}`);
  return org;
}

/** Target accounts: unique buyer organisations of the workspace, at most ten. */
async function validateTargets(deps: Deps, workspaceId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_TARGET_ACCOUNTS) throw invalidInput(`At most ${MAX_TARGET_ACCOUNTS} target accounts`, [{ field: "targetAccounts", message: `at most ${MAX_TARGET_ACCOUNTS} target accounts` }]);
  const orgs = new Map((await findOrgsByIds(deps, workspaceId, unique)).map((o) => [o.id, o]));
  const bad = unique.filter((id) => orgs.get(id)?.side !== "buyer");
  if (bad.length) throw invalidInput("Target accounts must be buyer organisations", bad.map((id) => ({ field: "targetAccounts", message: `${id} is not a buyer organisation` })));
  return unique;
}

const today = (deps: Deps) => deps.clock.now().toISOString().slice(0, 10);

async function toRunway(deps: Deps, row: RunwayRow): Promise<Runway> {
  const ws = await getWorkspace(deps);
  const org = await partnerOrg(deps, row.orgId);
  const ours = (await findOursName(deps, ws.id)) ?? ws.name;
  const facts = await findPartnerRunwayFacts(deps, row.orgId);
  const orgs = new Map((await findOrgsByIds(deps, ws.id, row.targetAccounts)).map((o) => [o.id, o]));
  const h = row.huddle;
  const starts = runwaySlots(h.from, { weekday: h.weekday as Weekday, time: h.time, timeZone: h.timeZone, count: RUNWAY_WEEKS });
  const email = (p: { name: string; emails: string[] } | null | undefined) => (p?.emails[0] ? { name: p.name, email: p.emails[0] } : null);
  const attendees = [email(facts.manager), ...facts.people.map(email)].filter((a): a is { name: string; email: string } => !!a);
  const ics = runwayIcs({
    uid: `runway-${row.orgId}@baton`, title: `${org.name} × ${ours}: co-sell huddle`, weekday: h.weekday as Weekday, count: RUNWAY_WEEKS, start: starts[0], timeZone: h.timeZone,
    description: `Weekly 15-minute co-sell huddle for the first ${RUNWAY_WEEKS} weeks of the partnership. Notes: use the shared note format in Baton.`,
    organizer: email(facts.manager), attendees, stamp: deps.clock.now(),
  });
  return {
    orgId: row.orgId, partner: { id: org.id, name: org.name, onboardedOn: facts.onboardedOn }, ours,
    play: { talkTrack: row.talkTrack, questions: row.questions },
    targetAccounts: row.targetAccounts.flatMap((id) => { const o = orgs.get(id); return o ? [{ orgId: o.id, name: o.name, domains: o.domains }] : []; }),
    huddles: { weekday: h.weekday, time: h.time, timeZone: h.timeZone, minutes: HUDDLE_MINUTES, count: RUNWAY_WEEKS, from: h.from, fromOnboarding: h.fromOnboarding, starts: starts.map((s) => s.toISOString()), ics },
    noteTemplate: row.noteTemplate, createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getRunway(deps: Deps, orgId: string, opts: { actor?: Actor } = {}): Promise<Runway> {
  checkScope(opts.actor, orgId);
  await partnerOrg(deps, orgId);
  const row = await findRunwayRow(deps, orgId);
  if (!row) throw notFound(`Runway of partner ${orgId}`);
  return toRunway(deps, row);
}

/** Idempotent: the first call creates the runway (defaults for every field not given); later calls return it unchanged. */
export async function createRunway(deps: Deps, actor: Actor, orgId: string, input: RunwayInput = {}): Promise<{ runway: Runway; created: boolean }> {
  checkScope(actor, orgId);
  const org = await partnerOrg(deps, orgId);
  const existing = await findRunwayRow(deps, orgId);
  if (existing) return { runway: await toRunway(deps, existing), created: false };
  const ws = await getWorkspace(deps);
  const ours = (await findOursName(deps, ws.id)) ?? ws.name;
  const facts = await findPartnerRunwayFacts(deps, orgId);
  const targets = input.targetAccounts ? await validateTargets(deps, ws.id, input.targetAccounts) : await suggestTargetAccounts(deps, ws.id, orgId, MAX_TARGET_ACCOUNTS);
  const huddle: RunwayHuddleJson = {
    weekday: input.huddle?.weekday ?? DEFAULT_HUDDLE.weekday, time: input.huddle?.time ?? DEFAULT_HUDDLE.time, timeZone: ws.timezone,
    from: facts.onboardedOn ?? today(deps), fromOnboarding: !!facts.onboardedOn,
  };
  const now = deps.clock.now();
  const row: RunwayRow = {
    orgId, workspaceId: ws.id, talkTrack: input.talkTrack ?? defaultTalkTrack(org.name, ours), questions: input.questions ?? defaultQuestions(org.name, ours),
    targetAccounts: targets, huddle, noteTemplate: input.noteTemplate ?? defaultNoteTemplate(org.name, ours), createdBy: actor.id, createdAt: now, updatedAt: now,
  };
  const created = await insertRunwayRow(deps, row);
  if (created) {
    await logActivity(deps, { workspaceId: ws.id, dealId: null, actor, action: "partner.runway", entity: "partner", entityId: orgId, data: { created: true, targetAccounts: targets.length } });
  }
  return { runway: await getRunway(deps, orgId, { actor }), created };
}

export async function updateRunway(deps: Deps, actor: Actor, orgId: string, input: RunwayInput): Promise<Runway> {
  checkScope(actor, orgId);
  await partnerOrg(deps, orgId);
  const row = await findRunwayRow(deps, orgId);
  if (!row) throw notFound(`Runway of partner ${orgId}`);
  const targetAccounts = input.targetAccounts ? await validateTargets(deps, row.workspaceId, input.targetAccounts) : undefined;
  const huddle = input.huddle ? { ...row.huddle, ...input.huddle } : undefined;
  await updateRunwayRow(deps, orgId, { talkTrack: input.talkTrack, questions: input.questions, targetAccounts, huddle, noteTemplate: input.noteTemplate }, deps.clock.now());
  await logActivity(deps, { workspaceId: row.workspaceId, dealId: null, actor, action: "partner.runway", entity: "partner", entityId: orgId, data: { changed: Object.keys(input) } });
  return getRunway(deps, orgId, { actor });
}
