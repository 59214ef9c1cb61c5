import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import type { AttributionConversation, AttributionInput } from "./attribution.ts";
import { computeAttribution } from "./attribution.ts";

function conv(file: string, startedAt: string, speaking: Side[], over: Partial<AttributionConversation> = {}): AttributionConversation {
  return {
    file, kind: "call", startedAt, sidesPresent: speaking, speakingSides: speaking,
    partnerTalkMs: speaking.includes("partner") ? 60_000 : 0, totalTalkMs: 600_000, partnerQuestions: 1,
    participants: [], ...over,
  };
}

function input(over: Partial<AttributionInput> = {}): AttributionInput {
  return {
    intro: { introducedBy: "Rita Partner", introducedOn: "2026-03-02", fromSide: "partner", at: "2026-03-02T14:00:00Z" },
    conversations: [
      conv("02-demo.vtt", "2026-03-12T15:00:00Z", ["ours", "buyer"]),
      conv("01-discovery.vtt", "2026-03-05T15:00:00Z", ["ours", "partner", "buyer"]),
      conv("03-recap.eml", "2026-03-13T09:00:00Z", ["ours", "partner", "buyer"], { kind: "email", speakingSides: ["partner"] }),
      // The partner attended but never spoke: not present by the default rule.
      conv("04-pricing.srt", "2026-03-20T15:00:00Z", ["ours", "buyer"], { sidesPresent: ["ours", "partner", "buyer"] }),
    ],
    objections: [
      { ref: "01-discovery.vtt#o1", resolvedBySide: "partner", resolvedBy: "Rita Partner" },
      { ref: "02-demo.vtt#o1", resolvedBySide: "ours", resolvedBy: "Olly Ours" },
      { ref: "02-demo.vtt#o2", resolvedBySide: null, resolvedBy: null },
    ],
    stakeholders: [],
    commitments: [],
    firstContactOfOursWithBuyer: "2026-03-05T15:00:00Z",
    ...over,
  };
}

describe("computeAttribution", () => {
  it("follows the annotators' definitions of joint and present", () => {
    const a = computeAttribution(input());
    expect(a.introducedBy).toBe("Rita Partner");
    expect(a.introducedOn).toBe("2026-03-02");
    expect(a.firstJointConversation).toBe("01-discovery.vtt");
    expect(a.partnerPresent).toEqual(["01-discovery.vtt", "03-recap.eml"]);
    expect(a.partnerResolvedObjections).toEqual(["01-discovery.vtt#o1"]);
  });

  it("calls the deal sourced when the partner's intro came before any contact of ours", () => {
    const a = computeAttribution(input());
    expect(a.classification).toBe("sourced");
    expect(a.confidence).toBeGreaterThanOrEqual(0.9);
    expect(a.reasons[0]).toMatch(/came before our first contact/);
    expect(a.trail.map((t) => t.kind)).toEqual([
      "intro", "our_first_contact", "joint_conversation", "partner_present", "partner_resolved_objection", "partner_present",
    ]);
  });

  it("calls it influenced when we knew the buyer before the intro but the partner took part", () => {
    const a = computeAttribution(input({ firstContactOfOursWithBuyer: "2026-02-01T10:00:00Z" }));
    expect(a.classification).toBe("influenced");
    expect(a.reasons.join(" ")).toMatch(/before the partner's intro/);
    expect(a.reasons.join(" ")).toMatch(/answered 1 objection/);
  });

  it("calls it none without a partner intro or any partner action", () => {
    const a = computeAttribution(input({
      intro: null,
      conversations: [conv("01.vtt", "2026-03-05T15:00:00Z", ["ours", "buyer"])],
      objections: [],
    }));
    expect(a.classification).toBe("none");
    expect(a.firstJointConversation).toBeNull();
    expect(a.partnerPresent).toEqual([]);
  });

  it("counts a brought stakeholder and a kept partner commitment as influence", () => {
    const a = computeAttribution(input({
      intro: { introducedBy: "Olly Ours", introducedOn: "2026-03-01", fromSide: "ours", at: null },
      conversations: [conv("01.vtt", "2026-03-05T15:00:00Z", ["ours", "buyer"])],
      objections: [],
      stakeholders: [{ name: "Cara CFO", firstConversationFile: "01.vtt", broughtBySide: "partner" }],
      commitments: [{ ref: "01.vtt#c1", side: "partner", status: "done", due: null, doneOn: "2026-03-08" }],
    }));
    expect(a.classification).toBe("influenced");
    expect(a.introducedBy).toBeNull();
    expect(a.trail.some((t) => t.kind === "partner_brought_stakeholder")).toBe(true);
  });

  it("applies workspace rules: attendance counts, a talk-share floor, a sourcing window", () => {
    const attending = computeAttribution(input({ rules: { callPresence: "present" } }));
    expect(attending.partnerPresent).toContain("04-pricing.srt");
    const quiet = computeAttribution(input({ rules: { minPartnerTalkShare: 0.2 } }));
    expect(quiet.partnerPresent).toEqual(["03-recap.eml"]); // 10% of talk time is below the floor
    const stale = computeAttribution(input({ firstContactOfOursWithBuyer: "2026-06-30T00:00:00Z", rules: { sourcedWindowDays: 90 } }));
    expect(stale.classification).toBe("influenced");
  });
});
