// Admin view of the queue, mounted at /api/jobs: list jobs by status, retry a dead one.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "../../shared/app-env.ts";
import { requireRole } from "../auth/index.ts";
import type { Job } from "./job.ts";
import {
  ErrorResponseSchema, JobEnvelopeSchema, JobIdParamsSchema, JobListSchema, ListJobsQuerySchema, type JobResponse,
} from "./jobs.schemas.ts";
import { listJobs, retryJob } from "./jobs.service.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const errors = { 401: json(ErrorResponseSchema, "Not signed in"), 403: json(ErrorResponseSchema, "Admins only") };
const tags = ["jobs"];

export function toJobResponse(j: Job): JobResponse {
  return {
    ...j, runAt: j.runAt.toISOString(), lockedAt: j.lockedAt?.toISOString() ?? null,
    createdAt: j.createdAt.toISOString(), updatedAt: j.updatedAt.toISOString(),
  };
}

const listRoute = createRoute({
  method: "get", path: "/", tags, summary: "Jobs, newest change first; ?status=dead for the failures",
  request: { query: ListJobsQuerySchema },
  responses: { 200: json(JobListSchema, "Jobs"), ...errors },
});
const retryRoute = createRoute({
  method: "post", path: "/{id}/retry", tags, summary: "Put a dead job back in the queue with fresh attempts",
  request: { params: JobIdParamsSchema },
  responses: { 200: json(JobEnvelopeSchema, "Queued again"), ...errors, 404: json(ErrorResponseSchema, "No such job"), 409: json(ErrorResponseSchema, "Not dead") },
});

export function createJobsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(listRoute, async (c) => {
    requireRole(c, "admin");
    const jobs = await listJobs(c.get("deps"), c.req.valid("query"));
    return c.json({ jobs: jobs.map(toJobResponse) }, 200);
  });

  app.openapi(retryRoute, async (c) => {
    requireRole(c, "admin");
    const job = await retryJob(c.get("deps"), c.req.valid("param").id);
    return c.json({ job: toJobResponse(job) }, 200);
  });

  return app;
}
