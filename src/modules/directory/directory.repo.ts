import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { Side } from "../../shared/sides.ts";
import type { CreateOrg, CreatePerson, Org, Partner, Person, UpdateWorkspace, UpsertPartner, Workspace, WorkspaceSettings } from "./directory.schemas.ts";
import { WorkspaceSettingsSchema } from "./directory.schemas.ts";

type D = Pick<Deps, "db">;

/** lockForCreate's keys for a new organisation: its name and each domain (either may match it later). */
export const orgCreateKeys = (workspaceId: string, name: string, domains: string[]) =>
  [`org:${workspaceId}:name:${name.toLowerCase()}`, ...domains.map((d) => `org:${workspaceId}:domain:${d.toLowerCase()}`)];
/** lockForCreate's keys for a new person: each email, and the name within the organisation. */
export const personCreateKeys = (workspaceId: string, p: { name: string; emails: string[]; orgId: string | null }) =>
  [...p.emails.map((e) => `person:${workspaceId}:email:${e.toLowerCase()}`), `person:${workspaceId}:name:${p.orgId ?? ""}:${p.name.toLowerCase()}`];

/**
 * Waits for, then holds until the transaction ends, an advisory lock per key. Taken before creating workspace-wide
 * rows that two imports running at once could both decide to create (people have no unique key; an organisation
 * may be matched by domain or by name): the caller then looks again, and under READ COMMITTED that second look
 * sees what the other transaction committed. One statement takes the keys in sorted order, so two transactions
 * whose key sets overlap queue instead of deadlocking. On PGlite (one connection) it never waits.
 */
export async function lockForCreate(deps: D, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys.map((k) => `baton:${k}`))].sort();
  if (!sorted.length) return;
  await sql`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${sql.val(sorted)}::text[]) AS t(k)`.execute(deps.db);
}

export async function findWorkspace(deps: D): Promise<Workspace | null> {
  const r = await deps.db.selectFrom("workspaces").selectAll().orderBy("created_at").limit(1).executeTakeFirst();
  return r ? { id: r.id, name: r.name, domains: r.domains, timezone: r.timezone, holidays: r.holidays ?? [],
    workdayStart: r.workday_start, workdayEnd: r.workday_end } : null;
}
export async function getWorkspace(deps: D): Promise<Workspace> {
  const w = await findWorkspace(deps);
  if (!w) throw notFound("Workspace");
  return w;
}
export async function getWorkspaceSettings(deps: D): Promise<WorkspaceSettings> {
  const r = await deps.db.selectFrom("workspaces").select("settings").orderBy("created_at").limit(1).executeTakeFirst();
  const parsed = WorkspaceSettingsSchema.safeParse(r?.settings ?? {});
  return parsed.success ? parsed.data : { requireConsent: false };
}
export async function createWorkspace(deps: Deps, input: { name: string; domains: string[]; timezone: string }): Promise<Workspace> {
  const id = deps.ids.make("ws");
  await deps.db.insertInto("workspaces").values({ id, name: input.name, domains: input.domains, timezone: input.timezone, holidays: [] }).execute();
  return getWorkspace(deps);
}
export async function updateWorkspace(deps: D, id: string, p: UpdateWorkspace): Promise<Workspace> {
  const changes = {
    ...(p.name !== undefined ? { name: p.name } : {}), ...(p.domains ? { domains: p.domains } : {}),
    ...(p.timezone ? { timezone: p.timezone } : {}), ...(p.holidays ? { holidays: p.holidays } : {}),
    ...(p.workdayStart ? { workday_start: p.workdayStart } : {}), ...(p.workdayEnd ? { workday_end: p.workdayEnd } : {}),
    ...(p.requireConsent !== undefined ? { settings: sql<Record<string, unknown>>`settings || ${JSON.stringify({ requireConsent: p.requireConsent })}::jsonb` } : {}),
  };
  if (Object.keys(changes).length) await deps.db.updateTable("workspaces").set(changes).where("id", "=", id).execute();
  return getWorkspace(deps);
}

