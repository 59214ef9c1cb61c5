import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { importDealFolder, readDealFolder } from "../ingest/index.ts";
import { askDeal, askWorkspace, NOT_FOUND_ANSWER } from "./index.ts";
import { searchUtterances } from "./ask.repo.ts";
import { itemKindsFor } from "./ask.service.ts";

const dir = fileURLToPath(new URL("../../../test/fixtures/ask/deal", import.meta.url));
let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  dealId = (await importDealFolder(deps, cliActor, readDealFolder(dir))).deal.id;
});
afterAll(async () => { await database.close(); });

describe("askDeal", () => {
  it("cites the buyer's first mention of the integration requirement", async () => {
    const a = await askDeal(deps, { dealId, question: "When did the buyer first mention the integration requirement?" });
    expect(a.confidence).toBe("strong");
    expect(a.evidence).toHaveLength(1);
    expect(a.evidence[0]).toMatchObject({ conversation: "01-discovery.vtt", speaker: "Hugo Lindqvist", side: "buyer", at: "00:00:15.000" });
    expect(a.evidence[0]!.quote).toContain("sync with our Wonderware historian");
  });

  it("answers from full text with a quote that is a substring of the utterance", async () => {
    const a = await askDeal(deps, { dealId, question: "What did Petra say about the price?" });
    expect(a.evidence[0]).toMatchObject({ speaker: "Petra Novak", at: "00:00:33.000" });
    expect("The other thing is the annual price. Forty thousand is more than we planned for this year.").toContain(a.evidence[0]!.quote);
  });

  it("says not found, with no evidence, when nothing matches", async () => {
    const a = await askDeal(deps, { dealId, question: "What did they decide about the zebra enclosure?" });
    expect(a).toMatchObject({ answer: NOT_FOUND_ANSWER, confidence: "none", evidence: [] });
  });

  it("says so when the evidence is weak, and shows the nearest matches", async () => {
    const a = await askDeal(deps, { dealId, question: "What did they say about freezer calibration certificates and audit schedules for the warehouse?" });
    expect(a.confidence).toBe("weak");
    expect(a.answer.split("\n")[0]).toBe("I couldn't find a clear answer; nearest matches:");
    expect(a.evidence.length).toBeGreaterThanOrEqual(1);
    expect(a.evidence.length).toBeLessThanOrEqual(3);
    expect(a.evidence[0]).toMatchObject({ speaker: "Hugo Lindqvist", at: "00:00:07.000" });
    expect(a.answer).toContain(a.evidence[0]!.quote);
  });

  it("hides internal utterances from an audience", async () => {
    await sql`UPDATE utterances SET is_internal = true WHERE text LIKE 'Whatever we buy%'`.execute(deps.db);
    const q = "When did the buyer first mention the integration requirement?";
    const inside = await askDeal(deps, { dealId, question: q });
    expect(inside.evidence[0]!.at).toBe("00:00:15.000");
    const partner = await askDeal(deps, { dealId, question: q, audience: {} });
    expect(partner.evidence.map((e) => e.at)).not.toContain("00:00:15.000");
    await sql`UPDATE utterances SET is_internal = false`.execute(deps.db);
  });

  it("limits a partner audience to deals shared with that partner", async () => {
    const org = await deps.db.selectFrom("deal_partners").select("org_id").where("deal_id", "=", dealId).executeTakeFirstOrThrow();
    const shared = await askWorkspace(deps, { question: "What did Petra say about the price?", audience: { partnerOrgId: org.org_id } });
    expect(shared.evidence.length).toBeGreaterThan(0);
    const other = await askWorkspace(deps, { question: "What did Petra say about the price?", audience: { partnerOrgId: "org_nobody" } });
    expect(other.confidence).toBe("none");
    await expect(askDeal(deps, { dealId, question: "price?", audience: { partnerOrgId: "org_nobody" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("searchUtterances", () => {
  it("returns every match unranked up to its cap, and the best by ts_rank_cd beyond it", async () => {
    const convs = (await deps.db.selectFrom("conversations").select("id").where("deal_id", "=", dealId).execute()).map((c) => c.id);
    const all = await searchUtterances(deps, { conversationIds: convs, terms: ["connector", "historian"], excludeInternal: false });
    expect(all.map((u) => u.text).sort()).toEqual([
      "Great. Later the connector needs to cover the packaging line too.",
      "I'll send the integration spec for the historian by Friday.",
      "We've built that connector for two other plants, so that part is straightforward.",
      "Whatever we buy has to sync with our Wonderware historian automatically, no manual exports.",
    ]);
    expect((await searchUtterances(deps, { conversationIds: convs, terms: ["connector", "historian"], excludeInternal: false, limit: 1 }))).toHaveLength(4);
    // Past the cap (2,000 matches here) only the `limit` best by ts_rank_cd come back.
    const many = Array.from({ length: 2001 }, (_, i) => ({ conversation_id: convs[0]!, seq: 1000 + i, start_ms: 0, end_ms: 0, text: i === 7 ? "filler filler filler" : "filler" }));
    await deps.db.insertInto("utterances").values(many).execute();
    try {
      const best = await searchUtterances(deps, { conversationIds: convs, terms: ["filler"], excludeInternal: false, limit: 1 });
      expect(best.map((u) => [u.seq, u.text])).toEqual([[1007, "filler filler filler"]]);
    } finally {
      await deps.db.deleteFrom("utterances").where("seq", ">=", 1000).execute();
    }
  });
});

describe("itemKindsFor", () => {
  it.each([
    [["commitments"], ["commitment", "fulfilment"]],
    [["objections", "commitments"], ["objection"]],
    [["dropped", "commitments"], ["commitment", "fulfilment", "risk"]],
    [["approval"], ["stakeholder"]],
    [["first"], []],
  ])("%j → %j", (intents, kinds) => expect(itemKindsFor(intents).sort()).toEqual([...kinds].sort()));
});
