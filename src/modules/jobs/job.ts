// Jobs as data: a definition (id, payload version, zod schema, handler) and the pure retry rules.
import { ZodError, type z } from "zod";
import type { Deps } from "../../shared/deps.ts";
import { isAppError } from "../../shared/errors.ts";

export const JOB_STATUSES = ["queued", "running", "done", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: string; kind: string; version: number; payload: Record<string, unknown>; status: JobStatus;
  runAt: Date; attempts: number; maxAttempts: number; uniqueKey: string | null; lastError: string | null;
  lockedBy: string | null; lockedAt: Date | null; createdAt: Date; updatedAt: Date;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** `module.action`, e.g. `extraction.extract-commitments`. */
  id: string;
  /** Version of the payload shape, stored with each job. */
  version: number;
  schema: S;
  handler: (deps: Deps, payload: z.output<S>, job: Job) => Promise<void>;
  maxAttempts: number;
  /** Delay before the first retry; doubles on each further attempt. */
  backoffMs: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 6 * 3600_000;
const JOB_ID = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

type DefineJob<S extends z.ZodType> = Omit<JobDefinition<S>, "maxAttempts" | "backoffMs"> & { maxAttempts?: number; backoffMs?: number };

export function defineJob<S extends z.ZodType>(def: DefineJob<S>): JobDefinition<S> {
  if (!JOB_ID.test(def.id)) throw new Error(`Job id "${def.id}" must look like module.action`);
  const maxAttempts = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`Job ${def.id}: maxAttempts must be a positive integer`);
  return { ...def, maxAttempts, backoffMs: def.backoffMs ?? DEFAULT_BACKOFF_MS };
}

/** base·2^(attempts−1), capped, plus up to 10% jitter so retries of a burst spread out. */
export function computeBackoffMs(baseMs: number, attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay + delay * 0.1 * random());
}

/** Bad input stays bad: such jobs go dead at once instead of being retried. */
export function isPermanentError(error: unknown): boolean {
  return (isAppError(error) && error.code === "INVALID_INPUT") || error instanceof ZodError;
}

export function describeError(error: unknown): string {
  const text = isAppError(error) ? `${error.code}: ${error.message}`
    : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