const orgRow = (r: { id: string; name: string; side: Side; domains: string[] }): Org => ({ id: r.id, name: r.name, side: r.side, domains: r.domains });
export async function listOrgs(deps: D, workspaceId: string): Promise<Org[]> {
  const rows = await deps.db.selectFrom("organisations").selectAll().where("workspace_id", "=", workspaceId).orderBy("name").execute();
  return rows.map(orgRow);
}
export async function findOrg(deps: D, id: string): Promise<Org | null> {
  const r = await deps.db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? orgRow(r) : null;
}
export async function findOrgByName(deps: D, workspaceId: string, name: string): Promise<Org | null> {
  const r = await deps.db.selectFrom("organisations").selectAll().where("workspace_id", "=", workspaceId)
    .where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst();
  return r ? orgRow(r) : null;
}
export async function findOrgByDomain(deps: D, workspaceId: string, domain: string): Promise<Org | null> {
  const r = await deps.db.selectFrom("organisations").selectAll().where("workspace_id", "=", workspaceId)
    .where(sql<boolean>`domains @> ARRAY[${domain.toLowerCase()}]::text[]`).executeTakeFirst(); // @> can use the GIN index; = ANY can't
  return r ? orgRow(r) : null;
}
/** Every organisation holding one of `domains` or named one of `names` (any case), in one statement. */
export async function findOrgsByDomainsOrNames(deps: D, workspaceId: string, domains: string[], names: string[]): Promise<Org[]> {
  const rows = await deps.db.selectFrom("organisations").selectAll().where("workspace_id", "=", workspaceId)
    .where(sql<boolean>`(domains && ${sql.val([...new Set(domains.map((d) => d.toLowerCase()))])}::text[] OR lower(name) = ANY(${sql.val([...new Set(names.map((n) => n.toLowerCase()))])}::text[]))`)
    .orderBy("id").execute();
  return rows.map(orgRow);
}
export async function insertOrg(deps: Deps, workspaceId: string, input: CreateOrg): Promise<Org> {
  const id = deps.ids.make("org");
  await deps.db.insertInto("organisations").values({ id, workspace_id: workspaceId, name: input.name, side: input.side, domains: input.domains }).execute();
  return { id, name: input.name, side: input.side, domains: input.domains };
}
export async function patchOrg(deps: D, id: string, p: Partial<CreateOrg>): Promise<Org> {
  await deps.db.updateTable("organisations").set({ ...(p.name ? { name: p.name } : {}), ...(p.side ? { side: p.side } : {}), ...(p.domains ? { domains: p.domains } : {}) })
    .where("id", "=", id).execute();
  const o = await findOrg(deps, id);
  if (!o) throw notFound(`Organisation ${id}`);
  return o;
}

const personSelect = (deps: D) => deps.db.selectFrom("people as p").leftJoin("organisations as o", "o.id", "p.org_id")
  .select(["p.id", "p.name", "p.emails", "p.phones", "p.title", "p.org_id", "o.name as org_name", "o.side"]);
type PersonRow = { id: string; name: string; emails: string[]; phones: string[]; title: string | null; org_id: string | null; org_name: string | null; side: Side | null };
const personRow = (r: PersonRow): Person => ({ id: r.id, name: r.name, emails: r.emails, phones: r.phones, title: r.title, orgId: r.org_id, orgName: r.org_name, side: r.side });

/** `side`: only people of organisations on that side. */
export async function listPeople(deps: D, workspaceId: string, filter: { q?: string; orgId?: string; ids?: string[]; side?: Side } = {}): Promise<Person[]> {
  let q = personSelect(deps).where("p.workspace_id", "=", workspaceId).orderBy("p.name");
  if (filter.orgId) q = q.where("p.org_id", "=", filter.orgId);
  if (filter.side) q = q.where("o.side", "=", filter.side);
  if (filter.ids) { if (!filter.ids.length) return []; q = q.where("p.id", "in", filter.ids); }
  if (filter.q) q = q.where(sql<boolean>`(p.name ILIKE ${"%" + filter.q + "%"} OR ${filter.q.toLowerCase()} = ANY(p.emails))`);
  return (await q.execute()).map(personRow);
}
export async function findPerson(deps: D, id: string): Promise<Person | null> {
  const r = await personSelect(deps).where("p.id", "=", id).executeTakeFirst();
  return r ? personRow(r) : null;
}
export async function findPersonByEmail(deps: D, workspaceId: string, email: string): Promise<Person | null> {
  const r = await personSelect(deps).where("p.workspace_id", "=", workspaceId).where(sql<boolean>`p.emails @> ARRAY[${email.toLowerCase()}]::text[]`).executeTakeFirst(); // uses the GIN index
  return r ? personRow(r) : null;
}
/**
 * Everyone in the workspace holding one of `emails` or named one of `names` (case-insensitive), in one query:
 * a deal.json's roster is matched against this instead of two or three lookups per person.
 */
