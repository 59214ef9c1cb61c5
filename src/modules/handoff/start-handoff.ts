// Starting a deal's handoff, shared by intro intake and deal-folder import: owner and backup by the rules,
// the handoff row (brief, time-to-first-action clock) and the escalation jobs. Runs inside the caller's transaction.
import { logActivity } from "../activity/index.ts";
import { listUsers } from "../auth/index.ts";
import { listPeople, type Person, type Workspace } from "../directory/index.ts";
import { enqueueJob } from "../jobs/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { calendarOf, loadTargetMs } from "./handoff-calendar.ts";
import { escalateHandoffJob, escalationUniqueKey } from "./handoff.jobs.ts";
import { findHandoff, findLastRoundRobinOwnerId, findPartnerUsualOwnerId, insertHandoff } from "./handoff.repo.ts";
import { resolveFirstAction } from "./handoff.service.ts";
import { pickOwners, type PickedOwners } from "./owner-rules.ts";
import type { StoredBrief } from "./stored-brief.ts";
import { computeDeadline, ESCALATION_LEVELS } from "./ttfa.ts";

export const ROLE_MAILBOX = /^(intros?|sales|partners?|partnerships|alliances|info|hello|team|noreply|no-reply|support|deals|crm|bcc)[@+]/i;

/** Our people who can own a deal: those with a (non-partner) user account when any has one, else all of ours. */
async function listOwnerCandidates(deps: Deps, ws: Workspace): Promise<Person[]> {
  const ours = (await listPeople(deps, ws.id, { side: "ours" })).filter((p) => !p.emails.every((e) => ROLE_MAILBOX.test(e)));
  const userEmails = new Set((await listUsers(deps, { workspaceId: ws.id })).filter((u) => u.role !== "partner").map((u) => u.email.toLowerCase()));
  const withUser = ours.filter((p) => p.emails.some((e) => userEmails.has(e.toLowerCase())));
  return [...(withUser.length ? withUser : ours)].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Owner and backup: by hand when given; else the partner's usual owner (whoever owns our most recent deal with
 * this partner, `usualOwnerId` first when the caller knows it); else round robin.
 */
export async function pickHandoffOwners(deps: Deps, ws: Workspace, p: {
  partnerOrgId: string | null; ownerId?: string | null; backupId?: string | null; usualOwnerId?: string | null;
}): Promise<PickedOwners> {
  return pickOwners({
    candidates: await listOwnerCandidates(deps, ws),
    manual: p.ownerId ? { ownerId: p.ownerId, backupId: p.backupId } : p.backupId !== undefined ? { backupId: p.backupId } : undefined,
    partnerUsualOwnerId: p.usualOwnerId ?? (p.partnerOrgId ? await findPartnerUsualOwnerId(deps, ws.id, p.partnerOrgId) : null),
    lastRoundRobinOwnerId: await findLastRoundRobinOwnerId(deps, ws.id),
  });
}

export interface StartHandoffInput {
  ws: Workspace; dealId: string; conversationId: string | null; partnerOrgId: string | null;
  messageId: string | null; contentHash: string; subject: string | null; brief: StoredBrief; receivedAt: Date; owners: PickedOwners;
  /**
   * "all": both levels (intake); "future": only levels whose time is still ahead (an imported, historical intro must
   * not mail anybody about last year); "none": no jobs (the in-memory `baton analyze`).
   */
  escalations: "all" | "future" | "none";
  /** Activity action: "intake" or "import". */
  action: string;
}

export async function startHandoff(tx: Deps, actor: Actor, input: StartHandoffInput): Promise<{ handoffId: string; dueAt: Date; isActioned: boolean }> {
  const calendar = calendarOf(input.ws);
  const targetMs = await loadTargetMs(tx, input.ws);
  const dueAt = computeDeadline(input.receivedAt, targetMs, 1, calendar);
  const handoffId = tx.ids.make("hof");
  const now = tx.clock.now();
  await insertHandoff(tx, {
    id: handoffId, workspaceId: input.ws.id, dealId: input.dealId, conversationId: input.conversationId, partnerOrgId: input.partnerOrgId,
    messageId: input.messageId, contentHash: input.contentHash, subject: input.subject, brief: input.brief, receivedAt: input.receivedAt,
    ownerId: input.owners.ownerId, backupId: input.owners.backupId, ownerRule: input.owners.rule, targetMs, dueAt, now,
  });
  // A deal that already has a call after the intro (an imported folder) has its first action: the clock is stopped
  // now rather than when somebody first opens the handoff, so reports read it, and nothing needs escalating.
  const first = await resolveFirstAction(tx, (await findHandoff(tx, handoffId))!);
  if (input.escalations !== "none" && !first) {
    for (const { level, ratio } of ESCALATION_LEVELS) {
      const runAt = computeDeadline(input.receivedAt, targetMs, ratio, calendar);
      if (input.escalations === "future" && runAt.getTime() <= now.getTime()) continue;
      await enqueueJob(tx, escalateHandoffJob, { handoffId, level }, { uniqueKey: escalationUniqueKey(handoffId, level), runAt });
    }
  }
  await logActivity(tx, {
    workspaceId: input.ws.id, dealId: input.dealId, actor, action: input.action, entity: "handoff", entityId: handoffId,
    data: { messageId: input.messageId, ownerId: input.owners.ownerId, backupId: input.owners.backupId, ownerRule: input.owners.rule, partnerOrgId: input.partnerOrgId },
  });
  return { handoffId, dueAt, isActioned: !!first };
}
