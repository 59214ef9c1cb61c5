import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import type { AuthUser } from "../../shared/app-env.ts";
import { claimJobs, createJobsRoutes, defineJob, enqueueJob, failJob, getJob } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
const user = (role: AuthUser["role"]): AuthUser => ({
  id: `usr_${role}`, email: `${role}@acme.example`, name: role, role, workspaceId: "ws_1", partnerOrgId: null, via: "token",
});
const def = defineJob({ id: "test.routes", version: 2, schema: z.object({ dealId: z.string() }), handler: async () => {}, maxAttempts: 1 });

const call = (method: string, path: string, role?: AuthUser["role"]) =>
  app.request(path, { method, headers: role ? { "x-role": role } : {} });

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  app = createApp({
    deps,
    authenticate: async (c) => { const role = c.req.header("x-role"); return role ? user(role as AuthUser["role"]) : null; },
    modules: [{ path: "/jobs", routes: createJobsRoutes() }],
  });
});
afterAll(async () => { await database?.close(); });

describe("jobs routes", () => {
  it("lists jobs by status and retries a dead one, for admins only", async () => {
    const queued = await enqueueJob(deps, def, { dealId: "deal_1" });
    const dead = await enqueueJob(deps, def, { dealId: "deal_2" }, { runAt: new Date("2026-03-10T14:00:00Z") });
    const [claimed] = await claimJobs(deps, { workerId: "w1", limit: 1, kinds: [def.id] });
    expect(claimed.id).toBe(dead.id);
    await failJob(deps, claimed, new Error("boom"));

    expect((await call("GET", "/api/jobs")).status).toBe(401);
    expect((await call("GET", "/api/jobs", "member")).status).toBe(403);
    expect((await call("POST", `/api/jobs/${dead.id}/retry`, "partner")).status).toBe(403);

    const all = await (await call("GET", "/api/jobs", "admin")).json() as any;
    expect(all.jobs.map((j: { id: string }) => j.id).sort()).toEqual([queued.id, dead.id].sort());
    const res = await call("GET", "/api/jobs?status=dead", "admin");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jobs: [{
      id: dead.id, kind: "test.routes", version: 2, payload: { dealId: "deal_2" }, status: "dead",
      runAt: "2026-03-10T14:00:00.000Z", attempts: 1, maxAttempts: 1, uniqueKey: null, lastError: "Error: boom",
      lockedBy: null, lockedAt: null, createdAt: "2026-03-10T15:00:00.000Z", updatedAt: "2026-03-10T15:00:00.000Z",
    }] });
    expect((await call("GET", "/api/jobs?status=zombie", "admin")).status).toBe(400);

    deps.clock.advance(60_000);
    const retried = await call("POST", `/api/jobs/${dead.id}/retry`, "admin");
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ job: { id: dead.id, status: "queued", attempts: 0, runAt: "2026-03-10T15:01:00.000Z" } });
    expect(await getJob(deps, dead.id)).toMatchObject({ status: "queued" });

    expect((await call("POST", `/api/jobs/${queued.id}/retry`, "admin")).status).toBe(409);
    expect((await call("POST", "/api/jobs/424242/retry", "admin")).status).toBe(404);
    expect((await call("POST", "/api/jobs/abc/retry", "admin")).status).toBe(400);
  });
});
