// Handoff use cases after intake: read the handoff (brief, owners, clock, draft), edit the
// brief, set owners by hand, record the first owned action.
import { logActivity } from "../activity/index.ts";
import { listConversationSummaries } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { findPerson, getWorkspace, listOrgs } from "../directory/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { draftFirstFollowUp, type FollowUpDraft } from "./first-follow-up.ts";
import { calendarOf } from "./handoff-calendar.ts";
import {
  findHandoffByDeal, listEscalations, setFirstAction, updateHandoffBrief, updateHandoffOwners, type EscalationRow, type HandoffRow,
} from "./handoff.repo.ts";
import { applyBriefEdit, type BriefFieldKey, type StoredBrief } from "./stored-brief.ts";
import { computeClock, type Clock, type FirstActionKind } from "./ttfa.ts";

export async function getHandoffRow(deps: Deps, dealIdOrSlug: string): Promise<HandoffRow> {
  const deal = await getDeal(deps, dealIdOrSlug);
  const h = await findHandoffByDeal(deps, deal.id);
  if (!h) throw notFound(`Handoff for deal ${dealIdOrSlug}`);
  return h;
}

/**
 * The first owned action: the one recorded by hand, or else the first call stored for the deal
 * after the intro arrived (recorded then, so the clock stays stopped).
 */
export async function resolveFirstAction(deps: Deps, h: HandoffRow): Promise<{ at: Date; kind: FirstActionKind; by: string } | null> {
  if (h.firstActionAt && h.firstActionKind) return { at: h.firstActionAt, kind: h.firstActionKind, by: h.firstActionBy ?? "unknown" };
  const calls = (await listConversationSummaries(deps, h.dealId))
    .filter((c) => c.kind === "call" && c.id !== h.conversationId && new Date(c.startedAt).getTime() >= h.receivedAt.getTime())
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  if (!calls.length) return null;
  const action = { at: new Date(calls[0].startedAt), kind: "call_held" as const, by: "system" };
  await setFirstAction(deps, h.id, action, deps.clock.now());
  return action;
}

export interface HandoffView {
  id: string; dealId: string; subject: string | null; receivedAt: string; brief: StoredBrief;
  /** The workspace zone the business clock counts in. */
  timezone: string;
  owner: { id: string; name: string; email: string | null } | null;
  backup: { id: string; name: string; email: string | null } | null;
  ownerRule: HandoffRow["ownerRule"]; status: HandoffRow["status"];
  firstAction: { at: string; kind: FirstActionKind; by: string } | null;
  clock: Clock; escalations: EscalationView[];
}

/**
 * One escalation with its two channels: the email (sent, failed with the error, not sent with the reason: no
 * SMTP, no recipient) and Slack (sent, failed with the error, pending, or not configured when it escalated).
 */
export interface EscalationView {
  level: number; recipients: string[]; subject: string | null; delivery: EscalationRow["delivery"]; note: string | null; at: string;
  email: { state: "sent" | "failed" | "not_sent" | "pending"; detail: string | null };
  slack: { state: "sent" | "failed" | "pending" | "not_configured"; detail: string | null };
}

export function toEscalationView(e: EscalationRow): EscalationView {
  return {
    level: e.level, recipients: e.recipients, subject: e.subject, delivery: e.delivery, note: e.note, at: e.at.toISOString(),
    email: { state: e.delivery, detail: e.delivery === "sent" ? (e.recipients[0] ?? null) : e.note },
    slack: { state: e.slackDelivery ?? "not_configured", detail: e.slackDelivery === "failed" ? e.slackNote : null },
  };
}

async function personRef(deps: Deps, id: string | null) {
  const p = id ? await findPerson(deps, id) : null;
  return p ? { id: p.id, name: p.name, email: p.emails[0] ?? null } : null;
}

