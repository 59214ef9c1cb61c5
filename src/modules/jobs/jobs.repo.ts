// SQL for the jobs table.
import { sql, type Kysely, type Selectable } from "kysely";
import type { DB, JobsTable } from "../../db/schema.ts";
import type { Job, JobStatus } from "./job.ts";

type Db = Kysely<DB>;
type JobRow = Selectable<JobsTable>;

export function toJob(r: JobRow): Job {
  return {
    id: String(r.id), kind: r.kind, version: r.version, payload: r.payload, status: r.status,
    runAt: r.run_at, attempts: r.attempts, maxAttempts: r.max_attempts, uniqueKey: r.unique_key,
    lastError: r.last_error, lockedBy: r.locked_by, lockedAt: r.locked_at ? r.locked_at : null,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export async function insertJob(db: Db, row: {
  kind: string; version: number; payload: Record<string, unknown>; run_at: Date; max_attempts: number; unique_key: string | null; now: Date;
}): Promise<string | undefined> {
  const inserted = await db.insertInto("jobs").values({
    kind: row.kind, version: row.version, payload: JSON.stringify(row.payload), run_at: row.run_at,
    max_attempts: row.max_attempts, unique_key: row.unique_key, created_at: row.now, updated_at: row.now,
  }).onConflict((oc) => oc.column("unique_key").doNothing()).returning("id").executeTakeFirst();
  return inserted ? String(inserted.id) : undefined;
}

export async function findJobIdByUniqueKey(db: Db, uniqueKey: string): Promise<string | undefined> {
  const row = await db.selectFrom("jobs").select("id").where("unique_key", "=", uniqueKey).executeTakeFirst();
  return row ? String(row.id) : undefined;
}

export async function findJobRow(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Locks due jobs no other worker holds, marks them running under `workerId`. */
export async function claimJobRows(db: Db, opts: { workerId: string; limit: number; kinds: string[]; now: Date }): Promise<Job[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom("jobs").select("id")
      .where("status", "=", "queued").where("run_at", "<=", opts.now).where("kind", "in", opts.kinds)
      .orderBy("run_at").orderBy("id").limit(opts.limit)
      .forUpdate().skipLocked().execute();
    if (due.length === 0) return [];
    const rows = await trx.updateTable("jobs").set({
      status: "running", locked_by: opts.workerId, locked_at: opts.now, attempts: sql<number>`attempts + 1`, updated_at: opts.now,
    }).where("id", "in", due.map((d) => d.id)).returningAll().execute();
    return rows.map(toJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || Number(a.id) - Number(b.id));
  });
}

/** Updates a job only while it is still this claim: same worker, same attempt. False when the claim was lost. */
export async function updateClaimedJob(db: Db, job: Job, set: {
  status: JobStatus; run_at?: Date; last_error?: string | null; now: Date;
}): Promise<boolean> {
  const r = await db.updateTable("jobs").set({
    status: set.status, locked_by: null, locked_at: null, updated_at: set.now,
    ...(set.run_at ? { run_at: set.run_at } : {}),
    ...(set.last_error !== undefined ? { last_error: set.last_error } : {}),
  }).where("id", "=", job.id).where("status", "=", "running")
    .where("locked_by", "=", job.lockedBy).where("attempts", "=", job.attempts).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchJobRows(db: Db, ids: string[], workerId: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("jobs").set({ locked_at: now })
    .where("id", "in", ids).where("status", "=", "running").where("locked_by", "=", workerId).execute();
}

export async function listJobRows(db: Db, opts: { status?: JobStatus; kind?: string; limit: number }): Promise<Job[]> {
  let q = db.selectFrom("jobs").selectAll();
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.kind) q = q.where("kind", "=", opts.kind);
  return (await q.orderBy("updated_at", "desc").orderBy("id", "desc").limit(opts.limit).execute()).map(toJob);
}

export async function requeueDeadJob(db: Db, id: string, now: Date): Promise<Job | undefined> {
  const row = await db.updateTable("jobs").set({ status: "queued", attempts: 0, run_at: now, updated_at: now })
    .where("id", "=", id).where("status", "=", "dead").returningAll().executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/** Running jobs whose lock is older than `before`: back to the queue, or dead once their attempts are spent. */
export async function releaseStaleJobs(db: Db, before: Date, now: Date): Promise<{ requeued: string[]; dead: string[] }> {
  const stale = (q: ReturnType<typeof db.updateTable<"jobs">>) =>
    q.where("status", "=", "running").where("locked_at", "<", before);
  const dead = await stale(db.updateTable("jobs").set({
    status: "dead", locked_by: null, locked_at: null, updated_at: now,
    last_error: sql<string>`'Worker stopped during attempt ' || attempts || ' (' || coalesce(locked_by, '?') || ')'`,
  })).where(sql<boolean>`attempts >= max_attempts`).returning("id").execute();
  const requeued = await stale(db.updateTable("jobs").set({
    status: "queued", locked_by: null, locked_at: null, run_at: now, updated_at: now,
  })).returning("id").execute();
  return { requeued: requeued.map((r) => String(r.id)), dead: dead.map((r) => String(r.id)) };
}
