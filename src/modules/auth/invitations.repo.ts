// SQL for invitations (and the admin's users list with partner organisations).
import { sql, type Kysely, type Selectable } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { InvitationsTable } from "../../db/schema-partner-access.ts";

type Db = Kysely<DB>;
export type InvitationRow = Selectable<InvitationsTable> & { partner_name: string };

const withPartner = (db: Db) => db.selectFrom("invitations as i").innerJoin("organisations as o", "o.id", "i.partner_org_id")
  .selectAll("i").select("o.name as partner_name");

/** Revokes every open invitation for the email (a re-invite replaces it). */
export const revokeOpenInvitations = (db: Db, workspaceId: string, email: string, at: Date) =>
  db.updateTable("invitations").set({ revoked_at: at })
    .where("workspace_id", "=", workspaceId).where("email", "=", email).where("accepted_at", "is", null).where("revoked_at", "is", null).execute();

export const insertInvitation = (db: Db, row: {
  id: string; workspace_id: string; email: string; name: string | null; partner_org_id: string; token_hash: string;
  invited_by: string | null; expires_at: Date; created_at: Date;
}) => db.insertInto("invitations").values(row).execute();

export async function countInvitationsSince(db: Db, invitedBy: string, since: Date): Promise<number> {
  const r = await db.selectFrom("invitations").select(sql<string>`count(*)`.as("n")).where("invited_by", "=", invitedBy).where("created_at", ">", since).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export const listInvitationRows = (db: Db, workspaceId: string) =>
  withPartner(db).where("i.workspace_id", "=", workspaceId).where("i.revoked_at", "is", null)
    .orderBy("i.created_at", "desc").orderBy("i.id").execute() as Promise<InvitationRow[]>;

export const findInvitationRow = (db: Db, id: string) =>
  withPartner(db).where("i.id", "=", id).executeTakeFirst() as Promise<InvitationRow | undefined>;

/** The invitation a token opens, if it is still usable (not accepted, revoked or expired). */
export const findUsableInvitation = (db: Db, tokenHash: string, now: Date) =>
  withPartner(db).where("i.token_hash", "=", tokenHash).where("i.accepted_at", "is", null).where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", now).executeTakeFirst() as Promise<InvitationRow | undefined>;

/** Marks the invitation used if it still is usable; the row lock makes two concurrent accepts meet here. */
export const consumeInvitation = (db: Db, tokenHash: string, now: Date) =>
  db.updateTable("invitations").set({ accepted_at: now })
    .where("token_hash", "=", tokenHash).where("accepted_at", "is", null).where("revoked_at", "is", null).where("expires_at", ">", now)
    .returningAll().executeTakeFirst();

export const setInvitationUser = (db: Db, id: string, userId: string) =>
  db.updateTable("invitations").set({ accepted_user_id: userId }).where("id", "=", id).execute();

export async function revokeInvitationRow(db: Db, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable("invitations").set({ revoked_at: at })
    .where("id", "=", id).where("workspace_id", "=", workspaceId).where("accepted_at", "is", null).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export const listUsersWithPartner = (db: Db, workspaceId: string) =>
  db.selectFrom("users as u").leftJoin("organisations as o", "o.id", "u.partner_org_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.partner_org_id", "u.disabled_at", "u.created_at", "o.name as partner_name"])
    .where("u.workspace_id", "=", workspaceId).orderBy("u.created_at").orderBy("u.id").execute();

export const findUserRowById = (db: Db, id: string) => db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();

export const updateUserRow = (db: Db, id: string, set: { role?: "admin" | "member" | "partner"; disabled_at?: Date | null }) =>
  db.updateTable("users").set(set).where("id", "=", id).execute();

export async function countActiveAdmins(db: Db, workspaceId: string): Promise<number> {
  const r = await db.selectFrom("users").select(sql<string>`count(*)`.as("n"))
    .where("workspace_id", "=", workspaceId).where("role", "=", "admin").where("disabled_at", "is", null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export const deleteUserSessions = (db: Db, userId: string) => db.deleteFrom("sessions").where("user_id", "=", userId).execute();
