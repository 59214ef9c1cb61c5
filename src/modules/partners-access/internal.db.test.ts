// Marking content internal: a range and its items, a whole conversation, one item; re-extraction keeps the
// marks (also on items it finds again); sharing again; the activity log; bad ranges name the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { INTERNAL_MARKER, makeClient, seedPartnerWorld, type World } from "../../../test/fixtures/partner-access/seed.ts";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createAuthRoutes, createAuthenticator } from "../auth/index.ts";
import { createConversationRoutes } from "../conversations/index.ts";
import { createDealRoutes } from "../deals/index.ts";
import { createOrgRoutes, createPeopleRoutes } from "../directory/index.ts";
import { createDealItemRoutes, createItemRoutes, runDealExtraction } from "../extraction/index.ts";
import { createDealUploadRoutes } from "../ingest/index.ts";
import { createDealAttributionRoutes } from "../attribution/index.ts";
import { createDealLedgerRoutes, createLedgerRoutes } from "../ledger/index.ts";
import { createConversationRecapRoutes, createDealHuddleRoutes, createRecapRoutes } from "../recap/index.ts";
import { buildSharedRecord } from "../sharing/index.ts";
import { createInternalContentRoutes } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let call: ReturnType<typeof makeClient>;
let w: World;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  const app = createApp({
    deps, authenticate: createAuthenticator(deps), modules: [
      { path: "/auth", routes: createAuthRoutes(), isPublic: true },
      { path: "/orgs", routes: createOrgRoutes() }, { path: "/people", routes: createPeopleRoutes() },
      { path: "/deals", routes: createDealRoutes() }, { path: "/deals", routes: createDealUploadRoutes() }, { path: "/deals", routes: createDealItemRoutes() },
      { path: "/deals", routes: createDealLedgerRoutes() }, { path: "/ledger", routes: createLedgerRoutes() }, { path: "/deals", routes: createDealAttributionRoutes() },
      { path: "/deals", routes: createDealHuddleRoutes() }, { path: "/items", routes: createItemRoutes() },
      { path: "/conversations", routes: createConversationRoutes() }, { path: "/conversations", routes: createInternalContentRoutes() },
      { path: "/conversations", routes: createConversationRecapRoutes() }, { path: "/recaps", routes: createRecapRoutes() },
    ],
  });
  call = makeClient(app);
  w = await seedPartnerWorld(app, deps);
}, 120_000);
afterAll(async () => { await database?.close(); });

type Item = { id: string; kind: string; isInternal: boolean; conversationId: string; evidence: { seq: number; quote: string } };
const staffItems = async () => (await call("GET", `/api/deals/${w.deal1}/items`, undefined, w.admin)).json.items as Item[];
const partnerA = () => ({ cookie: w.partnerA.cookie, csrf: w.partnerA.csrf });

