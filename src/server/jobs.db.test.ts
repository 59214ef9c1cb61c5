import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, testDeps, testDbKind } from "../../test/db.ts";
import type { Database } from "../db/client.ts";
import {
  claimJobs, completeJob, defineJob, enqueueJob, getJob, listJobs, recoverStaleJobs, retryJob, type Job,
} from "../modules/jobs/index.ts";
import { AppError } from "../shared/errors.ts";
import { createWorker } from "./jobs.ts";

const BASE = "2026-03-10T15:00:00Z";
let database: Database;
let deps: ReturnType<typeof testDeps>;
let seq = 0;
const PayloadSchema = z.object({ n: z.number().int() });

/** A definition with a fresh id, so each test only sees its own jobs. */
function makeJob(handler: (payload: { n: number }, job: Job) => Promise<void>, opts: { maxAttempts?: number; backoffMs?: number } = {}) {
  const calls: number[] = [];
  const def = defineJob({
    id: `test.job-${++seq}`, version: 1, schema: PayloadSchema, ...opts,
    handler: async (_deps, payload, job) => { calls.push(payload.n); await handler(payload, job); },
  });
  return { def, calls };
}
const ok = async () => {};

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, BASE);
});
afterAll(async () => { await database?.close(); });
beforeEach(() => { deps.clock.set(BASE); });

