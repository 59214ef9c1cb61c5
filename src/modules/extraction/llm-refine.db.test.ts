import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNlpModel } from "../../adapters/nlp-model/index.ts";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { startFakeChatServer, type ChatRequest } from "../../../test/fake-chat-server.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { importDealFolder } from "../ingest/index.ts";
import { listItems, runDealExtraction } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => { database = await openTestDb(); deps = testDeps(database); });
afterAll(async () => { await database?.close(); });

// The fake model reads the seq numbers out of the prompt, like a real one would.
const seqOf = (req: ChatRequest, words: string) => {
  const user = req.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
  const line = user.split("\n").find((l) => l.includes(words));
  return line ? Number(/^\[(\d+)\]/.exec(line)?.[1]) : -1;
};

describe("rules + language model", () => {
  it("adds grounded items, drops invented quotes and invented deadlines, records the counts", async () => {
    const { deal } = await importDealFolder(deps, cliActor, tinyDeal());
    const before = await listItems(deps, { dealId: deal.id });
    const server = await startFakeChatServer((req) => {
      const budget = seqOf(req, "we can't go above what we planned");
      if (budget >= 0) {
        return JSON.stringify({
          add: [
            { kind: "risk", seq: budget, quote: "we can't go above what we planned", type: "budget", text: "Budget is fixed for this year" },
            { kind: "commitment", seq: seqOf(req, "over-order in holiday weeks"), quote: "We will sign the order before the holidays.", owner: "Dag Halvorsen" },
            { kind: "commitment", seq: seqOf(req, "We can phase the rollout"), quote: "We can phase the rollout", owner: "Clara Moe", due: "2026-05-29", text: "Propose a phased rollout" },
          ],
          correct: [],
          drop: [],
        });
      }
      if (seqOf(req, "cannot leave Norway") >= 0) return "this is not JSON";
      return JSON.stringify({ add: [], correct: [], drop: [] });
    });
    try {
      const model = (await createNlpModel({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_URL: server.url, BATON_LLM_MODEL: "test-model", BATON_LLM_API_KEY: "k" }))!;
      await runDealExtraction(deps, deal.id, { model });

      // The SDK asked for JSON shaped by our schema, with the roster, the utterances and the rule items in the prompt.
      const first = server.requests[0];
      expect(first.model).toBe("test-model");
      expect(first.response_format).toMatchObject({ type: "json_schema" });
      expect(JSON.stringify(first.messages)).toContain("Rule items:");
      expect(JSON.stringify(first.messages)).toContain("Dag Halvorsen (buyer");

      const after = await listItems(deps, { dealId: deal.id });
      const added = after.filter((a) => !before.some((b) => b.id === a.id));
      expect(added.map((a) => [a.kind, a.quote]).sort()).toEqual([["commitment", "We can phase the rollout"], ["risk", "we can't go above what we planned"]]);
      expect(added.find((a) => a.kind === "commitment")?.data).toMatchObject({ owner: "Clara Moe", side: "partner", due: null, dueText: null });
      expect(added.find((a) => a.kind === "risk")?.data).toMatchObject({ type: "budget" });
      expect(after.some((a) => a.quote.includes("sign the order"))).toBe(false);
      for (const it of after) {
        const u = await deps.db.selectFrom("utterances").select("text").where("conversation_id", "=", it.conversationId).where("seq", "=", it.seq).executeTakeFirstOrThrow();
        expect(u.text).toContain(it.quote);
      }

      const runs = await deps.db.selectFrom("extraction_runs").selectAll().where("engine", "=", "rules+llm").execute();
      const withAdds = runs.find((r) => (r.stats as { added?: number } | null)?.added === 2);
      expect(withAdds?.stats).toMatchObject({ added: 2, quotesDropped: 1, datesDropped: 1, model: "openai-compatible:test-model" });
      expect(withAdds?.dropped).toBeGreaterThanOrEqual(1);
      // A bad answer leaves the rules' items and says why.
      const failed = await deps.db.selectFrom("extraction_runs").selectAll().where("engine", "=", "rules").where("stats", "is not", null).execute();
      expect(failed).toHaveLength(1);
      expect((failed[0].stats as { error?: string }).error).toBeTruthy();
    } finally {
      await server.close();
    }
  });
});
