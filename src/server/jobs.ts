// The worker loop over the DB-backed queue: claim due jobs, validate, run, complete or fail; heartbeat; stale recovery.
import {
  claimJobs, completeJob, failJob, recoverStaleJobs, touchJobs, type Job, type JobDefinition,
} from "../modules/jobs/index.ts";
import type { Deps } from "../shared/deps.ts";
import { invalidInput } from "../shared/errors.ts";

export interface WorkerOptions {
  deps: Deps;
  // Each definition has its own payload type (handlers are contravariant in it), so `any` here.
  definitions: JobDefinition<any>[];
  workerId: string;
  /** Real-time pause between polls when the queue is empty or all slots are busy. */
  pollMs?: number;
  concurrency?: number;
  /** Running jobs whose lock (refreshed every staleAfterMs/3 while they run) is older than this are re-queued. */
  staleAfterMs?: number;
  log?: (msg: string, data?: Record<string, unknown>) => void;
}

export interface Worker {
  start(): void;
  /** Stops claiming and waits for the jobs in flight. */
  stop(): Promise<void>;
  /** Claims up to `concurrency` due jobs, runs them and returns how many ran. */
  runOnce(): Promise<number>;
}

export function createWorker(opts: WorkerOptions): Worker {
  const { deps, workerId, pollMs = 500, concurrency = 1, staleAfterMs = 10 * 60_000, log = () => {} } = opts;
  const byKind = new Map(opts.definitions.map((d) => [d.id, d]));
  if (byKind.size !== opts.definitions.length) throw new Error("Two job definitions share an id");
  const kinds = [...byKind.keys()];
  const inFlight = new Map<string, Promise<void>>();
  let isRunning = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastMaintenance = 0;

  async function runJob(job: Job): Promise<void> {
    const def = byKind.get(job.kind)!;
    try {
      const parsed = def.schema.safeParse(job.payload);
      if (!parsed.success) {
        throw invalidInput(`Payload of job ${job.id} (${job.kind} v${job.version}) does not match its schema`,
          parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => ({ field: i.path.map(String).join("."), message: i.message })));
      }
      await def.handler(deps, parsed.data, job);
      await completeJob(deps, job);
    } catch (error) {
      const outcome = await failJob(deps, job, error, { backoffMs: def.backoffMs });
      log("job failed", { jobId: job.id, kind: job.kind, attempt: job.attempts, ...outcome, error: String(error) });
    }
  }

  function track(job: Job): Promise<void> {
    const p = runJob(job)
      .catch((e) => log("job bookkeeping failed", { jobId: job.id, error: String(e) }))
      .finally(() => { inFlight.delete(job.id); wake?.(); });
    inFlight.set(job.id, p);
    return p;
  }

  async function claimAndStart(limit: number): Promise<Promise<void>[]> {
    const jobs = await claimJobs(deps, { workerId, limit, kinds });
    return jobs.map(track);
  }

  /** Heartbeat for our running jobs and recovery of other workers' abandoned ones, a few times per staleAfterMs. */
  async function maintain(): Promise<void> {
    const now = Date.now();
    if (now - lastMaintenance < staleAfterMs / 3) return;
    lastMaintenance = now;
    await touchJobs(deps, { ids: [...inFlight.keys()], workerId });
    const recovered = await recoverStaleJobs(deps, { olderThanMs: staleAfterMs });
    if (recovered.requeued.length || recovered.dead.length) log("recovered stale jobs", recovered);
  }

  async function run(): Promise<void> {
    while (isRunning) {
      try {
        await maintain();
        const free = concurrency - inFlight.size;
        if (free > 0) await claimAndStart(free);
      } catch (e) {
        log("job worker poll failed", { workerId, error: String(e) });
      }
      if (!isRunning) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => { clearTimeout(timer); resolve(); };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (isRunning) return;
      isRunning = true;
      loop = run();
    },
    async stop() {
      isRunning = false;
      wake?.();
      await loop;
      await Promise.allSettled([...inFlight.values()]);
    },
    async runOnce() {
      const started = await claimAndStart(concurrency);
      await Promise.all(started);
      return started.length;
    },
  };
}
