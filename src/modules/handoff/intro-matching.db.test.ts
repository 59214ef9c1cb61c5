// A deal folder with an intro.eml gets its handoff at import (brief, clock from the intro's date, owners by the
// rules; idempotent); a new intro for a buyer that already has an open deal with the partner joins that deal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openTestDb, testDbKind, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { listConversationSummaries } from "../conversations/index.ts";
import { getDeal, updateDeal } from "../deals/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { listJobs } from "../jobs/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { getHandoffView } from "./handoff.service.ts";
import { intakeIntro } from "./intake-intro.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database, "2026-05-20T12:00:00Z"); });
afterAll(async () => { await database?.close(); });

const countOf = async (table: "deals" | "handoffs") => Number((await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const handoffsOf = (dealId: string) => deps.db.selectFrom("handoffs").selectAll().where("deal_id", "=", dealId).execute();
const jobsOf = async (handoffId: string) => (await listJobs(deps, { kind: "handoff.escalate" })).filter((j) => j.payload.handoffId === handoffId);

/** An intro from the partner (Brightpath) about the buyer (Fjord Dairy), other than the folder's intro.eml. */
const secondIntro = (messageId: string, subject = "Intro: Fjord Dairy <> Tidewell (dairy logistics)") => Buffer.from([
  "From: Clara Moe <clara.moe@brightpath.no>", "To: Ada Lindqvist <ada@tidewell.io>", "Cc: Eva Strand <eva.strand@fjorddairy.no>",
  "Date: Tue, 19 May 2026 09:00:00 +0200", `Subject: ${subject}`, `Message-ID: <${messageId}@brightpath.no>`,
  "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"UTF-8\"", "",
  "Ada, Eva,", "", "Eva leads IT at Fjord Dairy. Their truck routing is planned by hand every morning and the drivers wait an hour for it.",
  "", "Could you two find 30 minutes next week?", "", "Best,", "Clara", "",
].join("\r\n"));

describe(`handoff from a deal folder's intro.eml (${testDbKind})`, () => {
  let dealId = "";

  it("gives the imported deal its handoff: brief from the intro, clock from the intro's date, owners by the rules", async () => {
    const r = await importDealFolder(deps, cliActor, tinyDeal());
    dealId = r.deal.id;
    const rows = await handoffsOf(dealId);
    expect(rows).toHaveLength(1);
    const intro = (await listConversationSummaries(deps, dealId)).find((c) => c.sourceFile === "intro.eml")!;
    expect(rows[0].conversation_id).toBe(intro.id);
    const view = await getHandoffView(deps, dealId);
    expect(view.receivedAt).toBe("2026-04-27T07:14:00.000Z");
    expect(view.brief.fields["buyerContact.email"].value).toBe("dag@fjorddairy.no");
    expect(view.brief.fields.partnerCompany.value).toBe("Brightpath Consulting");
    // The deal's owner (the first of our people in deal.json) owns the handoff; the deal's backup backs them up.
    expect(view).toMatchObject({ owner: { name: "Ada Lindqvist" }, backup: { name: "Ben Okoro" }, ownerRule: "partner_usual" });
    // The first call after the intro stopped the clock, recorded at import (reports read the stored first action).
    expect(view.firstAction).toMatchObject({ kind: "call_held", at: "2026-05-05T08:00:00.000Z" });
    expect(rows[0]).toMatchObject({ status: "actioned", first_action_kind: "call_held" });
    // An intro from April must not mail anybody in May: no escalation that is already due is scheduled.
    expect(await jobsOf(view.id)).toEqual([]);
  });

  it("re-importing (unchanged or changed) never makes a second handoff, and an older import without one gets it", async () => {
    const before = (await handoffsOf(dealId))[0];
    expect((await importDealFolder(deps, cliActor, tinyDeal())).unchanged).toBe(true);
    expect((await importDealFolder(deps, cliActor, tinyDeal({ "notes.txt": "changes the folder hash" }))).unchanged).toBe(false);
    expect((await handoffsOf(dealId)).map((h) => h.id)).toEqual([before.id]);
    // A deal imported before imports made handoffs: the next (unchanged) import adds it.
    await deps.db.deleteFrom("handoffs").where("deal_id", "=", dealId).execute();
    expect((await importDealFolder(deps, cliActor, tinyDeal({ "notes.txt": "changes the folder hash" }))).unchanged).toBe(true);
    expect(await handoffsOf(dealId)).toHaveLength(1);
  });

  it("takes the folder's own intro in over intake as already there", async () => {
    const deals = await countOf("deals");
    const r = await intakeIntro(deps, cliActor, { content: tinyDeal().files.get("intro.eml")! });
    expect(r).toMatchObject({ status: "unchanged", matched: "existing-deal", dealId });
    expect(await countOf("deals")).toBe(deals);
  });

  it("schedules the escalations of a fresh intro, none when told, and no handoff at all for analyze", async () => {
    deps.clock.set("2026-04-27T07:20:00Z"); // minutes after the intro arrived
    try {
      const fresh = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
      const withJobs = await importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify({ ...fresh, id: "fjord-fresh", conversations: [] }), "intro.eml": tinyDeal().files.get("intro.eml")!.toString().replace("intro-fjord-0427@", "intro-fjord-fresh@") }));
      const h = (await handoffsOf(withJobs.deal.id))[0];
      expect((await jobsOf(h.id)).map((j) => j.payload.level).sort()).toEqual([1, 2]);
      const analyze = await importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify({ ...fresh, id: "fjord-analyze", conversations: [] }), "intro.eml": tinyDeal().files.get("intro.eml")!.toString().replace("intro-fjord-0427@", "intro-fjord-analyze@") }), { handoff: { escalations: "none" } });
      const a = (await handoffsOf(analyze.deal.id))[0];
      expect(a).toBeDefined();
      expect(await jobsOf(a.id)).toEqual([]);
      const none = await importDealFolder(deps, cliActor, tinyDeal({ "deal.json": JSON.stringify({ ...fresh, id: "fjord-none", conversations: [] }), "intro.eml": tinyDeal().files.get("intro.eml")!.toString().replace("intro-fjord-0427@", "intro-fjord-none@") }), { handoff: false });
      expect(await handoffsOf(none.deal.id)).toEqual([]);
      await updateDeal(deps, cliActor, none.deal.id, { stage: "lost" });
      // Both are closed so that the intros below have one open Fjord Dairy deal to join.
      await updateDeal(deps, cliActor, withJobs.deal.id, { stage: "closed-lost" });
      await updateDeal(deps, cliActor, analyze.deal.id, { stage: "won" });
    } finally {
      deps.clock.set("2026-05-20T12:00:00Z");
    }
  });
});

