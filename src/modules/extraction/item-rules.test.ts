// Objection topics and resolution, stakeholder evidence and risk cues, each rule on sentences written for it.
import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import { extractConversation } from "./index.ts";
import { buildTestInput } from "./test-input.ts";
import { classifyConcernTopic } from "./topic-words.ts";

const roster: Array<[string, Side]> = [
  ["Nina Ortiz", "ours"], ["Ravi Menon", "ours"], ["Oliver Stone", "partner"],
  ["Bianca Reyes", "buyer"], ["Harold Quinn", "buyer"], ["Vera Holt", "buyer"], ["Don Pike", "buyer"], ["Gustav Berg", "ours"],
];
const run = (turns: Array<[string, string]>) =>
  extractConversation(buildTestInput({ roster, timezone: "Europe/Berlin", startedAt: "2026-03-04T10:00:00+01:00", turns }));

describe("objection topic: the concern sentence first", () => {
  const topic = (sentence: string, turn: string[] = [sentence]) => classifyConcernTopic(sentence.toLowerCase(), turn.map((t) => t.toLowerCase())).topic;
  it.each([
    ["I can't maintain another set of mapping rules on top of my budget work.", "resources"],
    ["Honestly we have no bandwidth for a rollout this quarter.", "resources"],
    ["My drivers won't use another app, they have four already.", "resources"],
    ["The other offer came in cheaper than your quote.", "pricing"],
    ["That puts us over budget for the year.", "pricing"],
    ["Before any customer data moves we need a DPIA.", "legal"],
    ["The liability cap in your MSA is too low for us.", "legal"],
    ["Our payroll numbers are sensitive, the cost per head especially.", "security"],
    ["If your support team gets remote access to the line, that's a problem.", "security"],
  ])("%s → %s", (sentence, expected) => {
    expect(topic(sentence)).toBe(expected);
  });
  it("a named concern later in the turn beats keywords in a vague first sentence", () => {
    expect(topic("My worry is more about me.", ["My worry is more about me.", "I'm a team of one and the price is not the point."])).toBe("resources");
  });
});

describe("objection detection", () => {
  it("a question is a concern only when it asks after one", () => {
    const r = run([
      ["Harold Quinn", "You said the order has to be placed before March?"],
      ["Harold Quinn", "And that's on top of what we already pay for the old scanner licences?"],
    ]);
    expect(r.objections.map((o) => o.evidence.seq)).toEqual([1]);
    expect(r.objections[0].topic).toBe("pricing");
  });
  it("'no problem' is not a concern", () => {
    expect(run([["Bianca Reyes", "Yeah no problem, the export covers a full month of scans."]]).objections).toEqual([]);
  });
  it("contract terms the buyer requires are a legal objection", () => {
    const r = run([["Bianca Reyes", "We need Swiss law and jurisdiction in Zurich in the agreement."]]);
    expect(r.objections).toEqual([expect.objectContaining({ topic: "legal", raisedBy: "Bianca Reyes" })]);
  });
});