describe(`jobs worker (${testDbKind})`, () => {
  it("runs an enqueued job once and marks it done", async () => {
    const { def, calls } = makeJob(ok);
    const { id, isCreated } = await enqueueJob(deps, def, { n: 7 });
    expect(isCreated).toBe(true);
    const worker = createWorker({ deps, definitions: [def], workerId: "w1" });
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toEqual([7]);
    expect(await getJob(deps, id)).toMatchObject({ status: "done", attempts: 1, lockedBy: null, lastError: null });
  });

  it("waits for runAt", async () => {
    const { def, calls } = makeJob(ok);
    await enqueueJob(deps, def, { n: 1 }, { runAt: new Date(Date.parse(BASE) + 60_000) });
    const worker = createWorker({ deps, definitions: [def], workerId: "w1" });
    expect(await worker.runOnce()).toBe(0);
    deps.clock.advance(60_000);
    expect(await worker.runOnce()).toBe(1);
    expect(calls).toEqual([1]);
  });

  it("retries with exponential backoff, then goes dead after maxAttempts", async () => {
    const { def, calls } = makeJob(async () => { throw new AppError("UPSTREAM_FAILED", "CRM down"); }, { maxAttempts: 3, backoffMs: 1000 });
    const { id } = await enqueueJob(deps, def, { n: 1 });
    const worker = createWorker({ deps, definitions: [def], workerId: "w1" });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const before = deps.clock.now().getTime();
      expect(await worker.runOnce()).toBe(1);
      const job = await getJob(deps, id);
      expect(job).toMatchObject({ status: "queued", attempts: attempt, lastError: "UPSTREAM_FAILED: CRM down", lockedBy: null });
      const delay = job.runAt.getTime() - before;
      delays.push(delay);
      expect(delay).toBeGreaterThanOrEqual(1000 * 2 ** (attempt - 1));
      expect(delay).toBeLessThanOrEqual(1100 * 2 ** (attempt - 1));
      deps.clock.advance(delay - 1);
      expect(await worker.runOnce()).toBe(0); // not due yet
      deps.clock.advance(1);
    }
    expect(await worker.runOnce()).toBe(1);
    expect(await getJob(deps, id)).toMatchObject({ status: "dead", attempts: 3, lastError: "UPSTREAM_FAILED: CRM down" });
    deps.clock.advance(3600_000);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toHaveLength(3);
    expect((await listJobs(deps, { status: "dead" })).map((j) => j.id)).toContain(id);
  });

  it("sends INVALID_INPUT and bad payloads to dead at once", async () => {
    const { def, calls } = makeJob(async () => { throw new AppError("INVALID_INPUT", "no such deal"); });
    const a = await enqueueJob(deps, def, { n: 1 });
    const worker = createWorker({ deps, definitions: [def], workerId: "w1" });
    expect(await worker.runOnce()).toBe(1);
    expect(await getJob(deps, a.id)).toMatchObject({ status: "dead", attempts: 1, lastError: "INVALID_INPUT: no such deal" });

    // Written by older code with another payload shape: never reaches the handler.
    const raw = await deps.db.insertInto("jobs").values({ kind: def.id, payload: JSON.stringify({ n: "seven" }), run_at: deps.clock.now() })
      .returning("id").executeTakeFirstOrThrow();
    expect(await worker.runOnce()).toBe(1);
    const bad = await getJob(deps, String(raw.id));
    expect(bad).toMatchObject({ status: "dead", attempts: 1 });
    expect(bad.lastError).toMatch(/^INVALID_INPUT: Payload of job \d+ \(test\.job-\d+ v1\) does not match its schema/);
    expect(calls).toEqual([1]);

    await expect(enqueueJob(deps, def, { n: 1.5 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("schedules a uniqueKey once", async () => {
    const { def, calls } = makeJob(ok);
    const first = await enqueueJob(deps, def, { n: 1 }, { uniqueKey: "reminder:deal_1:2026-03-12" });
    const second = await enqueueJob(deps, def, { n: 2 }, { uniqueKey: "reminder:deal_1:2026-03-12" });
    expect(second).toEqual({ id: first.id, isCreated: false });
    const other = await enqueueJob(deps, def, { n: 3 }, { uniqueKey: "reminder:deal_2:2026-03-12" });
    expect(other.isCreated).toBe(true);
    const worker = createWorker({ deps, definitions: [def], workerId: "w1", concurrency: 5 });
    expect(await worker.runOnce()).toBe(2);
    expect(calls.sort()).toEqual([1, 3]);
  });

  it("never runs a job twice with two workers on one database", async () => {
    const { def, calls } = makeJob(async () => { await sleep(Math.random() * 5); });
    for (let n = 0; n < 40; n++) await enqueueJob(deps, def, { n });
    const w1 = createWorker({ deps, definitions: [def], workerId: "w1", concurrency: 4 });
    const w2 = createWorker({ deps, definitions: [def], workerId: "w2", concurrency: 4 });
    let ran = 0;
    for (;;) {
      const counts = await Promise.all([w1.runOnce(), w2.runOnce(), w1.runOnce(), w2.runOnce()]);
      if (counts.every((n) => n === 0)) break;
      ran += counts.reduce((a, b) => a + b, 0);
    }
    expect(ran).toBe(40);
    expect(calls).toHaveLength(40);
    expect(new Set(calls).size).toBe(40);
    const jobs = (await listJobs(deps, { kind: def.id, limit: 500 }));
    expect(jobs.every((j) => j.status === "done" && j.attempts === 1)).toBe(true);
  });

  it("recovers jobs whose worker died, and ignores that worker's late answer", async () => {
    const { def, calls } = makeJob(ok, { maxAttempts: 2 });
    const { id } = await enqueueJob(deps, def, { n: 1 });
    const [claimed] = await claimJobs(deps, { workerId: "killed", limit: 1, kinds: [def.id] });
    expect(claimed).toMatchObject({ id, status: "running", lockedBy: "killed", attempts: 1 });

    deps.clock.advance(5 * 60_000);
    expect(await recoverStaleJobs(deps, { olderThanMs: 10 * 60_000 })).toEqual({ requeued: [], dead: [] });
    deps.clock.advance(6 * 60_000);
    expect(await recoverStaleJobs(deps, { olderThanMs: 10 * 60_000 })).toEqual({ requeued: [id], dead: [] });
    expect(await getJob(deps, id)).toMatchObject({ status: "queued", lockedBy: null });

    const [again] = await claimJobs(deps, { workerId: "w2", limit: 1, kinds: [def.id] });
    expect(await completeJob(deps, claimed)).toBe(false); // the killed worker's claim is gone
    expect(await getJob(deps, id)).toMatchObject({ status: "running", lockedBy: "w2", attempts: 2 });

    // Killed again on its last attempt: dead, not an endless loop.
    deps.clock.advance(11 * 60_000);
    expect(await recoverStaleJobs(deps, { olderThanMs: 10 * 60_000 })).toEqual({ requeued: [], dead: [again.id] });
    expect((await getJob(deps, id)).lastError).toBe("Worker stopped during attempt 2 (w2)");
    expect(calls).toEqual([]);
  });

  it("retries a dead job with fresh attempts", async () => {
    let isBroken = true;
    const { def, calls } = makeJob(async () => { if (isBroken) throw new Error("boom"); }, { maxAttempts: 1 });
    const { id } = await enqueueJob(deps, def, { n: 1 });
    const worker = createWorker({ deps, definitions: [def], workerId: "w1" });
    await worker.runOnce();
    expect(await getJob(deps, id)).toMatchObject({ status: "dead", lastError: "Error: boom" });
    await expect(retryJob(deps, "999999")).rejects.toMatchObject({ code: "NOT_FOUND" });
    isBroken = false;
    deps.clock.advance(1000);
    expect(await retryJob(deps, id)).toMatchObject({ status: "queued", attempts: 0, runAt: deps.clock.now() });
    expect(await worker.runOnce()).toBe(1);
    expect(await getJob(deps, id)).toMatchObject({ status: "done", attempts: 1, lastError: null });
    await expect(retryJob(deps, id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(calls).toEqual([1, 1]);
  });

  it("polls in the background, and stop() waits for the job in flight", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { def, calls } = makeJob(async (p) => { if (p.n === 1) await gate; });
    const worker = createWorker({ deps, definitions: [def], workerId: "w-loop", pollMs: 5, concurrency: 2 });
    worker.start();
    const { id } = await enqueueJob(deps, def, { n: 1 });
    const second = await enqueueJob(deps, def, { n: 2 });
    for (let i = 0; i < 400 && (await getJob(deps, second.id)).status !== "done"; i++) await sleep(5);
    expect(await getJob(deps, second.id)).toMatchObject({ status: "done" });
    expect(await getJob(deps, id)).toMatchObject({ status: "running", lockedBy: "w-loop" });

    let isStopped = false;
    const stopping = worker.stop().then(() => { isStopped = true; });
    await sleep(30);
    expect(isStopped).toBe(false);
    release();
    await stopping;
    expect(await getJob(deps, id)).toMatchObject({ status: "done" });
    await enqueueJob(deps, def, { n: 3 });
    await sleep(30);
    expect(calls).toEqual([1, 2]); // stopped: nothing more is claimed
  });
});
