import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createWorker } from "../../server/jobs.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importDealFolder } from "../ingest/index.ts";
import { enqueueJob } from "../jobs/index.ts";
import { buildDealRecord } from "../record/index.ts";
import { extractDealJob, findItem, listItems, runDealExtraction, setItemReview } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database); });
afterAll(async () => { await database?.close(); });

describe("stored extraction", () => {
  it("every stored quote is an exact substring of its utterance, and human decisions survive re-extraction", async () => {
    const { deal } = await importDealFolder(deps, cliActor, tinyDeal());
    const items = await listItems(deps, { dealId: deal.id });
    expect(items.length).toBeGreaterThan(3);
    for (const it of items) {
      const u = await deps.db.selectFrom("utterances").select("text").where("conversation_id", "=", it.conversationId).where("seq", "=", it.seq).executeTakeFirstOrThrow();
      expect(u.text).toContain(it.quote);
    }
    const [a, b] = items.filter((i) => i.kind === "commitment");
    await setItemReview(deps, a.id, "dismissed", null, deps.clock.now());
    await setItemReview(deps, b.id, "corrected", { due: "2026-06-01", owner: "Ada Lindqvist" }, deps.clock.now());
    await runDealExtraction(deps, deal.id);
    expect((await findItem(deps, a.id))?.review).toBe("dismissed");
    expect(await findItem(deps, b.id)).toMatchObject({ review: "corrected", humanData: { due: "2026-06-01", owner: "Ada Lindqvist" } });
    const record = await buildDealRecord(deps, deal.id);
    const all = Object.values(record.conversations).flatMap((c) => c.commitments);
    expect(all.find((c) => c.evidence.quote === a.quote)).toBeUndefined();
    expect(all.find((c) => c.evidence.quote === b.quote)).toMatchObject({ due: "2026-06-01", owner: "Ada Lindqvist" });
  });

  it("the re-extraction job runs through the durable queue", async () => {
    const deal = await deps.db.selectFrom("deals").select("id").executeTakeFirstOrThrow();
    const before = (await deps.db.selectFrom("extraction_runs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    await enqueueJob(deps, extractDealJob, { dealId: deal.id });
    const worker = createWorker({ deps, definitions: [extractDealJob], workerId: "test" });
    expect(await worker.runOnce()).toBe(1);
    const after = (await deps.db.selectFrom("extraction_runs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBeGreaterThan(Number(before));
  });
});
