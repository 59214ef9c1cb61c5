// Audit use cases: append one entry (views, exports, shares, changes, logins, invitations, deliveries) and read them back.
import type { Deps } from "../../shared/deps.ts";
import { type DealOwner, insertAuditRow, listAuditRows } from "./audit.repo.ts";
import type { AuditAction, AuditActorKind, AuditEntry, AuditQuery } from "./audit.schemas.ts";

export interface AuditInput {
  workspaceId?: string | null;
  actor: { id: string; kind: AuditActorKind };
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  dealId?: string | null;
  /** Instead of dealId: the deal of this conversation / recap / item / buyer link (looked up inside the same INSERT). */
  dealOf?: { of: DealOwner; id: string };
  /** Instead of dealId: a deal id or slug as the caller named it. */
  dealRef?: string;
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets or bodies: what was done (route, status, format, audience, recipients…). */
  data?: Record<string, unknown>;
}

/** Appends one entry with a single INSERT (the audit_log table refuses updates and deletes). */
export async function recordAudit(deps: Pick<Deps, "db" | "clock">, e: AuditInput): Promise<void> {
  await insertAuditRow(deps, {
    workspaceId: e.workspaceId ?? null, actorId: e.actor.id, actorKind: e.actor.kind, action: e.action, entity: e.entity,
    entityId: e.entityId ?? null,
    deal: e.dealOf ? e.dealOf : e.dealRef ? { slugOrId: e.dealRef } : { id: e.dealId ?? null },
    ip: e.ip ?? null, userAgent: e.userAgent?.slice(0, 400) ?? null, data: e.data ?? {}, at: deps.clock.now(),
  });
}

/** Newest first; `nextBefore` is the cursor of the next (older) page, null on the last one. */
export async function listAudit(deps: Pick<Deps, "db">, q: AuditQuery & { workspaceId?: string | null }): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const entries = await listAuditRows(deps, { ...q, limit: q.limit + 1 });
  const hasMore = entries.length > q.limit;
  const page = entries.slice(0, q.limit);
  return { entries: page, nextBefore: hasMore ? page[page.length - 1].id : null };
}
