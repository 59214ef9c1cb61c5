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
 * Inside a transaction: one INSERT in that transaction. Otherwise entries that arrive in the same turn of the event
 * loop, or while MAX_IN_FLIGHT INSERTs are running, go in together as one multi-row INSERT: a group commit, so 20
 * views at once cost a few statements and commits instead of 20.
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
interface Queue { waiting: Waiting[]; inFlight: number; scheduled: boolean }
/** Per database handle: the entries waiting for an INSERT. */
const queues = new WeakMap<object, Queue>();
/**
 * INSERTs in flight at once. One at a time made every request wait for the commit (and disk flush) before its
 * own: on PostgreSQL under 20 concurrent clients that serial flush set the deal page's p95. A few at once let the
 * server's own group commit share one flush; the embedded database runs them one after another anyway.
 */
const MAX_IN_FLIGHT = 4;

function groupCommit(deps: Pick<Deps, "db">, row: NewAuditRow): Promise<void> {
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = { waiting: [], inFlight: 0, scheduled: false }));
  const done = new Promise<void>((resolve, reject) => { queue.waiting.push({ row, resolve, reject }); });
  schedule(deps, queue);
  return done;
}

/**
 * Entries that arrive in the same turn of the event loop (on the embedded database every remembered read answers
 * without I/O, and its INSERT blocks the thread) go in together as one multi-row INSERT.
 */
function schedule(deps: Pick<Deps, "db">, queue: Queue) {
  if (queue.scheduled || queue.inFlight >= MAX_IN_FLIGHT || queue.waiting.length === 0) return;
  queue.scheduled = true;
  setImmediate(() => {
    queue.scheduled = false;
    if (queue.inFlight >= MAX_IN_FLIGHT || queue.waiting.length === 0) return;
    const batch = queue.waiting.splice(0, 500);
    queue.inFlight++;
    void flush(deps, batch).finally(() => {
      queue.inFlight--;
      schedule(deps, queue);
    });
    schedule(deps, queue);
  });
}

async function flush(deps: Pick<Deps, "db">, batch: Waiting[]) {
  try {
    await insertAuditRows(deps, batch.map((w) => w.row));
    for (const w of batch) w.resolve();
  } catch {
    // One bad entry must not lose the others: write them one by one, each failing alone.
    for (const w of batch) await insertAuditRows(deps, [w.row]).then(w.resolve, w.reject);
  }
}

/** Newest first; `nextBefore` is the cursor of the next (older) page, null on the last one. */
export async function listAudit(deps: Pick<Deps, "db">, q: AuditQuery & { workspaceId?: string | null }): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const entries = await listAuditRows(deps, { ...q, limit: q.limit + 1 });
  const hasMore = entries.length > q.limit;
  const page = entries.slice(0, q.limit);
  return { entries: page, nextBefore: hasMore ? page[page.length - 1].id : null };
}
