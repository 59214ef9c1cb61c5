import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importDealFolder } from "../ingest/index.ts";
import { listJobs } from "../jobs/index.ts";
import { scheduleNextWeeklyWalk } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database, "2026-05-13T10:00:00Z"); await importDealFolder(deps, cliActor, tinyDeal()); });
afterAll(async () => { await database?.close(); });

describe("weekly walk schedule", () => {
  it("books next Monday 08:00 in the workspace timezone, once however often it is asked", async () => {
    await deps.db.updateTable("workspaces").set({ timezone: "Europe/Oslo" }).execute();
    await scheduleNextWeeklyWalk(deps);
    await scheduleNextWeeklyWalk(deps);
    const jobs = (await listJobs(deps, { status: "queued" })).filter((j) => j.kind === "ledger.weekly-walk");
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload).toEqual({ week: "2026-W21" });
    expect(new Date(jobs[0].runAt).toISOString()).toBe("2026-05-18T06:00:00.000Z"); // 08:00 CEST
  });
});
