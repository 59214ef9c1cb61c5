// SQL for recaps, their versions, the messages sent, and the deal's topic leads (this module's tables only).
import type { Deps } from "../../shared/deps.ts";
import "../../db/schema-recap.ts";
import type { RecapApproval, RecapLine } from "./recap.ts";

type D = Pick<Deps, "db">;

export interface RecapRow {
  id: string; workspaceId: string; dealId: string; conversationId: string; version: number; language: string;
  lines: RecapLine[]; approvals: RecapApproval[]; status: "draft" | "agreed" | "sent"; createdBy: string; createdAt: string; updatedAt: string;
}
export interface RecapSendRow {
  id: string; recapId: string; version: number; messageId: string; to: string[]; cc: string[]; subject: string; text: string; html: string; actor: string; at: string;
}

const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
const iso = (d: Date | string) => new Date(d).toISOString();

function toRecap(r: { id: string; workspace_id: string; deal_id: string; conversation_id: string; version: number; language: string; lines: unknown; approvals: unknown; status: RecapRow["status"]; created_by: string; created_at: Date; updated_at: Date }): RecapRow {
  return {
    id: r.id, workspaceId: r.workspace_id, dealId: r.deal_id, conversationId: r.conversation_id, version: r.version, language: r.language,
    lines: parse<RecapLine[]>(r.lines), approvals: parse<RecapApproval[]>(r.approvals), status: r.status, createdBy: r.created_by,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

export async function findRecap(deps: D, id: string): Promise<RecapRow | null> {
  const r = await deps.db.selectFrom("recaps").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toRecap(r) : null;
}
export async function findRecapByConversation(deps: D, conversationId: string): Promise<RecapRow | null> {
  const r = await deps.db.selectFrom("recaps").selectAll().where("conversation_id", "=", conversationId).executeTakeFirst();
  return r ? toRecap(r) : null;
}
export async function listDealRecaps(deps: D, dealId: string): Promise<RecapRow[]> {
  return (await deps.db.selectFrom("recaps").selectAll().where("deal_id", "=", dealId).orderBy("created_at").execute()).map(toRecap);
}

export async function insertRecap(deps: D, r: Omit<RecapRow, "updatedAt" | "approvals" | "status" | "version">) {
  await deps.db.insertInto("recaps").values({
    id: r.id, workspace_id: r.workspaceId, deal_id: r.dealId, conversation_id: r.conversationId, version: 1, language: r.language,
    lines: JSON.stringify(r.lines), approvals: "[]", status: "draft", created_by: r.createdBy, created_at: r.createdAt, updated_at: r.createdAt,
  }).execute();
  await deps.db.insertInto("recap_versions").values({ recap_id: r.id, version: 1, lines: JSON.stringify(r.lines), actor: r.createdBy, at: r.createdAt }).execute();
}

/** A new version of the lines: approvals reset (they were for the words as they stood). */
export async function updateRecapLines(deps: D, r: { id: string; version: number; lines: RecapLine[]; actor: string; at: Date }) {
  await deps.db.updateTable("recaps").set({ version: r.version, lines: JSON.stringify(r.lines), approvals: "[]", status: "draft", updated_at: r.at }).where("id", "=", r.id).execute();
  await deps.db.insertInto("recap_versions").values({ recap_id: r.id, version: r.version, lines: JSON.stringify(r.lines), actor: r.actor, at: r.at }).execute();
}

export async function updateRecapApprovals(deps: D, id: string, approvals: RecapApproval[], status: RecapRow["status"], at: Date) {
  await deps.db.updateTable("recaps").set({ approvals: JSON.stringify(approvals), status, updated_at: at }).where("id", "=", id).execute();
}
export async function setRecapStatus(deps: D, id: string, status: RecapRow["status"], at: Date) {
  await deps.db.updateTable("recaps").set({ status, updated_at: at }).where("id", "=", id).execute();
}

export async function insertRecapSend(deps: D, s: RecapSendRow) {
  await deps.db.insertInto("recap_sends").values({
    id: s.id, recap_id: s.recapId, version: s.version, message_id: s.messageId, sent_to: JSON.stringify(s.to), sent_cc: JSON.stringify(s.cc),
    subject: s.subject, text_body: s.text, html_body: s.html, actor: s.actor, at: s.at,
  }).execute();
}
export async function listRecapSends(deps: D, recapId: string): Promise<RecapSendRow[]> {
  const rows = await deps.db.selectFrom("recap_sends").selectAll().where("recap_id", "=", recapId).orderBy("at").execute();
  return rows.map((r) => ({
    id: r.id, recapId: r.recap_id, version: r.version, messageId: r.message_id, to: parse<string[]>(r.sent_to), cc: parse<string[]>(r.sent_cc),
    subject: r.subject, text: r.text_body, html: r.html_body, actor: r.actor, at: iso(r.at),
  }));
}
