// A call held for recording consent (workspace policy requireConsent) is stored but not processed: beyond items and
// recaps (conversation-ingest.db.test.ts), its words reach no brief and no attribution evidence until it is released.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { getDealAttribution } from "../attribution/index.ts";
import { getCatchUpBrief } from "../briefs/index.ts";
import { listConversationSpeakers, listConversationSummaries } from "../conversations/index.ts";
import { updateWorkspaceSettings } from "../directory/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importDealFolder, recordConsent } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
let held: Array<{ id: string; file: string }>;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  // The deal with its intro only, then the policy, then its three calls: each arrives with every consent unknown.
  const full = tinyDeal();
  const deal = JSON.parse(full.files.get("deal.json")!.toString()) as { conversations: unknown[] };
  const introOnly = tinyDeal({ "deal.json": JSON.stringify({ ...deal, conversations: [] }) });
  dealId = (await importDealFolder(deps, cliActor, introOnly)).deal.id;
  await updateWorkspaceSettings(deps, cliActor, { requireConsent: true });
  await importDealFolder(deps, cliActor, full);
  held = (await listConversationSummaries(deps, dealId)).filter((c) => c.heldForConsent).map((c) => ({ id: c.id, file: c.sourceFile! }));
}, 60_000);
afterAll(async () => { await database?.close(); });

const mentions = (value: unknown) => {
  const text = JSON.stringify(value);
  return held.filter((c) => text.includes(c.id) || text.includes(c.file));
};

describe("a call held for recording consent", () => {
  it("holds the three calls", () => {
    expect(held.map((c) => c.file).sort()).toEqual(["01-discovery.vtt", "02-technical.vtt", "03-followup.json"]);
  });

  it("is cited by no brief and no attribution evidence while held, and is once every consent is recorded", async () => {
    expect(mentions(await getCatchUpBrief(deps, dealId))).toEqual([]);
    const attribution = await getDealAttribution(deps, dealId);
    expect(mentions(attribution)).toEqual([]);
    expect(attribution.trail.map((t) => t.kind)).not.toContain("joint_conversation");

    for (const c of held) {
      for (const s of await listConversationSpeakers(deps, c.id)) {
        await recordConsent(deps, cliActor, { conversationId: c.id, label: s.label, status: "granted", note: "recording notice read out" });
      }
    }
    expect((await listConversationSummaries(deps, dealId)).some((c) => c.heldForConsent)).toBe(false);
    expect(mentions(await getCatchUpBrief(deps, dealId)).length).toBeGreaterThan(0);
    const released = await getDealAttribution(deps, dealId);
    expect(mentions(released).length).toBeGreaterThan(0);
    expect(released.trail.map((t) => t.kind)).toContain("joint_conversation");
  });
});