describe("internal-only content", () => {
  it("marks a range, and the items cited in it, internal; staff see the marks, partner users none of it", async () => {
    const conv = (await call("GET", `/api/conversations/${w.conv1}`, undefined, w.admin)).json;
    expect(conv.utterances.filter((u: { isInternal: boolean }) => u.isInternal).map((u: { seq: number }) => u.seq)).toEqual([0, 1, 2]);
    const items = (await staffItems()).filter((i) => i.conversationId === w.conv1);
    expect(items.filter((i) => i.evidence.seq <= 2).every((i) => i.isInternal)).toBe(true);
    expect(items.filter((i) => i.evidence.seq > 2).every((i) => !i.isInternal)).toBe(true);
    const seen = await call("GET", `/api/conversations/${w.conv1}`, undefined, partnerA());
    expect(seen.text).not.toContain(INTERNAL_MARKER);
    expect(seen.text).not.toContain("isInternal");
    const ledger = await call("GET", `/api/deals/${w.deal1}/ledger`, undefined, partnerA());
    expect(ledger.status).toBe(200);
    expect(ledger.json.commitments.map((c: { itemId: string }) => c.itemId)).not.toContain(w.item1Internal);
    expect(ledger.json.commitments.map((c: { itemId: string }) => c.itemId)).toContain(w.item1Shared);
  });

  it("keeps internal marks through re-extraction, also on an item it finds again", async () => {
    await deps.db.deleteFrom("items").where("id", "=", w.item1Internal).execute();
    await runDealExtraction(deps, w.deal1);
    const again = (await staffItems()).filter((i) => i.conversationId === w.conv1 && i.evidence.quote.includes(INTERNAL_MARKER));
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((i) => i.isInternal)).toBe(true);
    const notes = (await staffItems()).filter((i) => i.conversationId === w.notes1);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((i) => i.isInternal)).toBe(true);
    w.item1Internal = again[0]!.id;
  });

  it("shares one item again, or keeps one shared item internal (PATCH /items/:id)", async () => {
    const r = await call("PATCH", `/api/items/${w.item1Shared}`, { internal: true }, w.admin);
    expect(r.status).toBe(200);
    expect(r.json.item.isInternal).toBe(true);
    expect((await call("GET", `/api/deals/${w.deal1}/items`, undefined, partnerA())).json.items.map((i: Item) => i.id)).not.toContain(w.item1Shared);
    await call("PATCH", `/api/items/${w.item1Shared}`, { internal: false }, w.admin);
    expect((await call("GET", `/api/deals/${w.deal1}/items`, undefined, partnerA())).json.items.map((i: Item) => i.id)).toContain(w.item1Shared);
    expect((await call("PATCH", `/api/items/${w.item1Shared}`, {}, w.admin)).status).toBe(400);
    expect((await call("PATCH", `/api/items/${w.item1Shared}`, { internal: true }, partnerA())).status).toBe(403);
  });

  it("hides a whole conversation, its recap and its lines from partners, and shares it again", async () => {
    expect((await call("GET", `/api/conversations/${w.notes1}`, undefined, partnerA())).status).toBe(404);
    const shared = await call("POST", `/api/conversations/${w.notes1}/internal`, { internal: false }, w.admin);
    expect(shared.json.result).toMatchObject({ scope: "conversation", internal: false, conversationInternal: false });
    expect(shared.json.result.utterancesChanged).toBe(2);
    const seen = await call("GET", `/api/conversations/${w.notes1}`, undefined, partnerA());
    expect(seen.status).toBe(200);
    expect(seen.text).toContain("walk-away price");
    await call("POST", `/api/conversations/${w.notes1}/internal`, { internal: true }, w.admin);
    expect((await call("GET", `/api/conversations/${w.notes1}`, undefined, partnerA())).status).toBe(404);
    const page = await call("GET", `/api/deals/${w.deal1}`, undefined, partnerA());
    expect(page.json.conversations.map((c: { id: string }) => c.id)).not.toContain(w.notes1);
    expect(page.json.deal.conversationCount).toBe(2); // the call and the shared huddle
    expect((await call("GET", "/api/deals", undefined, partnerA())).json.deals[0].conversationCount).toBe(2);
    expect((await call("GET", `/api/deals/${w.deal1}`, undefined, w.admin)).json.deal.conversationCount).toBe(4);
  });

  it("a call held for recording consent reaches no partner user (page, count, transcript, shared record) until it is released", async () => {
    const hold = (held: boolean) => deps.db.updateTable("conversations").set({ held_for_consent: held }).where("id", "=", w.conv1).execute();
    const partnerSees = async () => ({
      page: (await call("GET", `/api/deals/${w.deal1}`, undefined, partnerA())).json,
      count: (await call("GET", "/api/deals", undefined, partnerA())).json.deals[0].conversationCount,
      transcript: (await call("GET", `/api/conversations/${w.conv1}`, undefined, partnerA())).status,
      record: (await buildSharedRecord(deps, w.deal1, "partner")).conversations.map((c) => c.title),
    });
    const title = (await call("GET", `/api/conversations/${w.conv1}`, undefined, w.admin)).json.conversation.title as string;
    const before = await partnerSees();
    expect(before.page.conversations.map((c: { id: string }) => c.id)).toContain(w.conv1);
    expect(before.transcript).toBe(200);
    expect(before.record).toContain(title);
    await hold(true);
    try {
      const held = await partnerSees();
      expect(held.page.conversations.map((c: { id: string }) => c.id)).not.toContain(w.conv1);
      expect(held.page.deal.conversationCount).toBe(before.page.deal.conversationCount - 1);
      expect(held.count).toBe(before.count - 1);
      expect(held.transcript).toBe(404);
      expect(held.record).not.toContain(title);
      // Staff still see it, marked, to record the consent.
      const staff = (await call("GET", `/api/deals/${w.deal1}`, undefined, w.admin)).json.conversations.find((c: { id: string }) => c.id === w.conv1);
      expect(staff).toMatchObject({ heldForConsent: true });
    } finally {
      await hold(false);
    }
    expect(await partnerSees()).toEqual(before);
  });

  it("a recap line quoting words marked internal after the draft leaves the partner's rendering", async () => {
    const before = (await call("GET", `/api/recaps/${w.recap1}`, undefined, partnerA())).json.recap.lines as Array<{ text: string; evidence: Array<{ seq: number }> }>;
    const quoting = before.find((l) => l.evidence.some((e) => e.seq === 6));
    expect(quoting, "a line citing seq 6 (Dag's ERP question)").toBeTruthy();
    await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 6, toSeq: 6, internal: true }, w.admin);
    const after = (await call("GET", `/api/recaps/${w.recap1}`, undefined, partnerA())).json.recap.lines as Array<{ text: string; evidence: Array<{ seq: number }> }>;
    expect(after.some((l) => l.evidence.some((e) => e.seq === 6))).toBe(false);
    expect(after.length).toBeLessThan(before.length + 1);
    const staff = (await call("GET", `/api/recaps/${w.recap1}`, undefined, w.admin)).json.recap.lines as Array<{ evidence: Array<{ seq: number }> }>;
    expect(staff.some((l) => l.evidence.some((e) => e.seq === 6))).toBe(true);
    await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 6, toSeq: 6, internal: false }, w.admin);
  });

  it("the partner's attribution trail drops entries citing words marked internal; the classification stands", async () => {
    const done = await call("POST", `/api/ledger/${w.item1Shared}/events`, { type: "done", note: "sent" }, w.admin);
    expect(done.status, done.text).toBe(200);
    const quote = "integration checklist";
    const staffBefore = (await call("GET", `/api/deals/${w.deal1}/attribution`, undefined, w.admin)).json.attribution;
    expect(JSON.stringify(staffBefore.trail)).toContain(quote);
    await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 5, toSeq: 5, internal: true }, w.admin);
    const partner = await call("GET", `/api/deals/${w.deal1}/attribution`, undefined, partnerA());
    expect(partner.status).toBe(200);
    expect(partner.text).not.toContain(quote);
    expect(partner.json.attribution.attribution.classification).toBe(staffBefore.attribution.classification);
    const staff = (await call("GET", `/api/deals/${w.deal1}/attribution`, undefined, w.admin)).json.attribution;
    expect(staff.attribution.classification).toBe(staffBefore.attribution.classification);
    await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 5, toSeq: 5, internal: false }, w.admin);
    expect((await call("GET", `/api/deals/${w.deal1}/attribution`, undefined, partnerA())).text).toContain(quote);
  });

  it("logs each marking in the activity log, and names the field of a bad range", async () => {
    const log = await deps.db.selectFrom("activity").select(["action", "entity_id", "data"]).where("action", "in", ["conversation.internal", "conversation.shared"]).orderBy("id").execute();
    expect(log[0]).toMatchObject({ action: "conversation.internal", entity_id: w.conv1, data: { scope: "range", fromSeq: 0, toSeq: 2 } });
    expect(log.some((l) => l.action === "conversation.shared" && l.entity_id === w.notes1)).toBe(true);
    const half = await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 1, internal: true }, w.admin);
    expect(half.status).toBe(400);
    expect(half.json.error.details[0]).toMatchObject({ field: "toSeq" });
    const empty = await call("POST", `/api/conversations/${w.conv1}/internal`, { fromSeq: 50, toSeq: 60, internal: true }, w.admin);
    expect(empty.status).toBe(400);
    expect(empty.json.error.details[0]).toMatchObject({ field: "fromSeq" });
    expect((await call("POST", "/api/conversations/nope/internal", { internal: true }, w.admin)).status).toBe(404);
  });
});
