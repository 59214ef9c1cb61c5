// Users: create, list, look up. Password hashes never leave this module.
import type { Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import { findUserRowByEmail, insertUserRow, listUserRows, type UserRow } from "./auth.repo.ts";
import { CreateUserSchema, type CreateUser, type User } from "./auth.schemas.ts";
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
