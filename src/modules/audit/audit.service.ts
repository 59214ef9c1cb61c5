// Audit use cases: append one entry (views, exports, shares, changes, logins, invitations, deliveries) and read them back.
import type { Deps } from "../../shared/deps.ts";
import { type DealOwner, insertAuditRows, listAuditRows, type NewAuditRow } from "./audit.repo.ts";
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

/**
 * Appends one entry; resolves once the row is committed (the log stays as durable as the request it records).
 * Inside a transaction: one INSERT in that transaction. Otherwise entries that arrive while an INSERT is running
 * (concurrent requests), or in the same turn of the event loop, go in together as one multi-row INSERT: a group
 * commit, so 20 views at once cost a couple of statements and commits instead of 20.
 */
export async function recordAudit(deps: Pick<Deps, "db" | "clock">, e: AuditInput): Promise<void> {
  const row: NewAuditRow = {
    workspaceId: e.workspaceId ?? null, actorId: e.actor.id, actorKind: e.actor.kind, action: e.action, entity: e.entity,
    entityId: e.entityId ?? null,
    deal: e.dealOf ? e.dealOf : e.dealRef ? { slugOrId: e.dealRef } : { id: e.dealId ?? null },
    ip: e.ip ?? null, userAgent: e.userAgent?.slice(0, 400) ?? null, data: e.data ?? {}, at: deps.clock.now(),
  };
  if (deps.db.isTransaction) return insertAuditRows(deps, [row]);
  return groupCommit(deps, row);
}

interface Waiting { row: NewAuditRow; resolve: () => void; reject: (e: unknown) => void }
/** Per database handle: the entries waiting for the INSERT in flight to finish. */
const queues = new WeakMap<object, { waiting: Waiting[]; running: boolean }>();

function groupCommit(deps: Pick<Deps, "db">, row: NewAuditRow): Promise<void> {
  let q = queues.get(deps.db);
  if (!q) queues.set(deps.db, (q = { waiting: [], running: false }));
  const queue = q;
  const done = new Promise<void>((resolve, reject) => { queue.waiting.push({ row, resolve, reject }); });
  if (!queue.running) {
    queue.running = true;
    void (async () => {
      try {
        // Requests that reach this point in the same turn of the event loop (on the embedded database every
        // remembered read answers without I/O, and its INSERT blocks the thread) go in together.
        await new Promise((r) => setImmediate(r));
        while (queue.waiting.length) {
          const batch = queue.waiting.splice(0, 500);
          try {
            await insertAuditRows(deps, batch.map((w) => w.row));
            for (const w of batch) w.resolve();
          } catch {
            // One bad entry must not lose the others: write them one by one, each failing alone.
            for (const w of batch) await insertAuditRows(deps, [w.row]).then(w.resolve, w.reject);
          }
        }
      } finally {
        queue.running = false;
      }
    })();
  }
  return done;
}

/** Newest first; `nextBefore` is the cursor of the next (older) page, null on the last one. */
export async function listAudit(deps: Pick<Deps, "db">, q: AuditQuery & { workspaceId?: string | null }): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const entries = await listAuditRows(deps, { ...q, limit: q.limit + 1 });
  const hasMore = entries.length > q.limit;
  const page = entries.slice(0, q.limit);
  return { entries: page, nextBefore: hasMore ? page[page.length - 1].id : null };
}
