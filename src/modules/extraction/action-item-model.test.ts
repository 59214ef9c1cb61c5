import { describe, expect, it } from "vitest";
import {
  ACTION_ITEM_TEXT_ONLY_THRESHOLD, ACTION_ITEM_THRESHOLD, actionItemFeatures, actionItemThreshold, isActionItem, scoreActionItem, sigmoid, tokenize,
} from "./action-item-model.ts";
import modelJson from "./models/ami-action-items.json" with { type: "json" };

describe("action-item model: featurizer", () => {
  it("tokenizes lowercased words and keeps contractions, folding curly apostrophes", () => {
    expect(tokenize("I\u2019ll send the Spec by Friday, OK?")).toEqual(["i'll", "send", "the", "spec", "by", "friday", "ok"]);
    expect(tokenize("  ")).toEqual([]);
  });

  it("emits unigrams, bigrams, length and shape features, skipping leading fillers", () => {
    const f = actionItemFeatures("Um so you're gonna work on the design");
    expect(f).toContain("w:design");
    expect(f).toContain("b:<s>_um");
    expect(f).toContain("b:design_</s>");
    expect(f).toContain("len:5-8");
    expect(f).toContain("start:you_will");
    expect(f).toContain("has:you_future");
    expect(new Set(f).size).toBe(f.length);
  });

  it("prefixes context features and only adds position/role when given", () => {
    const bare = actionItemFeatures("okay");
    expect(bare.some((x) => x.startsWith("p:") || x.startsWith("n:") || x.startsWith("pos:") || x.startsWith("role:"))).toBe(false);
    const f = actionItemFeatures("okay", { prev: "can you email it", next: "sure", position: 0.95, role: "pm" });
    expect(f).toEqual(expect.arrayContaining(["p:email", "p:start:can_you", "n:sure", "pos:9", "pos:last_quarter", "role:PM"]));
  });
});

describe("action-item model: scores", () => {
  it("ships trained weights with attribution and a threshold in (0, 1)", () => {
    expect(modelJson._source).toMatch(/AMI Meeting Corpus.*CC BY 4\.0/);
    expect(Object.keys(modelJson.weights).length).toBeGreaterThan(1000);
    expect(ACTION_ITEM_THRESHOLD).toBeGreaterThan(0);
    expect(ACTION_ITEM_THRESHOLD).toBeLessThan(1);
  });

  it("returns probabilities and is deterministic", () => {
    const s = scoreActionItem("I'll send the spec by Friday");
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1);
    expect(scoreActionItem("I'll send the spec by Friday")).toBe(s);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(Number.isFinite(scoreActionItem(""))).toBe(true);
  });

  const pairs: ReadonlyArray<readonly [string, string]> = [
    ["I'll send the spec by Friday", "the remote has a red button"],
    ["you're gonna be working on the look and feel design", "yeah I think that's fine"],
    ["can you email me the pricing before the next meeting", "the pricing was higher last year"],
    ["and you will get specific instructions from your coach", "the coach was great"],
    ["we'll have to decide on the colour next time", "it's about twenty five euros"],
  ];
  it.each(pairs)("%j scores higher than %j", (action, other) => {
    expect(scoreActionItem(action)).toBeGreaterThan(scoreActionItem(other));
  });

  it("end-of-meeting position and a leader's assignment raise the score", () => {
    const text = "you're gonna be thinking about the user interface";
    expect(scoreActionItem(text, { position: 0.95 })).toBeGreaterThan(scoreActionItem(text, { position: 0.05 }));
  });

  it("isActionItem applies the stored threshold, or an explicit one", () => {
    const text = "the remote has a red button";
    expect(actionItemThreshold({})).toBe(ACTION_ITEM_TEXT_ONLY_THRESHOLD);
    expect(actionItemThreshold({ prev: "x", next: "y" })).toBe(ACTION_ITEM_TEXT_ONLY_THRESHOLD);
    expect(actionItemThreshold({ position: 0.5 })).toBe(ACTION_ITEM_THRESHOLD);
    expect(isActionItem(text)).toBe(scoreActionItem(text) >= ACTION_ITEM_TEXT_ONLY_THRESHOLD);
    expect(isActionItem(text, {}, 0)).toBe(true);
    expect(isActionItem(text, {}, 1.01)).toBe(false);
    expect(isActionItem("you'll be working on the technical functions design", { position: 0.95, role: "PM" })).toBe(true);
    expect(isActionItem("the remote has a red button", { position: 0.5, role: "ID" })).toBe(false);
  });
});
