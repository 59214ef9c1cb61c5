// SQL for the handoffs and handoff_escalations tables.
import "../../db/schema-handoff.ts";
import "../../db/schema-runway.ts"; // slack_delivery / slack_note on handoff_escalations
import { sql, type Selectable } from "kysely";
import type { HandoffEscalationsTable, HandoffsTable } from "../../db/schema-handoff.ts";
import type { Deps } from "../../shared/deps.ts";
import type { StoredBrief } from "./stored-brief.ts";
import type { FirstActionKind } from "./ttfa.ts";
import type { OwnerRule } from "./owner-rules.ts";

type D = Pick<Deps, "db">;

export interface HandoffRow {
  id: string; workspaceId: string; dealId: string; conversationId: string | null; partnerOrgId: string | null;
  messageId: string | null; contentHash: string; subject: string | null; brief: StoredBrief; receivedAt: Date;
  ownerId: string | null; backupId: string | null; ownerRule: OwnerRule; status: "awaiting_action" | "actioned";
  firstActionAt: Date | null; firstActionKind: FirstActionKind | null; firstActionBy: string | null;
  targetMs: number; dueAt: Date; createdAt: Date; updatedAt: Date;
}

type Row = Selectable<HandoffsTable>;

function toHandoff(r: Row): HandoffRow {
  return {
    id: r.id, workspaceId: r.workspace_id, dealId: r.deal_id, conversationId: r.conversation_id, partnerOrgId: r.partner_org_id,
    messageId: r.message_id, contentHash: r.content_hash, subject: r.subject,
    brief: (typeof r.brief === "string" ? JSON.parse(r.brief) : r.brief) as StoredBrief,
    receivedAt: new Date(r.received_at), ownerId: r.owner_id, backupId: r.backup_id, ownerRule: r.owner_rule, status: r.status,
    firstActionAt: r.first_action_at ? new Date(r.first_action_at) : null, firstActionKind: r.first_action_kind, firstActionBy: r.first_action_by,
    targetMs: Number(r.target_business_ms), dueAt: new Date(r.due_at), createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

export interface NewHandoff {
  id: string; workspaceId: string; dealId: string; conversationId: string | null; partnerOrgId: string | null;
  messageId: string | null; contentHash: string; subject: string | null; brief: StoredBrief; receivedAt: Date;
  ownerId: string | null; backupId: string | null; ownerRule: OwnerRule; targetMs: number; dueAt: Date; now: Date;
}

export async function insertHandoff(deps: D, h: NewHandoff): Promise<void> {
  await deps.db.insertInto("handoffs").values({
    id: h.id, workspace_id: h.workspaceId, deal_id: h.dealId, conversation_id: h.conversationId, partner_org_id: h.partnerOrgId,
    message_id: h.messageId, content_hash: h.contentHash, subject: h.subject, brief: JSON.stringify(h.brief), received_at: h.receivedAt,
    owner_id: h.ownerId, backup_id: h.backupId, owner_rule: h.ownerRule, target_business_ms: h.targetMs, due_at: h.dueAt,
    created_at: h.now, updated_at: h.now,
  }).execute();
}

/** The handoff an earlier intake of the same email created: same Message-ID or same content. */
export async function findHandoffBySource(deps: D, workspaceId: string, source: { messageId: string | null; contentHash: string }): Promise<HandoffRow | null> {
  const r = await deps.db.selectFrom("handoffs").selectAll().where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("content_hash", "=", source.contentHash), ...(source.messageId ? [eb("message_id", "=", source.messageId)] : [])]))
    .orderBy("created_at").limit(1).executeTakeFirst();
  return r ? toHandoff(r) : null;
}

export async function findHandoffByDeal(deps: D, dealId: string): Promise<HandoffRow | null> {
  const r = await deps.db.selectFrom("handoffs").selectAll().where("deal_id", "=", dealId).executeTakeFirst();
  return r ? toHandoff(r) : null;
}

export async function findHandoff(deps: D, id: string): Promise<HandoffRow | null> {
  const r = await deps.db.selectFrom("handoffs").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toHandoff(r) : null;
}

export async function findLastRoundRobinOwnerId(deps: D, workspaceId: string): Promise<string | null> {
  const r = await deps.db.selectFrom("handoffs").select("owner_id").where("workspace_id", "=", workspaceId)
    .where("owner_rule", "=", "round_robin").orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return r?.owner_id ?? null;
}

