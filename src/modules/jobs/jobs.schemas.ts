// Requests and responses of the jobs admin routes.
import { z } from "zod";
import { JOB_STATUSES } from "./job.ts";

export const JobStatusSchema = z.enum(JOB_STATUSES);
export const ListJobsQuerySchema = z.object({
  status: JobStatusSchema.optional(),
  kind: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const JobIdParamsSchema = z.object({ id: z.string().regex(/^\d+$/, "A job id is a number") });

export const JobResponseSchema = z.object({
  id: z.string(), kind: z.string(), version: z.number(), payload: z.record(z.string(), z.unknown()), status: JobStatusSchema,
  runAt: z.string(), attempts: z.number(), maxAttempts: z.number(), uniqueKey: z.string().nullable(),
  lastError: z.string().nullable(), lockedBy: z.string().nullable(), lockedAt: z.string().nullable(),
  createdAt: z.string(), updatedAt: z.string(),
});
export type JobResponse = z.infer<typeof JobResponseSchema>;
export const JobListSchema = z.object({ jobs: z.array(JobResponseSchema) });
export const JobEnvelopeSchema = z.object({ job: JobResponseSchema });
export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ message: z.string() }).passthrough()) }),
});
