import { logActivity } from "../activity/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import * as repo from "./directory.repo.ts";
import type { CreateOrg, CreatePerson, UpdateWorkspace, UpsertPartner } from "./directory.schemas.ts";

export async function updateWorkspaceSettings(deps: Deps, actor: Actor, patch: UpdateWorkspace) {
  const ws = await repo.getWorkspace(deps);
  const next = await repo.updateWorkspace(deps, ws.id, patch);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "update", entity: "workspace", entityId: ws.id, data: patch });
  return next;
}

export async function createOrg(deps: Deps, actor: Actor, input: CreateOrg) {
  const ws = await repo.getWorkspace(deps);
  if (await repo.findOrgByName(deps, ws.id, input.name)) throw new AppError("CONFLICT", `An organisation named "${input.name}" already exists`, { details: [{ field: "name", message: "already exists" }] });
  const org = await repo.insertOrg(deps, ws.id, input);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "create", entity: "organisation", entityId: org.id, data: input });
  return org;
}
export async function updateOrg(deps: Deps, actor: Actor, id: string, patch: Partial<CreateOrg>) {
  const ws = await repo.getWorkspace(deps);
  if (!(await repo.findOrg(deps, id))) throw notFound(`Organisation ${id}`);
  const org = await repo.patchOrg(deps, id, patch);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "update", entity: "organisation", entityId: id, data: patch });
  return org;
}

async function assertEmailsFree(deps: Deps, workspaceId: string, emails: string[], exceptId?: string) {
  for (const [i, email] of emails.entries()) {
    const other = await repo.findPersonByEmail(deps, workspaceId, email);
    if (other && other.id !== exceptId) throw new AppError("CONFLICT", `${email} already belongs to ${other.name}`, { details: [{ field: `emails.${i}`, message: "already in use" }] });
  }
}
export async function createPerson(deps: Deps, actor: Actor, input: CreatePerson) {
  const ws = await repo.getWorkspace(deps);
  if (input.orgId && !(await repo.findOrg(deps, input.orgId))) throw notFound(`Organisation ${input.orgId}`);
  await assertEmailsFree(deps, ws.id, input.emails);
  const person = await repo.insertPerson(deps, ws.id, input);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "create", entity: "person", entityId: person.id, data: input });
  return person;
}
export async function updatePerson(deps: Deps, actor: Actor, id: string, patch: Partial<CreatePerson>) {
  const ws = await repo.getWorkspace(deps);
  if (!(await repo.findPerson(deps, id))) throw notFound(`Person ${id}`);
  if (patch.emails) await assertEmailsFree(deps, ws.id, patch.emails, id);
  const person = await repo.patchPerson(deps, id, patch);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "update", entity: "person", entityId: id, data: patch });
  return person;
}

export async function setPartnerProgram(deps: Deps, actor: Actor, orgId: string, p: UpsertPartner) {
  const ws = await repo.getWorkspace(deps);
  const org = await repo.findOrg(deps, orgId);
  if (!org) throw notFound(`Organisation ${orgId}`);
  if (org.side !== "partner") throw new AppError("INVALID_INPUT", `${org.name} is on the ${org.side} side, not a partner`, { details: [{ field: "orgId", message: "not a partner organisation" }] });
  await repo.upsertPartner(deps, orgId, p);
  await logActivity(deps, { workspaceId: ws.id, actor, action: "update", entity: "partner", entityId: orgId, data: p });
  return (await repo.listPartners(deps, ws.id)).find((x) => x.orgId === orgId)!;
}
