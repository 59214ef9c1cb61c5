import { describe, expect, it } from "vitest";
import { pickOpenDeal, subjectSimilarity, type OpenDealCandidate } from "./match-deal.ts";

const deal = (id: string, o: Partial<OpenDealCandidate> = {}): OpenDealCandidate =>
  ({ id, stage: "discovery", buyerOrgId: "buyer", partnerOrgIds: ["partner"], name: "Fjord Dairy", subject: null, ...o });
const intro = { buyerOrgId: "buyer", partnerOrgId: "partner", subject: "Intro: Fjord Dairy <> Tidewell (forecasting)" };

describe("pickOpenDeal", () => {
  it("joins an open deal of the same buyer and partner", () => {
    expect(pickOpenDeal([deal("a")], intro)?.id).toBe("a");
  });

  it("needs the same buyer, the same partner and an open stage", () => {
    expect(pickOpenDeal([deal("a", { buyerOrgId: "other" })], intro)).toBeNull();
    expect(pickOpenDeal([deal("a", { partnerOrgIds: ["someone-else"] })], intro)).toBeNull();
    for (const stage of ["won", "Closed-Won", "closed_lost", "lost"]) expect(pickOpenDeal([deal("a", { stage })], intro)).toBeNull();
    expect(pickOpenDeal([deal("a")], { ...intro, partnerOrgId: null })).toBeNull();
  });

  it("prefers the deal whose subject is closest, else the first (most recently updated)", () => {
    const deals = [deal("recent", { subject: "Intro: Fjord Dairy <> Tidewell (truck routing)" }), deal("older", { subject: "Intro: Fjord Dairy <> Tidewell (forecasting)" })];
    expect(pickOpenDeal(deals, intro)?.id).toBe("older");
    expect(pickOpenDeal([deal("recent"), deal("older")], intro)?.id).toBe("recent");
  });
});

describe("subjectSimilarity", () => {
  it("ignores intro words and case", () => {
    expect(subjectSimilarity("Fwd: Intro - Pellham Dental", "introduction: pellham dental")).toBe(1);
    expect(subjectSimilarity("Pellham Dental", "Harrow Veterinary")).toBe(0);
    expect(subjectSimilarity(null, "x")).toBe(0);
  });
});
