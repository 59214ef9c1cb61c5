// Imports tell the CRM module the record changed: a deal folder import and a conversation upload each leave one
// pending sync marker per connected CRM (in the import's transaction); an unchanged re-import leaves none. So do the
// edits that change the record after an import: mapping a speaker, recording consent, reviewing an item, marking
// content internal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { createConnection, expandPendingSyncs } from "../crm/index.ts";
import { findPersonByEmail, getWorkspace } from "../directory/index.ts";
import { listItems } from "../extraction/index.ts";
import { markConversationInternal } from "../partners-access/index.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { importConversationFile, importDealFolder, mapSpeaker, recordConsent } from "./index.ts";

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

  it("after an import: mapping a speaker, recording consent, reviewing an item and marking lines internal each leave a marker", async () => {
    const pending = async () => (await markers()).filter((m) => m.status === "pending").map((m) => m.reason);
    const settle = async () => { await expandPendingSyncs(deps); expect(await pending()).toEqual([]); };
    await settle();
    const vtt = VTT.replace("Dag Halvorsen:", "Speaker 1:").replace("two dairies", "four dairies");
    const r = await importConversationFile(deps, cliActor, { dealId, filename: "anon.vtt", content: Buffer.from(vtt), title: "Anon", startedAt: "2026-05-22T09:00:00+02:00" });
    expect(r.status).toBe("added");
    await settle();

    const ws = await getWorkspace(deps);
    const dag = (await findPersonByEmail(deps, ws.id, "dag@fjorddairy.no"))!;
    await mapSpeaker(deps, cliActor, { conversationId: r.conversationId, label: "Speaker 1", personId: dag.id });
    expect(await pending()).toEqual(["speaker.map"]);
    await settle();

    await recordConsent(deps, cliActor, { conversationId: r.conversationId, label: "Speaker 1", status: "granted" });
    expect(await pending()).toEqual(["consent"]);
    await settle();

    const user = await createUser(deps, { workspaceId: ws.id, email: "reviewer@tidewell.io", name: "Reviewer", password: "correct horse battery", role: "admin" });
    const { token } = await createApiToken(deps, user.id, "tests");
    const app = createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() });
    const item = (await listItems(deps, { dealId }))[0]!;
    const res = await app.request(`/api/items/${item.id}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ review: "confirmed" }) });
    expect(res.status).toBe(200);
    expect(await pending()).toEqual(["item.confirmed"]);
    await settle();

    await markConversationInternal(deps, cliActor, r.conversationId, { internal: true, fromSeq: 0, toSeq: 0 });
    expect(await pending()).toEqual(["conversation.internal"]);
  });
});
