import { describe, expect, it } from "vitest";
import { LEARNED_WEIGHTS } from "./retrieval-weights.ts";
import { namedSpeakers, rankTurns, scoreTurns, turnCandidates, TURN_FEATURES, type Turn } from "./retrieval.ts";

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
    for (const f of c.features) {
      expect(f).toHaveLength(TURN_FEATURES.length);
      for (const x of f) expect(Number.isFinite(x)).toBe(true);
    }
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

describe("namedSpeakers", () => {
  it("finds a speaker by the whole label, a bare capital letter, a surname or a role in brackets", () => {
    expect(namedSpeakers("What did Marketing think of the battery?", ["Marketing", "Project Manager"]).speakers).toEqual(["marketing"]);
    const icsi = namedSpeakers("What did F think about the XML format?", ["PhD F", "Grad C", "PhD A"]);
    expect(icsi.speakers).toEqual(["phd f"]);
    expect(icsi.mentions).toEqual(["f"]);
    // "A" opening a sentence is an article, not PhD A.
    expect(namedSpeakers("A question about the format of the files", ["PhD A"]).speakers).toEqual([]);
    const committee = ["Mr. Pierre Paul-Hus (CharlesbourgHaute-Saint-Charles, CPC)", "Right Hon. Justin Trudeau (Prime Minister)", "The Chair"];
    expect(namedSpeakers("What did Paul-Hus think about petitions?", committee).speakers).toEqual([committee[0]!.toLowerCase()]);
    expect(namedSpeakers("Did the Prime Minister agree?", committee).speakers).toEqual([committee[1]!.toLowerCase()]);
    expect(namedSpeakers("What was said about petitions?", committee).speakers).toEqual([]);
  });

  it("removes only the naming words from the topic, not the same letters inside other words", () => {
    const turns: Turn[] = [
      said(0, "PhD F", "The format of the files is fine."),
      said(1, "Grad C", "Lunch is at noon."),
      said(2, "PhD A", "Maybe we need a faster format."),
    ];
    // Were "f" cut out of every word, "format" and "files" would no longer match anything.
    const r = rankTurns(turns, "What did F think about the format of the files?", { weights: null });
    expect(r[0]).toBe(0);
    expect(r).not.toContain(1);
  });
});

describe("turnCandidates around a discussion", () => {
  it("scores a turn inside a stretch about the topic above an isolated mention elsewhere", () => {
    const filler = (i: number): Turn => said(i, i % 2 ? "Marketing" : "User Interface", "Mm-hmm, okay, sounds good to me.");
    const turns: Turn[] = Array.from({ length: 60 }, (_, i) => filler(i));
    turns[5] = said(5, "Marketing", "By the way, the battery of my phone died yesterday.");
    turns[40] = said(40, "Industrial Designer", "Let's talk about the battery and the charging of the remote.");
    turns[41] = said(41, "Marketing", "A kinetic battery means no charging station.");
    turns[42] = said(42, "Industrial Designer", "Charging with a dock costs more.");
    turns[43] = said(43, "Project Manager", "So the battery decision: kinetic, no dock for charging.");
    const c = turnCandidates(turns, "What did the group decide about the battery and charging?")!;
    const at = (i: number) => c.features[c.ids.indexOf(i)]!;
    const win10 = TURN_FEATURES.indexOf("win10");
    expect(at(41)[win10]!).toBeGreaterThan(at(5)[win10]!);
    expect(rankTurns(turns, "What did the group decide about the battery and charging?").slice(0, 1)[0]).toBeGreaterThanOrEqual(40);
  });
});

describe("scoreTurns", () => {
  it("scores the candidates in the learned order rankTurns cites them in (before spreading), the plain order without weights", () => {
    const q = "battery budget and the scroll wheel buttons";
    const scored = scoreTurns(meeting, q);
    expect(scored.length).toBeGreaterThan(1);
    expect(scored.map((t) => t.i)).toEqual(rankTurns(meeting, q, { spread: 0 }));
    for (let k = 1; k < scored.length; k++) expect(scored[k]!.score).toBeLessThanOrEqual(scored[k - 1]!.score);
    expect(scoreTurns(meeting, q, { weights: null }).map((t) => t.i)).toEqual(rankTurns(meeting, q, { weights: null, spread: 0 }));
  });
});