export async function findPeopleByEmailsOrNames(deps: D, workspaceId: string, emails: string[], names: string[]): Promise<Person[]> {
  if (!emails.length && !names.length) return [];
  const lowerEmails = [...new Set(emails.map((e) => e.toLowerCase()))];
  const lowerNames = [...new Set(names.map((n) => n.toLowerCase()))];
  const rows = await personSelect(deps).where("p.workspace_id", "=", workspaceId)
    .where(sql<boolean>`(p.emails && ${sql.val(lowerEmails)}::text[] OR lower(p.name) = ANY(${sql.val(lowerNames)}::text[]))`)
    .orderBy("p.id").execute();
  return rows.map(personRow);
}
/** Inserts several people in one statement; returns them as `findPerson` would (org name and side as given). */
export async function insertPeople(deps: Deps, workspaceId: string, people: Array<CreatePerson & { orgName: string | null; side: Side | null }>): Promise<Person[]> {
  if (!people.length) return [];
  const out = people.map((p) => ({ id: deps.ids.make("per"), name: p.name, emails: p.emails, phones: p.phones, title: p.title, orgId: p.orgId, orgName: p.orgName, side: p.side }));
  await deps.db.insertInto("people").values(out.map((p) => ({ id: p.id, workspace_id: workspaceId, org_id: p.orgId, name: p.name, emails: p.emails, phones: p.phones, title: p.title }))).execute();
  return out;
}
export async function findPersonByName(deps: D, workspaceId: string, name: string, orgId: string | null): Promise<Person | null> {
  let q = personSelect(deps).where("p.workspace_id", "=", workspaceId).where(sql<boolean>`lower(p.name) = lower(${name})`);
  if (orgId) q = q.where("p.org_id", "=", orgId);
  const r = await q.executeTakeFirst();
  return r ? personRow(r) : null;
}
export async function insertPerson(deps: Deps, workspaceId: string, input: CreatePerson): Promise<Person> {
  const id = deps.ids.make("per");
  await deps.db.insertInto("people").values({ id, workspace_id: workspaceId, org_id: input.orgId, name: input.name, emails: input.emails, phones: input.phones, title: input.title }).execute();
  return (await findPerson(deps, id))!;
}
export async function patchPerson(deps: D, id: string, p: Partial<CreatePerson>): Promise<Person> {
  await deps.db.updateTable("people").set({
    ...(p.name ? { name: p.name } : {}), ...(p.emails ? { emails: p.emails } : {}), ...(p.phones ? { phones: p.phones } : {}),
    ...(p.title !== undefined ? { title: p.title } : {}), ...(p.orgId !== undefined ? { org_id: p.orgId } : {}),
  }).where("id", "=", id).execute();
  const person = await findPerson(deps, id);
  if (!person) throw notFound(`Person ${id}`);
  return person;
}

export async function listPartners(deps: D, workspaceId: string): Promise<Partner[]> {
  const rows = await deps.db.selectFrom("organisations as o").leftJoin("partners as p", "p.org_id", "o.id")
    .select(["o.id", "o.name", "o.domains", "p.tier", "p.onboarded_on", "p.partner_manager_id"])
    .where("o.workspace_id", "=", workspaceId).where("o.side", "=", "partner").orderBy("o.name").execute();
  return rows.map((r) => ({ orgId: r.id, name: r.name, domains: r.domains, tier: r.tier ?? null, onboardedOn: r.onboarded_on ?? null, partnerManagerId: r.partner_manager_id ?? null }));
}
export async function upsertPartner(deps: D, orgId: string, p: UpsertPartner): Promise<void> {
  await deps.db.insertInto("partners").values({ org_id: orgId, tier: p.tier ?? null, onboarded_on: p.onboardedOn ?? null, partner_manager_id: p.partnerManagerId ?? null })
    .onConflict((oc) => {
      const set = {
        ...(p.tier !== undefined ? { tier: p.tier } : {}), ...(p.onboardedOn !== undefined ? { onboarded_on: p.onboardedOn } : {}),
        ...(p.partnerManagerId !== undefined ? { partner_manager_id: p.partnerManagerId } : {}),
      };
      return Object.keys(set).length ? oc.column("org_id").doUpdateSet(set) : oc.column("org_id").doNothing();
    }).execute();
}
