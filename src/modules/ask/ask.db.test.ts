import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { importDealFolder, readDealFolder } from "../ingest/index.ts";
import { askDeal, askWorkspace, NOT_FOUND_ANSWER } from "./index.ts";

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
