// Users: create, list, look up. Password hashes never leave this module.
import { logActivity } from "../activity/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { findUserRowByEmail, insertUserRow, listUserRows, type UserRow } from "./auth.repo.ts";
import { CreateUserSchema, type CreateUser, type User } from "./auth.schemas.ts";
import { countActiveAdmins, deleteUserSessions, findUserRowById, listUsersWithPartner, updateUserRow } from "./invitations.repo.ts";
import type { UpdateUser, UserListEntry } from "./invitations.schemas.ts";
import { hashPassword } from "./password.ts";

export function toUser(row: Pick<UserRow, "id" | "email" | "name" | "role" | "partner_org_id">): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, partnerOrgId: row.partner_org_id };
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function createUser(deps: Deps, input: CreateUser): Promise<User> {
  const parsed = CreateUserSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput("Invalid user", parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  }
  const u = parsed.data;
  if (await findUserRowByEmail(deps.db, u.email)) throw new AppError("CONFLICT", `A user with email ${u.email} already exists`);
  try {
    const row = await insertUserRow(deps.db, {
      id: deps.ids.make("usr"), workspace_id: u.workspaceId, email: u.email, name: u.name,
      password_hash: u.password ? await hashPassword(u.password) : null,
      role: u.role, partner_org_id: u.role === "partner" ? (u.partnerOrgId ?? null) : null,
      created_at: deps.clock.now(),
    });
    return toUser(row);
  } catch (e) {
    // Two concurrent creates: the unique index decides.
    if ((e as { code?: string }).code === "23505") throw new AppError("CONFLICT", `A user with email ${u.email} already exists`, { cause: e });
    throw e;
  }
}

export async function listUsers(deps: Deps, { workspaceId }: { workspaceId: string }): Promise<User[]> {
  return (await listUserRows(deps.db, workspaceId)).map(toUser);
}

export async function findUserByEmail(deps: Deps, email: string): Promise<User | null> {
  const row = await findUserRowByEmail(deps.db, normaliseEmail(email));
  return row ? toUser(row) : null;
}

export async function getUserByEmail(deps: Deps, email: string): Promise<User> {
  const user = await findUserByEmail(deps, email);
  if (!user) throw notFound(`User ${email}`);
  return user;
}

/** Every user of the workspace with role, partner organisation and whether they are disabled (admins' list). */
export async function listUsersDetailed(deps: Deps, workspaceId: string): Promise<UserListEntry[]> {
  return (await listUsersWithPartner(deps.db, workspaceId)).map((r) => ({
    id: r.id, email: r.email, name: r.name, role: r.role, partnerOrgId: r.partner_org_id, partnerName: r.partner_name ?? null,
    disabled: r.disabled_at != null, createdAt: new Date(r.created_at).toISOString(),
  }));
}

/**
 * Changes a user's role between admin and member, or disables/enables them (their sessions end at once).
 * Partner users are made by invitation, so nobody becomes or stops being one here; the last admin stays.
 */
export async function updateUser(deps: Deps, actor: Actor, workspaceId: string, id: string, input: UpdateUser): Promise<UserListEntry> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await findUserRowById(trx, id);
    if (!row || row.workspace_id !== workspaceId) throw notFound(`User ${id}`);
    if (input.role && input.role !== row.role && (input.role === "partner" || row.role === "partner")) {
      throw invalidInput("Partner users are made by invitation", [{ field: "role", message: "cannot change to or from partner" }]);
    }
    const losesAdmin = row.role === "admin" && row.disabled_at == null && ((input.role && input.role !== "admin") || input.disabled === true);
    if (losesAdmin && (await countActiveAdmins(trx, workspaceId)) <= 1) throw new AppError("CONFLICT", "This is the last admin: make someone else admin first");
    await updateUserRow(trx, id, {
      ...(input.role ? { role: input.role } : {}),
      ...(input.disabled === undefined ? {} : { disabled_at: input.disabled ? (row.disabled_at ?? deps.clock.now()) : null }),
    });
    if (input.disabled) await deleteUserSessions(trx, id);
    await logActivity({ db: trx, clock: deps.clock }, { workspaceId, actor, action: "user.update", entity: "user", entityId: id, data: input });
  });
  return (await listUsersDetailed(deps, workspaceId)).find((u) => u.id === id)!;
}
