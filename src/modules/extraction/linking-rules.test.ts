// Fulfilment linking and decision rules, each with sentences written for the test (not from any corpus).
import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import { extractConversation, linkFulfilments } from "./index.ts";
import { buildTestInput } from "./test-input.ts";

const roster: Array<[string, Side]> = [["Nina Ortiz", "ours"], ["Oliver Stone", "partner"], ["Bianca Reyes", "buyer"], ["Harold Quinn", "buyer"], ["Vera Holt", "buyer"], ["Tomas Frey", "partner"]];
const base = { roster, timezone: "America/New_York" };

function earlierFrom(turns: Array<[string, string]>, file = "01-call.vtt") {
  const input = buildTestInput({ ...base, startedAt: "2026-06-01T10:00:00-04:00", file, turns });
  return extractConversation(input).commitments.map((c) => ({ ref: `${file}#${c.localId}`, conversationFile: file, startedAt: input.conversation.startedAt, commitment: c }));
}
function link(earlier: ReturnType<typeof earlierFrom>, turns: Array<[string, string]>, kind: "call" | "email" = "call") {
  const later = buildTestInput({ ...base, startedAt: "2026-06-09T10:00:00-04:00", file: "02-call.vtt", kind, turns });
  return linkFulfilments({ conversation: later, earlier }).map((f) => [f.commitmentRef, f.evidence.quote]);
}

describe("linkFulfilments: who did it", () => {
  const earlier = earlierFrom([
    ["Bianca Reyes", "Can you send the uptime report for last quarter?"],
    ["Nina Ortiz", "Sure, I'll get you that by Friday."],
    ["Oliver Stone", "I'll walk Harold through the rollout plan on Monday."],
    ["Harold Quinn", "I'll send Oliver the floor plans tomorrow."],
  ]);

  it("carries the request into the commitment's context, so 'that' can be matched later", () => {
    expect(earlier[0].commitment.context?.toLowerCase()).toContain("uptime report");
  });
  it("a thanked addressee is the one who did it", () => {
    expect(link(earlier, [["Bianca Reyes", "Nina, thanks for the uptime report, it answered our questions."]])).toEqual([["01-call.vtt#c1", "Nina, thanks for the uptime report, it answered our questions."]]);
  });
  it("a named agent with a past verb picks that person's commitment", () => {
    expect(link(earlier, [["Nina Ortiz", "Oliver walked Harold through the rollout plan yesterday."]])).toEqual([["01-call.vtt#c2", "Oliver walked Harold through the rollout plan yesterday."]]);
  });
  it("a possessive names the producer: 'Harold's floor plans'", () => {
    expect(link(earlier, [["Oliver Stone", "Harold's floor plans were really helpful."]]).map((x) => x[0])).toEqual(["01-call.vtt#c3"]);
  });
  it("someone else named as the agent does not close the commitment", () => {
    expect(link(earlier, [["Bianca Reyes", "Vera sent the uptime report to the board."]])).toEqual([]);
  });
});

describe("linkFulfilments: not news", () => {
  const earlier = earlierFrom([["Oliver Stone", "I'll install the gateway at the plant by Friday."]]);
  it("ignores old history and beliefs", () => {
    expect(link(earlier, [["Oliver Stone", "Last time we installed a gateway at a plant it took a week."]])).toEqual([]);
    expect(link(earlier, [["Harold Quinn", "I thought Oliver had the gateway installed already."]])).toEqual([]);
  });
  it("ignores negated possession", () => {
    expect(link(earlier, [["Harold Quinn", "The plant doesn't have the gateway installed."]])).toEqual([]);
  });
  it("keeps a done statement followed by a question tail", () => {
    expect(link(earlier, [["Oliver Stone", "I installed the gateway at the plant on Friday like I promised, did the alerts come through?"]]).map((x) => x[0])).toEqual(["01-call.vtt#c1"]);
  });
  it("a joined compound matches the promised name: 'stack set' for 'StackSet'", () => {
    const e = earlierFrom([["Tomas Frey", "I'll roll out the StackSet to every account by Wednesday."]]);
    expect(link(e, [["Harold Quinn", "Tomas had the stack set out to every account by Wednesday."]]).map((x) => x[0])).toEqual(["01-call.vtt#c1"]);
  });
});