describe(`a new intro for a buyer with an open deal (${testDbKind})`, () => {
  let dealId = "";
  beforeAll(async () => { dealId = (await getDeal(deps, "fjord-dairy-forecasting")).id; });

  it("joins the open deal of the same buyer and partner instead of opening a duplicate", async () => {
    const deals = await countOf("deals");
    const convs = (await listConversationSummaries(deps, dealId)).length;
    const handoff = (await handoffsOf(dealId))[0];
    const r = await intakeIntro(deps, cliActor, { content: secondIntro("fjord-second") });
    expect(r).toMatchObject({ status: "created", matched: "existing-deal", dealId, handoffId: handoff.id });
    expect(r.message).toMatch(/open deal fjord-dairy-forecasting/);
    expect(await countOf("deals")).toBe(deals);
    const after = await listConversationSummaries(deps, dealId);
    expect(after).toHaveLength(convs + 1);
    expect(after.filter((c) => c.sourceFile === "intro.eml")).toHaveLength(2);
    // The deal's handoff (its clock) stays the one of the first intro.
    expect((await handoffsOf(dealId)).map((h) => h.id)).toEqual([handoff.id]);
  });

  it("changes nothing when that intro is sent again", async () => {
    const convs = (await listConversationSummaries(deps, dealId)).length;
    const again = await intakeIntro(deps, cliActor, { content: secondIntro("fjord-second") });
    expect(again).toMatchObject({ status: "unchanged", matched: "existing-deal", dealId });
    expect(await listConversationSummaries(deps, dealId)).toHaveLength(convs);
  });

  it("opens a new deal once the buyer's deals with this partner are closed", async () => {
    await updateDeal(deps, cliActor, dealId, { stage: "closed-won" });
    const r = await intakeIntro(deps, cliActor, { content: secondIntro("fjord-third", "Intro: Fjord Dairy <> Tidewell (cheese line)") });
    expect(r).toMatchObject({ status: "created", matched: "new-deal" });
    expect(r.dealId).not.toBe(dealId);
    expect((await getDeal(deps, r.dealId)).buyer?.name).toBe("Fjord Dairy");
  });

  it("starts the handoff of an open deal that had none (a folder without intro.eml)", async () => {
    const file = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
    file.id = "north-creamery";
    file.orgs.buyer = { name: "North Creamery", domain: "northcreamery.no" };
    file.people = file.people.filter((p: { side: string }) => p.side !== "buyer").concat([{ name: "Ole Berg", email: "ole@northcreamery.no", side: "buyer" }]);
    file.conversations = [];
    const imported = await importDealFolder(deps, cliActor, { name: "north-creamery", files: new Map([["deal.json", Buffer.from(JSON.stringify(file))]]) });
    expect(await handoffsOf(imported.deal.id)).toEqual([]);
    const intro = secondIntro("north-1", "Intro: North Creamery <> Tidewell").toString("utf8")
      .replace("Cc: Eva Strand <eva.strand@fjorddairy.no>", "Cc: Ole Berg <ole@northcreamery.no>").replace("Ada, Eva,", "Ada, Ole,")
      .replace("Eva leads IT at Fjord Dairy.", "Ole runs operations at North Creamery.");
    deps.clock.set("2026-05-19T08:00:00Z");
    const r = await intakeIntro(deps, cliActor, { content: Buffer.from(intro) });
    expect(r).toMatchObject({ status: "created", matched: "existing-deal", dealId: imported.deal.id });
    const rows = await handoffsOf(imported.deal.id);
    expect(rows.map((h) => h.id)).toEqual([r.handoffId]);
    expect(r.ownerId).toBe((await getDeal(deps, imported.deal.id)).owner?.id);
    expect((await jobsOf(r.handoffId)).map((j) => j.payload.level).sort()).toEqual([1, 2]);
  });
});
