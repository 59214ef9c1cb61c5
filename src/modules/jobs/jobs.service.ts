// The durable queue: enqueue, claim, complete, fail with backoff, list, retry, recover from dead workers.
import type { z } from "zod";
import type { Deps } from "../../shared/deps.ts";
import { AppError, invalidInput, notFound } from "../../shared/errors.ts";
import {
  claimJobRows, findJobIdByUniqueKey, findJobRow, insertJob, listJobRows, releaseStaleJobs, requeueDeadJob,
  touchJobRows, updateClaimedJob,
} from "./jobs.repo.ts";
import {
  computeBackoffMs, DEFAULT_BACKOFF_MS, describeError, isPermanentError, type Job, type JobDefinition, type JobStatus,
} from "./job.ts";

export interface EnqueueOptions { runAt?: Date; uniqueKey?: string }

/**
 * Validates the payload now (a bad payload is the caller's bug) and stores it.
 * With a uniqueKey that is already taken, nothing is added and the existing job's id comes back.
 */
export async function enqueueJob<S extends z.ZodType>(
  deps: Deps, def: JobDefinition<S>, payload: z.input<S>, opts: EnqueueOptions = {},
): Promise<{ id: string; isCreated: boolean }> {
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) {
    throw invalidInput(`Invalid payload for job ${def.id}`, parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  }
  const now = deps.clock.now();
  const id = await insertJob(deps.db, {
    kind: def.id, version: def.version, payload: payload as Record<string, unknown>, run_at: opts.runAt ?? now,
    max_attempts: def.maxAttempts, unique_key: opts.uniqueKey ?? null, now,
  });
  if (id) return { id, isCreated: true };
  const existing = await findJobIdByUniqueKey(deps.db, opts.uniqueKey!);
  if (!existing) throw new AppError("CONFLICT", `Job ${opts.uniqueKey} was removed while being enqueued`);
  return { id: existing, isCreated: false };
}

export async function claimJobs(deps: Deps, opts: { workerId: string; limit: number; kinds: string[] }): Promise<Job[]> {
  if (opts.kinds.length === 0 || opts.limit < 1) return [];
  return claimJobRows(deps.db, { ...opts, now: deps.clock.now() });
}

/** False when this worker no longer held the job (it was recovered as stale meanwhile). */
export async function completeJob(deps: Deps, job: Job): Promise<boolean> {
  return updateClaimedJob(deps.db, job, { status: "done", last_error: null, now: deps.clock.now() });
}

/** Retries later with exponential backoff, or marks the job dead: attempts spent, or a permanent error. */
export async function failJob(
  deps: Deps, job: Job, error: unknown, opts: { backoffMs?: number; random?: () => number } = {},
): Promise<{ status: JobStatus; runAt?: Date }> {
  const now = deps.clock.now();
  const lastError = describeError(error);
  if (isPermanentError(error) || job.attempts >= job.maxAttempts) {
    await updateClaimedJob(deps.db, job, { status: "dead", last_error: lastError, now });
    return { status: "dead" };
  }
  const runAt = new Date(now.getTime() + computeBackoffMs(opts.backoffMs ?? DEFAULT_BACKOFF_MS, job.attempts, opts.random));
  await updateClaimedJob(deps.db, job, { status: "queued", run_at: runAt, last_error: lastError, now });
  return { status: "queued", runAt };
}

/** Keeps the locks of jobs still running fresh, so recoverStaleJobs leaves them alone. */
export async function touchJobs(deps: Deps, opts: { ids: string[]; workerId: string }): Promise<void> {
  await touchJobRows(deps.db, opts.ids, opts.workerId, deps.clock.now());
}

export async function listJobs(deps: Deps, opts: { status?: JobStatus; kind?: string; limit?: number } = {}): Promise<Job[]> {
  return listJobRows(deps.db, { ...opts, limit: Math.min(Math.max(opts.limit ?? 100, 1), 500) });
}

export async function getJob(deps: Deps, id: string): Promise<Job> {
  const job = /^\d+$/.test(id) ? await findJobRow(deps.db, id) : undefined;
  if (!job) throw notFound(`Job ${id}`);
  return job;
}

/** A dead job goes back to the queue with a fresh set of attempts. */
export async function retryJob(deps: Deps, id: string): Promise<Job> {
  const job = await getJob(deps, id);
  if (job.status !== "dead") throw new AppError("CONFLICT", `Job ${id} is ${job.status}; only dead jobs can be retried`);
  const requeued = await requeueDeadJob(deps.db, id, deps.clock.now());
  if (!requeued) throw new AppError("CONFLICT", `Job ${id} changed while being retried`);
  return requeued;
}

/** Running jobs whose lock is older than `olderThanMs` lost their worker: queue them again (or dead if out of attempts). */
export async function recoverStaleJobs(deps: Deps, opts: { olderThanMs: number }): Promise<{ requeued: string[]; dead: string[] }> {
  const now = deps.clock.now();
  return releaseStaleJobs(deps.db, new Date(now.getTime() - opts.olderThanMs), now);
}
