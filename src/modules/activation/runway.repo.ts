// SQL for partner_runways, and the few directory reads the runway needs.
import "../../db/schema-runway.ts";
import type { RunwayHuddleJson } from "../../db/schema-runway.ts";
import type { Deps } from "../../shared/deps.ts";

type D = Pick<Deps, "db">;
const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export interface RunwayRow {
  orgId: string; workspaceId: string; talkTrack: string; questions: string[]; targetAccounts: string[];
  huddle: RunwayHuddleJson; noteTemplate: string; createdBy: string; createdAt: Date; updatedAt: Date;
}

export async function findRunwayRow(deps: D, orgId: string): Promise<RunwayRow | null> {
  const r = await deps.db.selectFrom("partner_runways").selectAll().where("org_id", "=", orgId).executeTakeFirst();
  if (!r) return null;
  return {
    orgId: r.org_id, workspaceId: r.workspace_id, talkTrack: r.talk_track, questions: parse<string[]>(r.questions), targetAccounts: parse<string[]>(r.target_accounts),
    huddle: parse<RunwayHuddleJson>(r.huddle), noteTemplate: r.note_template, createdBy: r.created_by, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

/** Inserts the runway unless one exists: true when this call created it. */
export async function insertRunwayRow(deps: D, r: RunwayRow): Promise<boolean> {
  const inserted = await deps.db.insertInto("partner_runways").values({
    org_id: r.orgId, workspace_id: r.workspaceId, talk_track: r.talkTrack, questions: JSON.stringify(r.questions), target_accounts: JSON.stringify(r.targetAccounts),
    huddle: JSON.stringify(r.huddle), note_template: r.noteTemplate, created_by: r.createdBy, created_at: r.createdAt, updated_at: r.updatedAt,
  }).onConflict((oc) => oc.column("org_id").doNothing()).returning("org_id").executeTakeFirst();
  return !!inserted;
}

export async function updateRunwayRow(deps: D, orgId: string, p: Partial<Pick<RunwayRow, "talkTrack" | "questions" | "targetAccounts" | "huddle" | "noteTemplate">>, at: Date): Promise<void> {
  await deps.db.updateTable("partner_runways").set({
    ...(p.talkTrack !== undefined ? { talk_track: p.talkTrack } : {}),
    ...(p.questions !== undefined ? { questions: JSON.stringify(p.questions) } : {}),
    ...(p.targetAccounts !== undefined ? { target_accounts: JSON.stringify(p.targetAccounts) } : {}),
    ...(p.huddle !== undefined ? { huddle: JSON.stringify(p.huddle) } : {}),
    ...(p.noteTemplate !== undefined ? { note_template: p.noteTemplate } : {}),
    updated_at: at,
  }).where("org_id", "=", orgId).execute();
}

export async function findOrgsByIds(deps: D, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return deps.db.selectFrom("organisations").select(["id", "name", "side", "domains"]).where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

/** The buyer organisations of the partner's deals, most recent first: the default target account list. */
export async function suggestTargetAccounts(deps: D, workspaceId: string, partnerOrgId: string, limit: number): Promise<string[]> {
  const rows = await deps.db.selectFrom("deal_partners as dp").innerJoin("deals as d", "d.id", "dp.deal_id").innerJoin("organisations as o", "o.id", "d.buyer_org_id")
    .select(["o.id", (eb) => eb.fn.max("d.created_at").as("last")])
    .where("dp.org_id", "=", partnerOrgId).where("d.workspace_id", "=", workspaceId).where("o.side", "=", "buyer")
    .groupBy("o.id").orderBy("last", "desc").orderBy("o.id").limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Our organisation's name (the "ours" organisation, else the workspace's name). */
export async function findOursName(deps: D, workspaceId: string): Promise<string | null> {
  const r = await deps.db.selectFrom("organisations").select("name").where("workspace_id", "=", workspaceId).where("side", "=", "ours").orderBy("created_at").limit(1).executeTakeFirst();
  return r?.name ?? null;
}

/** The partner's onboarding day, its people with an email, and its partner manager. */
export async function findPartnerRunwayFacts(deps: D, orgId: string) {
  const p = await deps.db.selectFrom("partners").select(["onboarded_on", "partner_manager_id"]).where("org_id", "=", orgId).executeTakeFirst();
  const people = await deps.db.selectFrom("people").select(["id", "name", "emails"]).where("org_id", "=", orgId).orderBy("name").limit(20).execute();
  const manager = p?.partner_manager_id
    ? await deps.db.selectFrom("people").select(["id", "name", "emails"]).where("id", "=", p.partner_manager_id).executeTakeFirst() ?? null
    : null;
  const day = p?.onboarded_on == null ? null : typeof p.onboarded_on === "string" ? (p.onboarded_on as string).slice(0, 10) : (p.onboarded_on as Date).toISOString().slice(0, 10);
  return { onboardedOn: day, people, manager };
}
