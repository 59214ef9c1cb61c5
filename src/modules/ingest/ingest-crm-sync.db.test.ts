// Imports tell the CRM module the record changed: a deal folder import and a conversation upload each leave one
// pending sync marker per connected CRM (in the import's transaction); an unchanged re-import leaves none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { createConnection, expandPendingSyncs } from "../crm/index.ts";
import { importConversationFile, importDealFolder } from "./index.ts";

process.env.BATON_SECRET_KEY ??= "ingest-crm-sync-tests-secret-key-0123";

let database: Database;
let deps: ReturnType<typeof testDeps>;
const markers = () => deps.db.selectFrom("crm_outbox").select(["status", "reason"]).where("op", "=", "sync-deal").orderBy("id").execute();
const VTT = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAda Lindqvist: Quick check-in on the pilot scope.\n\n2\n00:00:04.500 --> 00:00:08.000\nDag Halvorsen: We want the pilot in two dairies first.\n";

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
});
afterAll(async () => { await database?.close(); });

describe("ingest enqueues a CRM sync", () => {
  let dealId: string;

  it("imports a deal folder: a marker once a CRM is connected, none for an unchanged re-import", async () => {
    ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
    expect(await markers()).toEqual([]); // no CRM connected: nothing to tell
    await createConnection(deps, { kind: "webhook", name: "Our CRM", side: "ours", baseUrl: "http://127.0.0.1:9/hook", signingSecret: "s".repeat(32) });
    await importDealFolder(deps, cliActor, tinyDeal());
    expect(await markers()).toEqual([]);
    const changed = tinyDeal({ "02-technical.vtt": VTT.replace("two dairies", "three dairies") });
    await importDealFolder(deps, cliActor, changed);
    expect(await markers()).toEqual([{ status: "pending", reason: "ingest.import" }]);
  });

  it("uploads a conversation: one pending marker (the pending one is reused), none for the same file again", async () => {
    await expandPendingSyncs(deps);
    expect((await markers()).filter((m) => m.status === "pending")).toEqual([]);
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "check-in.vtt", content: Buffer.from(VTT), title: "Check-in", startedAt: "2026-05-21T09:00:00+02:00" });
    expect(r.status).toBe("added");
    expect((await markers()).filter((m) => m.status === "pending")).toEqual([{ status: "pending", reason: "ingest.upload" }]);
    await expandPendingSyncs(deps);
    const again = await importConversationFile(deps, cliActor, { dealId, filename: "check-in.vtt", content: Buffer.from(VTT), title: "Check-in", startedAt: "2026-05-21T09:00:00+02:00" });
    expect(again.status).toBe("unchanged");
    expect((await markers()).filter((m) => m.status === "pending")).toEqual([]);
  });
});
