import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import { extractConversation, linkFulfilments } from "./index.ts";
import { buildTestInput } from "./test-input.ts";

const roster: Array<[string, Side]> = [["Nina Ortiz", "ours"], ["Oliver Stone", "partner"], ["Bianca Reyes", "buyer"], ["Harold Quinn", "buyer"], ["Vera Holt", "buyer"]];
const base = { roster, timezone: "America/New_York" };

describe("objections, stakeholders, risks, decisions", () => {
  const input = buildTestInput({
    ...base, startedAt: "2026-06-03T10:00:00-04:00",
    turns: [
      ["Bianca Reyes", "Honestly the licence price is more than I expected for one site."],
      ["Oliver Stone", "We can phase it, so year one only covers the pilot site."],
      ["Bianca Reyes", "Okay, that works for us."],
      ["Harold Quinn", "Vera Holt, our CFO, will need to sign off on anything over fifty thousand."],
      ["Harold Quinn", "And there's a spending freeze until the new fiscal year."],
      ["Nina Ortiz", "Understood. So let's go with the phased plan, pilot site first."],
    ],
  });
  const r = extractConversation(input);

  it("finds the pricing objection and who resolved it", () => {
    expect(r.objections[0]).toMatchObject({ topic: "pricing", raisedBy: "Bianca Reyes", resolvedBy: "Oliver Stone" });
  });
  it("finds an absent stakeholder with role and side", () => {
    expect(r.stakeholders).toEqual([expect.objectContaining({ name: "Vera Holt", org: "buyer", role: "economic_buyer" })]);
  });
  it("flags a budget risk", () => {
    expect(r.risks.map((x) => x.type)).toContain("budget");
  });
  it("records the decision", () => {
    expect(r.decisions.map((d) => d.evidence.quote)).toContain("So let's go with the phased plan, pilot site first.");
  });
  it("every quote is in its utterance", () => {
    for (const x of [...r.objections, ...r.stakeholders, ...r.risks, ...r.decisions]) {
      expect(input.utterances[x.evidence.seq].text).toContain(x.evidence.quote);
    }
    expect(r.dropped).toBe(0);
  });
});

describe("linkFulfilments", () => {
  const first = buildTestInput({
    ...base, startedAt: "2026-06-03T10:00:00-04:00", file: "01-call.vtt",
    turns: [["Nina Ortiz", "I'll send the data retention policy by Friday."], ["Harold Quinn", "I'll pull the shipment volumes for last year tomorrow."]],
  });
  const earlier = extractConversation(first).commitments.map((c) => ({ ref: `01-call.vtt#${c.localId}`, conversationFile: "01-call.vtt", startedAt: first.conversation.startedAt, commitment: c }));
  const later = buildTestInput({
    ...base, startedAt: "2026-06-10T10:00:00-04:00", file: "02-call.vtt",
    turns: [
      ["Nina Ortiz", "Hi all. As promised, I sent the retention policy on Thursday."],
      ["Nina Ortiz", "And Harold, thanks for the shipment volumes, very useful."],
      ["Bianca Reyes", "Great. The weather is lovely today."],
    ],
  });

  it("links done statements to the commitments they complete", () => {
    const f = linkFulfilments({ conversation: later, earlier });
    expect(f.map((x) => [x.commitmentRef, x.evidence.seq])).toEqual([["01-call.vtt#c1", 0], ["01-call.vtt#c2", 1]]);
  });
});

describe("speed", () => {
  // Speed is measured by `npm run bench` (extraction of a 60-minute call), not asserted here.
  it("extracts a 900-utterance call with the same items every time", () => {
    const lines: Array<[string, string]> = [];
    const pool = ["I'll send the revised quote by Friday.", "Our security team needs to review the data flows.", "That makes sense, thanks.", "We can't take on another integration right now.", "Can you send the SOW?", "Sure, will do.", "Vera Holt has to sign off on it."];
    for (let k = 0; k < 900; k++) lines.push([roster[k % roster.length][0], pool[k % pool.length]]);
    const input = buildTestInput({ ...base, startedAt: "2026-06-03T10:00:00-04:00", turns: lines });
    const first = extractConversation(input);
    expect(first.commitments.length).toBeGreaterThan(0);
    expect(JSON.stringify(extractConversation(input))).toBe(JSON.stringify(first));
  });
});
