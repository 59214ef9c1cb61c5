// Delivery: N poll-based workers claim due outbox rows (FOR UPDATE SKIP LOCKED, in order per deal and
// connection), apply each through the connection's adapter, store the CRM's ids and mark the row done.
// Failures back off exponentially with full jitter (base 1 s, cap 10 min); 429 waits for Retry-After;
// non-retryable errors and the 8th failure are dead-lettered with the exact error. A worker that dies
// between send and mark leaves the row in flight; after the lease another worker takes it again, and the
// idempotency key (and the adapters' find-before-create) makes the repeat harmless.
import type { Deps } from "../../shared/deps.ts";
import { CrmError, type CrmAdapter, type CrmKind, type CrmOperation } from "./crm.types.ts";
import * as repo from "./crm.repo.ts";
import { connectionConfig, expandMarker, externalIdRows, knownIdsFor } from "./crm.service.ts";
import { refreshConnectionToken, tokenNeedsRefresh } from "./oauth.ts";

export interface BackoffPolicy { baseMs: number; capMs: number; maxAttempts: number }
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 10 * 60_000, maxAttempts: 8 };

/** Full jitter: a uniform delay in [0, min(cap, base·2^(attempt−1))). `attempt` counts from 1. */
export function backoffDelayMs(attempt: number, policy: Pick<BackoffPolicy, "baseMs" | "capMs"> = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export type FailureOutcome = { status: "pending"; delayMs: number } | { status: "dead" };
/** What happens to a row after its `attempts`-th failed delivery. */
export function failureOutcome(error: unknown, attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): FailureOutcome {
  const retryable = error instanceof CrmError ? error.opts.retryable : true; // unknown errors (bugs, network) are retried
  if (!retryable || attempts >= policy.maxAttempts) return { status: "dead" };
  if (error instanceof CrmError && error.opts.retryAfterMs != null) return { status: "pending", delayMs: error.opts.retryAfterMs };
  return { status: "pending", delayMs: backoffDelayMs(attempts, policy, random) };
}

export function describeError(error: unknown): string {
  if (error instanceof CrmError) return `${error.message}${error.opts.status ? ` [HTTP ${error.opts.status}]` : ""}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export interface OutboxWorkerOptions {
  deps: Deps;
  adapterFor: (kind: CrmKind) => CrmAdapter;
  workerId: string;
  /** Parallel claim loops (default 4, BATON_CRM_WORKERS). */
  workers?: number;
  /** Rows claimed per loop per poll. */
  batch?: number;
  pollMs?: number;
  /** An in-flight row whose claim is older than this is taken again (its worker is presumed dead). */
  leaseMs?: number;
  backoff?: Partial<BackoffPolicy>;
  random?: () => number;
  /** Delivered rows older than this are pruned (the newest per object is kept); default 30 days. */
  retentionMs?: number;
  /** Test hook between the adapter's answer and the mark: throwing here is a crash (the row stays in flight). */
  afterApply?: (row: repo.OutboxRow) => void | Promise<void>;
  log?: (msg: string, data?: Record<string, unknown>) => void;
}

export interface OutboxWorker {
  start(): void;
  /** Stops claiming and waits for the deliveries in flight. */
  stop(): Promise<void>;
  /** One claim-and-deliver round for every loop; returns how many rows were processed. */
  runOnce(): Promise<number>;
}

export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { deps, workerId, workers = Number(process.env.BATON_CRM_WORKERS) || 4, batch = 8, pollMs = 250, leaseMs = 60_000, random = Math.random, log = () => {} } = opts;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const connCache = new Map<string, { at: number; row: repo.ConnectionRow | null }>();
  let isRunning = false;
  let loops: Promise<void>[] = [];
  const wakers = new Set<() => void>();

  async function connection(id: string): Promise<repo.ConnectionRow | null> {
    const hit = connCache.get(id);
    if (hit && Date.now() - hit.at < 5000) return hit.row;
    const row = await repo.findConnection(deps, id);
    connCache.set(id, { at: Date.now(), row });
    return row;
  }

  async function deliver(loopId: string, row: repo.OutboxRow): Promise<void> {
    const now = () => deps.clock.now();
    let conn = await connection(row.connectionId);
    if (!conn) { await repo.finishOutboxRow(deps, row.id, loopId, { status: "dead", at: now(), lastError: "The connection was deleted" }); return; }
    if (row.op === "sync-deal") {
      try {
        await expandMarker(deps, row, loopId);
      } catch (error) {
        const outcome = failureOutcome(error, row.attempts, policy, random);
        await repo.finishOutboxRow(deps, row.id, loopId, { status: outcome.status, at: now(), lastError: describeError(error), ...(outcome.status === "pending" ? { nextAttemptAt: new Date(now().getTime() + outcome.delayMs) } : {}) });
      }
      return;
    }
    const operation = row.payload as unknown as CrmOperation;
    let result: Awaited<ReturnType<CrmAdapter["apply"]>> | null = null;
    let plan: unknown;
    try {
      const adapter = opts.adapterFor(conn.kind);
      if (tokenNeedsRefresh(conn, now())) { conn = await refreshConnectionToken(deps, conn); connCache.delete(conn.id); }
      // The webhook needs no CRM ids (the receiver keys by Baton id); vendors find-or-update with them.
      const known = conn.kind === "webhook" ? {} : await knownIdsFor(deps, conn.id, operation);
      if (conn.dryRun) {
        plan = await adapter.plan(connectionConfig(conn), operation, known);
      } else {
        try {
          result = await adapter.apply(connectionConfig(conn), operation, known);
        } catch (e) {
          // An expired OAuth token: refresh once and try again.
          if (!(e instanceof CrmError && e.opts.status === 401 && conn.kind !== "webhook" && conn.credentialsSealed)) throw e;
          conn = await refreshConnectionToken(deps, conn);
          connCache.delete(conn.id);
          result = await adapter.apply(connectionConfig(conn), operation, known);
        }
      }
    } catch (error) {
      const outcome = failureOutcome(error, row.attempts, policy, random);
      const message = describeError(error);
      const status = error instanceof CrmError ? error.opts.status ?? null : null;
      await repo.finishOutboxRow(deps, row.id, loopId, {
        status: outcome.status, at: now(), lastError: message, lastStatus: status,
        ...(outcome.status === "pending" ? { nextAttemptAt: new Date(now().getTime() + outcome.delayMs) } : {}),
      });
      if (conn.lastError !== message) { await repo.updateConnection(deps, conn.id, { lastError: message }); connCache.delete(conn.id); }
      log("crm delivery failed", { row: row.id, connection: conn.id, attempt: row.attempts, outcome: outcome.status, error: message });
      return;
    }
    await opts.afterApply?.(row);
    await repo.completeDelivery(deps, row.id, loopId, now(), result ? externalIdRows(operation, result.ids) : [], conn.id, plan);
    const at = now();
    if (conn.lastError || !conn.lastOkAt || at.getTime() - Date.parse(conn.lastOkAt) > 60_000) {
      await repo.updateConnection(deps, conn.id, { lastOkAt: at.toISOString(), lastError: null });
      connCache.delete(conn.id);
    }
  }

  async function round(loopId: string): Promise<number> {
    const rows = await repo.claimOutboxRows(deps, { workerId: loopId, limit: batch, now: deps.clock.now(), leaseMs });
    // One claim never holds two rows of the same deal and connection, so a batch is delivered concurrently.
    await Promise.all(rows.map(async (row) => {
      try {
        await deliver(loopId, row);
      } catch (e) {
        // A crash between send and mark (or the database gone): the row stays in flight until the lease ends.
        log("crm delivery abandoned", { row: row.id, error: String(e) });
      }
    }));
    return rows.length;
  }

  let lastPrune = 0;
  async function maybePrune(): Promise<void> {
    if (Date.now() - lastPrune < 10 * 60_000) return;
    lastPrune = Date.now();
    const n = await repo.pruneOutbox(deps, new Date(deps.clock.now().getTime() - (opts.retentionMs ?? 30 * 86_400_000)));
    if (n) log("crm outbox pruned", { rows: n });
  }

  async function loop(loopId: string): Promise<void> {
    // An idle loop polls less and less often (pollMs doubling up to 8 × pollMs): four loops polling an empty
    // outbox every 250 ms are ~16 claims a second of pure overhead. Any delivered row resets it.
    let idleRounds = 0;
    while (isRunning) {
      if (loopId.endsWith("#0")) await maybePrune().catch((e) => log("crm outbox prune failed", { error: String(e) }));
      let n = 0;
      try { n = await round(loopId); } catch (e) { log("crm outbox poll failed", { loopId, error: String(e) }); }
      if (!isRunning) break;
      if (n > 0) { idleRounds = 0; continue; }
      const waitMs = pollMs * 2 ** Math.min(idleRounds++, 3);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { wakers.delete(w); resolve(); }, waitMs);
        const w = () => { clearTimeout(timer); wakers.delete(w); resolve(); };
        wakers.add(w);
      });
    }
  }

  return {
    start() {
      if (isRunning) return;
      isRunning = true;
      loops = Array.from({ length: workers }, (_, i) => loop(`${workerId}#${i}`));
    },
    async stop() {
      isRunning = false;
      for (const w of [...wakers]) w();
      await Promise.allSettled(loops);
    },
    async runOnce() {
      const counts = await Promise.all(Array.from({ length: workers }, (_, i) => round(`${workerId}#${i}`)));
      return counts.reduce((a, b) => a + b, 0);
    },
  };
}
