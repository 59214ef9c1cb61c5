import { describe, expect, it } from "vitest";
import { LEARNED_WEIGHTS } from "./retrieval-weights.ts";
import { rankTurns, turnCandidates, TURN_FEATURES, type Turn } from "./retrieval.ts";

const said = (i: number, speaker: string, text: string): Turn => ({ i, speaker, text });
const meeting: Turn[] = [
  said(0, "Project Manager", "Okay, let's start. First the budget for the remote control."),
  said(1, "Marketing", "Yeah."),
  said(2, "Industrial Designer", "The battery could be a kinetic one, no charging needed."),
  said(3, "Marketing", "Kinetic batteries are expensive though, the budget is twelve euros."),
  said(4, "Project Manager", "So we keep the battery simple, a normal one."),
  said(5, "User Interface", "I think the buttons should be big."),
  said(6, "Marketing", "Mm-hmm."),
  said(7, "User Interface", "Big buttons and a scroll wheel, like the trend in phones."),
  said(8, "Industrial Designer", "The scroll wheel needs a better chip {disfmarker} a more advanced chip."),
  said(9, "Project Manager", "Okay. Let's close."),
];

describe("rankTurns", () => {
  it("gives every candidate one value per feature", () => {
    const c = turnCandidates(meeting, "What did Marketing think about the kinetic battery?")!;
    expect(c.ids.length).toBeGreaterThan(0);
    for (const f of c.features) expect(f).toHaveLength(TURN_FEATURES.length);
    expect(LEARNED_WEIGHTS?.length ?? TURN_FEATURES.length).toBe(TURN_FEATURES.length);
  });

  it("puts the named speaker's turn on the topic first, with the plain and the learned combination", () => {
    for (const weights of [null, LEARNED_WEIGHTS]) {
      expect(rankTurns(meeting, "What did Marketing think about the kinetic battery?", { weights })[0]).toBe(3);
      expect(rankTurns(meeting, "Why did the designer want a more advanced chip for the scroll wheel?", { weights })[0]).toBe(8);
    }
  });

  it("returns nothing for a question with no topic words", () => {
    expect(rankTurns(meeting, "What did they discuss?")).toEqual([]);
  });

  it("cites one turn per stretch of talk before a second one from the same stretch", () => {
    const q = "battery budget and the scroll wheel buttons";
    const plain = rankTurns(meeting, q, { spread: 0 });
    const spread = rankTurns(meeting, q, { spread: 2 });
    expect(new Set(spread)).toEqual(new Set(plain));
    const firstTwo = spread.slice(0, 2);
    expect(Math.abs(firstTwo[0]! - firstTwo[1]!)).toBeGreaterThan(2);
  });
});
