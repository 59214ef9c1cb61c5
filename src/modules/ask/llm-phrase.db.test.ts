import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createNlpModel } from "../../adapters/nlp-model/index.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { startFakeChatServer, type ChatAnswer, type ChatRequest } from "../../../test/fake-chat-server.ts";
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

const prompt = (req: ChatRequest) => req.messages.map((m) => m.content).join("\n");
/** The number the prompt gives the utterance containing `words`, or -1. */
const refOf = (req: ChatRequest, words: string) => {
  const line = prompt(req).split("\n").find((l) => /^\[\d+\]/.test(l) && l.includes(words));
  return line ? Number(/^\[(\d+)\]/.exec(line)![1]) : -1;
};

async function withModel(answer: (req: ChatRequest) => ChatAnswer, run: (model: NonNullable<Awaited<ReturnType<typeof createNlpModel>>>, requests: ChatRequest[]) => Promise<void>) {
  const server = await startFakeChatServer(answer);
  try {
    const model = (await createNlpModel({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_URL: server.url, BATON_LLM_MODEL: "test-model", BATON_LLM_API_KEY: "k" }))!;
    await run(model, server.requests);
  } finally {
    await server.close();
  }
}

const QUESTION = "What did Petra say about the price?";

describe("Ask with a language model phrasing the answer", () => {
  it("uses the model's answer, keeps a correct citation and drops invented ones (counted)", async () => {
    await withModel((req) => JSON.stringify({
      answer: "Petra said the annual price of forty thousand is more than they planned for this year.",
      citations: [
        { ref: refOf(req, "annual price"), quote: "Forty thousand is more than we planned for this year." },
        { ref: refOf(req, "annual price"), quote: "Petra agreed to pay fifty thousand." }, // not in that utterance
        { ref: 99, quote: "The other thing is the annual price." }, // not a retrieved utterance
      ],
    }), async (model, requests) => {
      const rules = await askDeal(deps, { dealId, question: QUESTION });
      const a = await askDeal(deps, { dealId, question: QUESTION, model });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.response_format).toMatchObject({ type: "json_schema" });
      expect(prompt(requests[0]!)).toContain("Question: What did Petra say about the price?");
      expect(a.answer).toBe("Petra said the annual price of forty thousand is more than they planned for this year.");
      expect(a.phrasing).toEqual({ model: "openai-compatible:test-model", used: true, citationsDropped: 2 });
      expect(a.evidence).toHaveLength(1);
      expect(a.evidence[0]).toMatchObject({ speaker: "Petra Novak", at: "00:00:33.000", quote: "Forty thousand is more than we planned for this year." });
      // The cited evidence is one the rules retrieved.
      expect(rules.evidence.some((e) => e.conversationId === a.evidence[0]!.conversationId && e.seq === a.evidence[0]!.seq)).toBe(true);
      expect(rules.phrasing).toBeUndefined();
    });
  });

  it("keeps the rule-based answer when no citation passes the evidence check", async () => {
    await withModel(() => JSON.stringify({ answer: "Petra wants a discount of 50%.", citations: [{ ref: 1, quote: "I want a discount of 50%." }] }), async (model) => {
      const rules = await askDeal(deps, { dealId, question: QUESTION });
      const a = await askDeal(deps, { dealId, question: QUESTION, model });
      expect(a.answer).toBe(rules.answer);
      expect(a.evidence).toEqual(rules.evidence);
      expect(a.phrasing).toMatchObject({ used: false, citationsDropped: 1, error: "no citation passed the evidence check" });
    });
  });

  it("keeps the rule-based answer when the model fails", async () => {
    await withModel(() => ({ status: 500, body: JSON.stringify({ error: { message: "overloaded" } }) }), async (model) => {
      const a = await askDeal(deps, { dealId, question: QUESTION, model });
      expect(a.answer).toBe((await askDeal(deps, { dealId, question: QUESTION })).answer);
      expect(a.phrasing?.used).toBe(false);
      expect(a.phrasing?.error).toBeTruthy();
    });
  });

  it("does not ask the model when nothing was found", async () => {
    await withModel(() => JSON.stringify({ answer: "The zebras were moved.", citations: [{ ref: 1, quote: "zebra" }] }), async (model, requests) => {
      const a = await askDeal(deps, { dealId, question: "What did they decide about the zebra enclosure?", model });
      expect(a).toMatchObject({ answer: NOT_FOUND_ANSWER, confidence: "none", evidence: [] });
      const w = await askWorkspace(deps, { question: "What did they decide about the zebra enclosure?", model });
      expect(w.confidence).toBe("none");
      expect(requests).toHaveLength(0);
    });
  });

  it("offers a partner audience's model only the utterances that audience may see", async () => {
    await sql`UPDATE utterances SET is_internal = true WHERE text LIKE 'Whatever we buy%'`.execute(deps.db);
    try {
      await withModel((req) => JSON.stringify({ answer: "The connector is planned.", citations: [{ ref: refOf(req, "connector"), quote: "connector" }] }), async (model, requests) => {
        const org = await deps.db.selectFrom("deal_partners").select("org_id").where("deal_id", "=", dealId).executeTakeFirstOrThrow();
        const question = "What was said about the historian connector?";
        const inside = await askDeal(deps, { dealId, question, model });
        expect(prompt(requests[0]!)).toContain("Wonderware");
        expect(inside.phrasing?.used).toBe(true);
        const partner = await askDeal(deps, { dealId, question, audience: { partnerOrgId: org.org_id }, model });
        expect(requests).toHaveLength(2);
        expect(prompt(requests[1]!)).not.toContain("Wonderware");
        expect(partner.phrasing?.used).toBe(true);
        expect(partner.evidence.every((e) => !e.quote.includes("Wonderware"))).toBe(true);
      });
    } finally {
      await sql`UPDATE utterances SET is_internal = false`.execute(deps.db);
    }
  });
});
