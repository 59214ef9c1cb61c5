// No internal words in a shared recap line, no I/O: the draft marks lines that compose internal utterances
// internal, and the audience filter drops internal citations and lines carrying internal words (planted markers).
import { describe, expect, it } from "vitest";
import { buildRecapDraft, linesFor, type RecapItem, type RecapUtterance } from "./recap.ts";

const M1 = "PLANTED-PRICE-FLOOR-41";
const M2 = "PLANTED-SIDEBAR-77";
const call = { id: "c1", title: "Discovery", startedAt: "2026-05-05T08:00:00Z", timezone: "Europe/Oslo", language: "en" };
const u = (seq: number, speakerName: string, text: string, isInternal = false): RecapUtterance => ({ seq, speakerName, side: null, text, isInternal });
const utterances = [
  u(1, "Dag Halvorsen", "Our budget for this year is fixed, the price has to fit it."),
  u(2, "Ada Lindqvist", `Internally our pricing floor is ${M1} per seat, never lower than that.`, true),
  u(3, "Clara Moe", `Proposal: we phase the rollout and keep year one at ${M2} licences inside the plan.`, true),
  u(4, "Dag Halvorsen", "Okay, that works for us."),
  u(5, "Dag Halvorsen", "One concern: the price has to fit this year's budget."),
  u(6, "Ada Lindqvist", `We would absorb the difference ourselves, ${M1} stays our floor.`, true),
];
const items: RecapItem[] = [
  { id: "i1", kind: "decision", seq: 4, speaker: "Dag Halvorsen", quote: "Okay, that works for us.", isInternal: false, data: { text: "Okay, that works for us." } },
  { id: "i2", kind: "objection", seq: 5, speaker: "Dag Halvorsen", quote: "the price has to fit this year's budget", isInternal: false,
    data: { topic: "pricing", raisedBy: "Dag Halvorsen", resolution: { seq: 6, quote: `We would absorb the difference ourselves, ${M1} stays our floor.`, speaker: "Ada Lindqvist" } } },
];
const has = (x: unknown, m: string) => JSON.stringify(x).includes(m);

describe("draft: no internal words composed into a shared line", () => {
  const { lines } = buildRecapDraft({ call, items, utterances });

  it("marks the decision that carries an internal proposal internal", () => {
    const decision = lines.find((l) => l.section === "decisions")!;
    expect(decision.text).toContain(M2);
    expect(decision.internal).toBe(true);
  });

  it("marks the objection answered by an internal utterance internal", () => {
    const objection = lines.find((l) => l.section === "objections")!;
    expect(objection.text).toContain(M1);
    expect(objection.internal).toBe(true);
  });

  it("keeps a topic citing shared and internal utterances shared, its internal citations marked", () => {
    const pricing = lines.find((l) => l.section === "discussed" && l.text === "Pricing and budget")!;
    expect(pricing.internal).toBe(false);
    expect(pricing.evidence.some((e) => e.internal && has(e, M1))).toBe(true);
    expect(pricing.evidence.some((e) => !e.internal)).toBe(true);
  });

  it.each(["partner", "buyer"] as const)("the %s rendering carries no planted marker, and the topic keeps its shared citation", (audience) => {
    const shown = linesFor(lines, audience);
    expect(has(shown, M1)).toBe(false);
    expect(has(shown, M2)).toBe(false);
    expect(shown.find((l) => l.text === "Pricing and budget")?.evidence.map((e) => e.seq)).toEqual([1]);
    // Our side still sees everything, markers included.
    expect(has(linesFor(lines, "internal"), M1)).toBe(true);
  });
});

describe("read time: utterances marked internal after the draft", () => {
  // Drafted while nothing was internal; then seqs 3 and 6 were marked internal.
  const { lines } = buildRecapDraft({ call, items, utterances: utterances.map((x) => ({ ...x, isInternal: false })) });
  const nowInternal = new Set([2, 3, 6]);
  const isInternalAt = (_c: string, seq: number) => nowInternal.has(seq);
  const texts = utterances.filter((x) => nowInternal.has(x.seq)).map((x) => x.text);

  it("the draft itself had them shared", () => {
    expect(lines.filter((l) => !l.internal).some((l) => has(l, M2))).toBe(true);
  });

  it.each(["partner", "buyer"] as const)("the %s rendering drops the lines quoting them and the citations of them", (audience) => {
    const shown = linesFor(lines, audience, isInternalAt, texts);
    expect(has(shown, M1)).toBe(false);
    expect(has(shown, M2)).toBe(false);
    expect(shown.some((l) => l.section === "decisions" || l.section === "objections")).toBe(false);
    for (const l of shown) for (const e of l.evidence) expect(nowInternal.has(e.seq)).toBe(false);
  });

  it("drops a hand-written line that repeats internal words, and an edited line's former evidence and basis", () => {
    const edited = [...lines,
      { id: "l90", section: "discussed" as const, text: `Note: internally our pricing floor is ${M1} per seat`, evidence: [], internal: false, support: "unsupported" as const, basis: "x" },
      { id: "l91", section: "commitments" as const, text: "Ada: send the plan", evidence: [], internal: false, support: "unsupported" as const, basis: `Ada: keep ${M2} in the plan`,
        formerEvidence: [{ conversationId: "c1", seq: 1, speaker: "Dag", quote: utterances[0]!.text }, { conversationId: "c1", seq: 3, speaker: "Clara", quote: utterances[2]!.text }] },
    ];
    const shown = linesFor(edited, "buyer", isInternalAt, texts);
    expect(shown.find((l) => l.id === "l90")).toBeUndefined();
    const l91 = shown.find((l) => l.id === "l91")!;
    expect(l91.formerEvidence?.map((e) => e.seq)).toEqual([1]);
    expect(has(shown, M1) || has(shown, M2)).toBe(false);
  });
});