export async function getHandoffView(deps: Deps, dealIdOrSlug: string): Promise<HandoffView> {
  const h = await getHandoffRow(deps, dealIdOrSlug);
  const ws = await getWorkspace(deps);
  const first = await resolveFirstAction(deps, h);
  const clock = computeClock({ receivedAt: h.receivedAt, now: deps.clock.now(), targetMs: h.targetMs, firstAction: first, calendar: calendarOf(ws) });
  return {
    id: h.id, dealId: h.dealId, subject: h.subject, receivedAt: h.receivedAt.toISOString(), brief: h.brief, timezone: ws.timezone,
    owner: await personRef(deps, h.ownerId), backup: await personRef(deps, h.backupId), ownerRule: h.ownerRule,
    status: first ? "actioned" : h.status, firstAction: first ? { ...first, at: first.at.toISOString() } : null, clock,
    escalations: (await listEscalations(deps, h.id)).map(toEscalationView),
  };
}

export async function editBrief(deps: Deps, actor: Actor, dealIdOrSlug: string, edit: { field: BriefFieldKey; value: string | null }): Promise<StoredBrief> {
  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const h = await getHandoffRow(tx, dealIdOrSlug);
    const before = h.brief.fields[edit.field]?.value ?? null;
    const brief = applyBriefEdit(h.brief, { ...edit, by: actor.id, at: tx.clock.now() });
    await updateHandoffBrief(tx, h.id, brief, tx.clock.now());
    await logActivity(tx, {
      workspaceId: h.workspaceId, dealId: h.dealId, actor, action: "edit", entity: "brief", entityId: h.id,
      data: { field: edit.field, from: before, to: edit.value },
    });
    return brief;
  });
}

export async function setHandoffOwners(deps: Deps, actor: Actor, dealIdOrSlug: string, p: { ownerId: string | null; backupId: string | null }): Promise<HandoffView> {
  const h = await getHandoffRow(deps, dealIdOrSlug);
  for (const [field, id] of [["ownerId", p.ownerId], ["backupId", p.backupId]] as const) {
    const person = id ? await findPerson(deps, id) : null;
    if (id && (!person || person.side !== "ours")) throw invalidInput("Owner and backup must be our people", [{ field, message: id }]);
  }
  if (p.ownerId && p.ownerId === p.backupId) throw invalidInput("The backup must be someone other than the owner", [{ field: "backupId", message: p.backupId }]);
  await updateHandoffOwners(deps, h.id, p, deps.clock.now());
  await logActivity(deps, { workspaceId: h.workspaceId, dealId: h.dealId, actor, action: "assign", entity: "handoff", entityId: h.id, data: p });
  return getHandoffView(deps, h.dealId);
}

export async function recordFirstAction(deps: Deps, actor: Actor, dealIdOrSlug: string, a: { kind: FirstActionKind; at?: Date }): Promise<HandoffView> {
  const h = await getHandoffRow(deps, dealIdOrSlug);
  const at = a.at ?? deps.clock.now();
  if (at.getTime() < h.receivedAt.getTime()) throw invalidInput("The first action cannot come before the intro arrived", [{ field: "at", message: at.toISOString() }]);
  if (at.getTime() > deps.clock.now().getTime() + 60_000) throw invalidInput("The first action cannot be in the future", [{ field: "at", message: at.toISOString() }]);
  const isFirst = await setFirstAction(deps, h.id, { at, kind: a.kind, by: actor.id }, deps.clock.now());
  await logActivity(deps, { workspaceId: h.workspaceId, dealId: h.dealId, actor, action: "action", entity: "handoff", entityId: h.id, data: { kind: a.kind, at: at.toISOString(), isFirst } });
  // A later action is logged only: the clock stopped at the first one.
  return getHandoffView(deps, h.dealId);
}

export async function getFirstFollowUp(deps: Deps, dealIdOrSlug: string): Promise<FollowUpDraft> {
  const h = await getHandoffRow(deps, dealIdOrSlug);
  const ws = await getWorkspace(deps);
  const ourOrg = (await listOrgs(deps, ws.id)).find((o) => o.side === "ours");
  const owner = await personRef(deps, h.ownerId);
  return draftFirstFollowUp({ brief: h.brief, subject: h.subject, owner, ourCompany: ourOrg?.name ?? ws.name });
}