/** Who owns our most recently updated deal with this partner (the partner's usual owner), if any deal has an owner. */
export async function findPartnerUsualOwnerId(deps: D, workspaceId: string, partnerOrgId: string): Promise<string | null> {
  const r = await deps.db.selectFrom("deals as d").innerJoin("deal_partners as dp", "dp.deal_id", "d.id").innerJoin("people as o", "o.id", "d.owner_id")
    .select("d.owner_id").where("d.workspace_id", "=", workspaceId).where("dp.org_id", "=", partnerOrgId)
    .orderBy("d.updated_at", "desc").limit(1).executeTakeFirst();
  return r?.owner_id ?? null;
}

export async function updateHandoffBrief(deps: D, id: string, brief: StoredBrief, now: Date): Promise<void> {
  await deps.db.updateTable("handoffs").set({ brief: JSON.stringify(brief), updated_at: now }).where("id", "=", id).execute();
}

export async function updateHandoffOwners(deps: D, id: string, p: { ownerId: string | null; backupId: string | null }, now: Date): Promise<void> {
  await deps.db.updateTable("handoffs").set({ owner_id: p.ownerId, backup_id: p.backupId, owner_rule: "manual", updated_at: now }).where("id", "=", id).execute();
}

/** Stops the clock once: false when a first action was already recorded. */
export async function setFirstAction(deps: D, id: string, a: { at: Date; kind: FirstActionKind; by: string }, now: Date): Promise<boolean> {
  const r = await deps.db.updateTable("handoffs").set({
    status: "actioned", first_action_at: a.at, first_action_kind: a.kind, first_action_by: a.by, updated_at: now,
  }).where("id", "=", id).where("first_action_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface EscalationRow {
  id: string; handoffId: string; level: number; recipients: string[]; subject: string | null;
  delivery: Selectable<HandoffEscalationsTable>["delivery"];
  note: string | null; at: Date;
  /** null: never posted (no Slack webhook when it escalated). */
  slackDelivery: "pending" | "sent" | "failed" | null; slackNote: string | null;
}

/**
 * Claims the escalation of one level. Mine when this call inserted the row, or when it took
 * over a delivery that failed; a row another worker holds (pending or done) is not.
 */
export async function claimEscalation(deps: D, e: { id: string; handoffId: string; level: number; at: Date }): Promise<{ row: EscalationRow; isMine: boolean }> {
  const inserted = await deps.db.insertInto("handoff_escalations").values({ id: e.id, handoff_id: e.handoffId, level: e.level, at: e.at })
    .onConflict((oc) => oc.columns(["handoff_id", "level"]).doNothing()).returning("id").executeTakeFirst();
  let isMine = !!inserted;
  if (!isMine) {
    const retaken = await deps.db.updateTable("handoff_escalations").set({ delivery: "pending", at: e.at })
      .where("handoff_id", "=", e.handoffId).where("level", "=", e.level).where("delivery", "=", "failed").returning("id").executeTakeFirst();
    isMine = !!retaken;
  }
  const r = await deps.db.selectFrom("handoff_escalations").selectAll().where("handoff_id", "=", e.handoffId).where("level", "=", e.level).executeTakeFirstOrThrow();
  return { row: toEscalation(r), isMine };
}

export async function updateEscalation(deps: D, id: string, p: { recipients: string[]; subject: string | null; delivery: EscalationRow["delivery"]; note: string | null }): Promise<void> {
  await deps.db.updateTable("handoff_escalations").set({ recipients: p.recipients, subject: p.subject, delivery: p.delivery, note: p.note }).where("id", "=", id).execute();
}

export async function listEscalations(deps: D, handoffId: string): Promise<EscalationRow[]> {
  const rows = await deps.db.selectFrom("handoff_escalations").selectAll().where("handoff_id", "=", handoffId).orderBy("level").execute();
  return rows.map(toEscalation);
}

function toEscalation(r: {
  id: string; handoff_id: string; level: number; recipients: string[]; subject: string | null; delivery: EscalationRow["delivery"]; note: string | null; at: Date;
  slack_delivery?: EscalationRow["slackDelivery"]; slack_note?: string | null;
}): EscalationRow {
  return {
    id: r.id, handoffId: r.handoff_id, level: r.level, recipients: r.recipients, subject: r.subject, delivery: r.delivery, note: r.note, at: new Date(r.at),
    slackDelivery: r.slack_delivery ?? null, slackNote: r.slack_note ?? null,
  };
}

/**
 * The workspace's free-form settings (the directory module does not expose them yet):
 * read-only here, for `handoff.targetBusinessHours`.
 */
export async function findWorkspaceSettings(deps: D, workspaceId: string): Promise<Record<string, unknown>> {
  const r = await deps.db.selectFrom("workspaces").select(sql<Record<string, unknown>>`settings`.as("settings")).where("id", "=", workspaceId).executeTakeFirst();
  return r?.settings ?? {};
}
