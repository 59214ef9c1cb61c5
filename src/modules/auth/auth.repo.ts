// SQL for the auth tables: users, sessions, api_tokens, setup_tokens, login_attempts.
import type { Kysely, Selectable } from "kysely";
import type { DB, UsersTable } from "../../db/schema.ts";

type Db = Kysely<DB>;
export type UserRow = Selectable<UsersTable>;

export const findUserRowByEmail = (db: Db, email: string) =>
  db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();

export const listUserRows = (db: Db, workspaceId: string) =>
  db.selectFrom("users").selectAll().where("workspace_id", "=", workspaceId).orderBy("created_at").orderBy("id").execute();

export const insertUserRow = (db: Db, row: Omit<UserRow, "created_at" | "person_id" | "disabled_at"> & { created_at: Date }) =>
  db.insertInto("users").values(row).returningAll().executeTakeFirstOrThrow();

export async function hasAdmin(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom("users").select("id").where("role", "=", "admin").limit(1).executeTakeFirst());
}

export const insertSession = (db: Db, row: { id_hash: string; user_id: string; csrf_token: string; expires_at: Date; created_at: Date }) =>
  db.insertInto("sessions").values(row).execute();

export const findSessionWithUser = (db: Db, idHash: string, now: Date) =>
  db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users").select(["sessions.csrf_token", "sessions.expires_at"])
    .where("sessions.id_hash", "=", idHash).where("sessions.expires_at", ">", now).where("users.disabled_at", "is", null)
    .executeTakeFirst();

export const extendSession = (db: Db, idHash: string, expiresAt: Date) =>
  db.updateTable("sessions").set({ expires_at: expiresAt }).where("id_hash", "=", idHash).execute();

export const deleteSession = (db: Db, idHash: string) =>
  db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();

export const deleteExpiredSessions = (db: Db, now: Date) =>
  db.deleteFrom("sessions").where("expires_at", "<=", now).execute();

export const insertApiToken = (db: Db, row: { id: string; user_id: string; name: string; token_hash: string; created_at: Date }) =>
  db.insertInto("api_tokens").values(row).returningAll().executeTakeFirstOrThrow();

export const findTokenWithUser = (db: Db, tokenHash: string) =>
  db.selectFrom("api_tokens").innerJoin("users", "users.id", "api_tokens.user_id")
    .selectAll("users").select(["api_tokens.id as token_id", "api_tokens.last_used_at as token_last_used_at"])
    .where("api_tokens.token_hash", "=", tokenHash).where("users.disabled_at", "is", null)
    .executeTakeFirst();

export const touchToken = (db: Db, id: string, at: Date) =>
  db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();

export const listTokenRows = (db: Db, userId: string) =>
  db.selectFrom("api_tokens").select(["id", "name", "last_used_at", "created_at"])
    .where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();

export async function deleteTokenRow(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("api_tokens").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export const insertSetupToken = (db: Db, row: { token_hash: string; workspace_id: string; expires_at: Date }) =>
  db.insertInto("setup_tokens").values(row).execute();

export const deleteUnusedSetupTokens = (db: Db) =>
  db.deleteFrom("setup_tokens").where("used_at", "is", null).execute();

/** Marks the token used if it is valid; returns its workspace, or undefined if it was unknown, used or expired. */
export const consumeSetupToken = (db: Db, tokenHash: string, now: Date) =>
  db.updateTable("setup_tokens").set({ used_at: now })
    .where("token_hash", "=", tokenHash).where("used_at", "is", null).where("expires_at", ">", now)
    .returning(["workspace_id"]).executeTakeFirst();

export async function listAttemptTimes(db: Db, key: string, since: Date): Promise<Date[]> {
  const rows = await db.selectFrom("login_attempts").select("at").where("key", "=", key).where("at", ">", since).orderBy("at").execute();
  return rows.map((r) => r.at);
}

export const insertAttempts = (db: Db, keys: string[], at: Date) =>
  db.insertInto("login_attempts").values(keys.map((key) => ({ key, at: at }))).execute();

export const deleteAttempts = (db: Db, key: string) =>
  db.deleteFrom("login_attempts").where("key", "=", key).execute();

export const deleteAttemptsBefore = (db: Db, before: Date) =>
  db.deleteFrom("login_attempts").where("at", "<=", before).execute();
