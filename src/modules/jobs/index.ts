// Jobs owns the durable queue (the jobs table): definitions, enqueue/claim/complete/fail, admin routes.
export {
  defineJob, computeBackoffMs, isPermanentError, JOB_STATUSES, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF_MS,
  type Job, type JobDefinition, type JobStatus,
} from "./job.ts";
export {
  enqueueJob, claimJobs, completeJob, failJob, touchJobs, listJobs, getJob, retryJob, recoverStaleJobs, type EnqueueOptions,
} from "./jobs.service.ts";
export { createJobsRoutes } from "./jobs.routes.ts";