describe("objection resolution", () => {
  it("satisfaction later in the reply counts, and the resolver is whoever answered most", () => {
    const r = run([
      ["Bianca Reyes", "My concern is the timeline, the warehouse move is in April."],
      ["Oliver Stone", "We would put two of our consultants on it full-time through May, so the move and the rollout don't collide."],
      ["Nina Ortiz", "Yes, that's us."],
      ["Bianca Reyes", "Hm. Right. That would save us a lot of worry."],
    ]);
    expect(r.objections[0]).toMatchObject({ topic: "timeline", resolvedBy: "Oliver Stone" });
  });
  it("one follow-up question from the raiser before being satisfied is fine", () => {
    const r = run([
      ["Harold Quinn", "Where is our data stored? Our auditors always ask."],
      ["Ravi Menon", "In two EU regions, Frankfurt and Dublin, and it never leaves the EU."],
      ["Harold Quinn", "In writing?"],
      ["Ravi Menon", "Yes, it's in the DPA, section three."],
      ["Harold Quinn", "Okay. That's fine then."],
    ]);
    expect(r.objections[0]).toMatchObject({ topic: "security", resolvedBy: "Ravi Menon" });
  });
  it("pushback leaves it open", () => {
    const r = run([
      ["Vera Holt", "The quote is too expensive for one depot."],
      ["Nina Ortiz", "Once you count the overtime it saves, the picture looks different."],
      ["Vera Holt", "Maybe. I'd need to see the numbers."],
      ["Nina Ortiz", "I'll send them."],
      ["Vera Holt", "Okay."],
    ]);
    expect(r.objections[0]).toMatchObject({ topic: "pricing", resolvedBy: null });
  });
  it("a comfortable buyer resolves it", () => {
    const r = run([
      ["Don Pike", "My concern is the install, the last agent we installed crashed the label printers."],
      ["Ravi Menon", "We test against a copy of your printer image in our lab first."],
      ["Don Pike", "If you test it on our image first, I'm comfortable."],
    ]);
    expect(r.objections[0]?.resolvedBy).toBe("Ravi Menon");
  });
});

describe("stakeholders", () => {
  it("the mention that says what someone is to the deal is the evidence, and sets the role", () => {
    const r = run([
      ["Bianca Reyes", "I spoke to Vera yesterday about the pilot."],
      ["Bianca Reyes", "Vera is our CFO, anything over forty thousand goes to her."],
    ]);
    expect(r.stakeholders).toEqual([expect.objectContaining({ name: "Vera Holt", role: "economic_buyer" })]);
    expect(r.stakeholders[0].evidence.seq).toBe(1);
  });
  it("the strongest role given across mentions wins; a budget meeting does not make someone the economic buyer", () => {
    const r = run([
      ["Harold Quinn", "Vera will need to approve it."],
      ["Harold Quinn", "And anything over fifty thousand goes to Vera."],
      ["Bianca Reyes", "Don asked me to join, he's stuck in a budget meeting."],
    ]);
    expect(r.stakeholders.map((s) => [s.name, s.role, s.evidence.seq])).toEqual([["Vera Holt", "economic_buyer", 1], ["Don Pike", "champion", 2]]);
  });
  it("vendor colleagues named in passing are not stakeholders; one with a deal role is", () => {
    const r = run([
      ["Nina Ortiz", "I'll chase Gustav for the slides today."],
      ["Nina Ortiz", "Any discount needs our deal desk, Gustav Berg has to approve it."],
      ["Bianca Reyes", "Don't worry about the slides."],
    ]);
    expect(r.stakeholders.map((s) => [s.name, s.role])).toEqual([["Gustav Berg", "approver"]]);
  });
});

describe("risk cues", () => {
  it.each([
    ["Sorry, I was on mute talking to myself.", "competitor"],
    ["The load test came back clean.", "competitor"],
    ["We freeze changes from the first of December.", "budget"],
    ["If the drivers won't use it, nothing else matters.", "timing"],
  ])("%s is not a %s risk", (sentence, type) => {
    expect(run([["Harold Quinn", sentence]]).risks.map((x) => x.type)).not.toContain(type);
  });
  it("still flags the real ones", () => {
    const r = run([
      ["Harold Quinn", "We've been talking to another vendor too."],
      ["Harold Quinn", "There's a spending freeze until April."],
    ]);
    expect(r.risks.map((x) => x.type)).toEqual(["competitor", "budget"]);
  });
  it("a champion's leave is one risk, however often they mention it", () => {
    const r = run([
      ["Bianca Reyes", "I'm going out on parental leave from May."],
      ["Nina Ortiz", "Congratulations!"],
      ["Bianca Reyes", "Harold will be your contact while I'm out."],
    ]);
    expect(r.risks.filter((x) => x.type === "champion")).toHaveLength(1);
  });
});
