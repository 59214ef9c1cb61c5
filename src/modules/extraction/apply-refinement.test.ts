import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import { applyRefinement } from "./apply-refinement.ts";
import { extractConversation } from "./index.ts";
import { RefinementSchema } from "./refinement.schemas.ts";
import { buildTestInput } from "./test-input.ts";

const roster: Array<[string, Side]> = [["Nina Ortiz", "ours"], ["Oliver Stone", "partner"], ["Bianca Reyes", "buyer"], ["Vera Holt", "buyer"]];
// Wednesday 3 June 2026.
const input = buildTestInput({
  roster, timezone: "America/New_York", startedAt: "2026-06-03T10:00:00-04:00",
  turns: [
    ["Bianca Reyes", "Our warehouse team runs on paper checklists today."],
    ["Nina Ortiz", "I'll send the onboarding plan by Friday."],
    ["Oliver Stone", "The depot closes for stocktaking on Tuesday, pallet counts come after that."],
    ["Bianca Reyes", "Vera keeps an eye on every new contract."],
  ],
});
const rules = extractConversation(input);
const answer = (x: unknown) => RefinementSchema.parse(x);

describe("applyRefinement", () => {
  it("keeps an added item whose quote is in its utterance and drops one whose quote is not", () => {
    const { result, stats } = applyRefinement(input, rules, answer({ add: [
      { kind: "risk", seq: 0, quote: "runs on paper checklists", type: "technical" },
      { kind: "risk", seq: 0, quote: "runs on stone tablets", type: "technical" },
      { kind: "decision", seq: 9, quote: "anything" },
    ] }));
    expect(result.risks.map((r) => r.evidence.quote)).toContain("runs on paper checklists");
    expect(result.risks.some((r) => r.evidence.quote.includes("stone"))).toBe(false);
    expect(stats).toMatchObject({ added: 1, quotesDropped: 2 });
    expect(result.dropped).toBe(rules.dropped + 2);
    expect(result.engine.name).toBe("rules+llm");
  });

  it("keeps a due date the cited words say and removes one they do not", () => {
    const { result, stats } = applyRefinement(input, rules, answer({ add: [
      { kind: "commitment", seq: 2, quote: "pallet counts come after that", owner: "Oliver Stone", due: "2026-06-09", text: "Oliver shares the pallet counts" },
    ], correct: [{ id: rules.commitments[0].localId, due: "2026-06-30" }] }));
    const added = result.commitments.find((c) => c.evidence.seq === 2);
    expect(added).toMatchObject({ owner: "Oliver Stone", side: "partner", due: "2026-06-09", dueText: "Tuesday", text: "Oliver shares the pallet counts" });
    // "by Friday" is 5 June; the 30th is nowhere in the words.
    expect(result.commitments[0]).toMatchObject({ due: "2026-06-05" });
    expect(stats.datesDropped).toBe(1);
  });

  it("an invented deadline on a new item goes, the item stays", () => {
    const { result, stats } = applyRefinement(input, rules, answer({ add: [
      { kind: "commitment", seq: 3, quote: "Vera keeps an eye on every new contract.", owner: "Vera Holt", due: "2026-06-12" },
    ] }));
    expect(result.commitments.find((c) => c.evidence.seq === 3)).toMatchObject({ owner: "Vera Holt", due: null, dueText: null });
    expect(stats).toMatchObject({ added: 1, datesDropped: 1 });
  });

  it("corrects and drops rule items by id; unknown ids and people off the roster are ignored", () => {
    const c1 = rules.commitments[0].localId;
    const { result, stats } = applyRefinement(input, rules, answer({
      correct: [{ id: c1, owner: "Oliver Stone" }, { id: "c99", owner: "Nina Ortiz" }],
      drop: [{ id: "x7" }],
      add: [{ kind: "stakeholder", seq: 3, quote: "Vera keeps an eye", name: "Somebody Else", role: "approver" }],
    }));
    expect(result.commitments[0]).toMatchObject({ owner: "Oliver Stone", ownerPersonId: "p1", side: "partner" });
    expect(stats).toMatchObject({ corrected: 1, ignored: 3, added: 0 });
    const dropped = applyRefinement(input, rules, answer({ drop: [{ id: c1, reason: "not a commitment" }] }));
    expect(dropped.result.commitments.find((c) => c.localId === c1)).toBeUndefined();
    expect(dropped.stats.removed).toBe(1);
  });

  it("does not add what the rules already found", () => {
    const c = rules.commitments[0];
    const { stats, result } = applyRefinement(input, rules, answer({ add: [{ kind: "commitment", seq: c.evidence.seq, quote: c.evidence.quote }] }));
    expect(result.commitments).toHaveLength(rules.commitments.length);
    expect(stats.ignored).toBe(1);
  });

  it("unknown labels from the model fall back to other instead of failing the answer", () => {
    expect(answer({ add: [{ kind: "objection", seq: 0, quote: "paper", topic: "vibes" }] }).add[0].topic).toBe("other");
  });
});
