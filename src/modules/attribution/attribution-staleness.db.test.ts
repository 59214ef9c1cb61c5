// Stored classifications (used by the revenue report) are recomputed when what they came from changes:
// the deal row (re-import, edits) or a newer extraction run (a new call, a re-extraction).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { getWorkspace } from "../directory/index.ts";
import { runDealExtraction } from "../extraction/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { listStaleDealIds } from "./attribution.repo.ts";
import { refreshDealAttribution } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
});
afterAll(async () => { await database?.close(); });

describe("stored attribution staleness", () => {
  it("is stale until computed, fresh after, and stale again after a re-extraction or a deal edit", async () => {
    const ws = await getWorkspace(deps);
    expect(await listStaleDealIds(deps, ws.id)).toEqual([dealId]);
    deps.clock.advance(60_000);
    await refreshDealAttribution(deps, dealId);
    expect(await listStaleDealIds(deps, ws.id)).toEqual([]);

    deps.clock.advance(60_000);
    await deps.db.transaction().execute((trx) => runDealExtraction({ ...deps, db: trx }, dealId));
    expect(await listStaleDealIds(deps, ws.id)).toEqual([dealId]);

    deps.clock.advance(60_000);
    await refreshDealAttribution(deps, dealId);
    expect(await listStaleDealIds(deps, ws.id)).toEqual([]);
    deps.clock.advance(60_000);
    await deps.db.updateTable("deals").set({ stage: "won", updated_at: deps.clock.now() }).where("id", "=", dealId).execute();
    expect(await listStaleDealIds(deps, ws.id)).toEqual([dealId]);
  });
});