describe("linkFulfilments: other languages and synonyms", () => {
  it("links an English done-statement to a Spanish commitment", () => {
    const e = earlierFrom([["Tomas Frey", "Mañana os mando la presentación y el resumen de la reunión."]]);
    expect(link(e, [["Bianca Reyes", "I read Tomas's summary and the deck this morning."]]).map((x) => x[0])).toEqual(["01-call.vtt#c1"]);
  });
  it("an invite is fulfilled by getting the meeting on the calendar", () => {
    const e = earlierFrom([["Oliver Stone", "I'll send an invite for the design review tomorrow."]]);
    expect(link(e, [["Bianca Reyes", "Thanks Oliver for getting the design review on the calendar."]]).map((x) => x[0])).toEqual(["01-call.vtt#c1"]);
  });
  it("an email that attaches what was promised closes it", () => {
    const e = earlierFrom([["Nina Ortiz", "I'll send the data retention policy by Friday."]]);
    expect(link(e, [["Nina Ortiz", "Hi Bianca,\n\nAs promised, attached is the data retention policy.\n\nBest, Nina"]], "email").map((x) => x[0])).toEqual(["01-call.vtt#c1"]);
  });
});

describe("extractDecisions", () => {
  const decide = (turns: Array<[string, string]>) =>
    extractConversation(buildTestInput({ ...base, startedAt: "2026-06-03T10:00:00-04:00", turns })).decisions.map((d) => d.evidence.quote);

  it("an agreement echo keeps the statement, not the echo", () => {
    expect(decide([
      ["Harold Quinn", "yeah i'm good with that"],
      ["Oliver Stone", "so we're agreed then the warehouse goes first"],
      ["Bianca Reyes", "agreed"],
      ["Harold Quinn", "agreed yeah"],
    ])).toEqual(["so we're agreed then the warehouse goes first"]);
  });
  it("two full statements close together are two decisions", () => {
    expect(decide([
      ["Oliver Stone", "So we're agreed, the pilot runs at the Leeds warehouse."],
      ["Harold Quinn", "Makes sense, Leeds first and then the rest of the sites."],
    ])).toHaveLength(2);
  });
  it("one channel instead of two is a decision, even asked as a question", () => {
    expect(decide([["Nina Ortiz", "Oliver, can you send one recap for both of us this time?"]])).toHaveLength(1);
    expect(decide([["Oliver Stone", "Sounds good, I won't send a separate one."]])).toHaveLength(1);
  });
  it("ownership settled going forward is a decision", () => {
    expect(decide([["Harold Quinn", "Vera's going to own this going forward."]])).toHaveLength(1);
  });
  it("a promise, or accepting a promise, is not a decision", () => {
    expect(decide([["Nina Ortiz", "I'll send the revised quote by Monday."], ["Bianca Reyes", "That works."]])).toEqual([]);
    expect(decide([["Nina Ortiz", "We'll take the reporting section."], ["Bianca Reyes", "Perfect."]])).toEqual([]);
  });
  it("the buyer accepting a proposal is a decision, even late in the turn", () => {
    expect(decide([
      ["Oliver Stone", "The agent runs next to your current antivirus, so nothing gets removed."],
      ["Harold Quinn", "Okay. That's what I wanted to hear. Side by side is fine."],
    ])).toEqual(["Side by side is fine."]);
  });
  it("a bare agreement cites the proposal, not a quip", () => {
    expect(decide([["Oliver Stone", "Then the Leeds warehouse goes live in July."], ["Harold Quinn", "Deal."]])).toEqual(["Then the Leeds warehouse goes live in July."]);
    expect(decide([["Oliver Stone", "I won't tell."], ["Harold Quinn", "Deal."]])).toEqual([]);
  });
});
