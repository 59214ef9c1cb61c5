// The first-win clock and status with an injected clock: on track, at risk, missed, achieved with its evidence.
import { describe, expect, it } from "vitest";
import { activationToCsv, buildActivationReport, buildSignals, firstWinStatus, median, type CallFact, type FirstWinRow } from "./activation.ts";

const call = (id: string, dealId: string, at: string, partnerPresent = true): CallFact => ({ conversationId: id, dealId, title: `Call ${id}`, startedAt: at, partnerPresent });
const row = (count: number, kind: "joint_discovery_calls" | "deals_with_partner_present" = "joint_discovery_calls"): FirstWinRow =>
  ({ sentence: "Two joint discovery calls in the first month", rule: { kind, count }, createdAt: "2026-03-02T10:00:00Z", updatedAt: "2026-03-02T10:00:00Z", setBy: "u" });
const status = (now: string, calls: CallFact[], r = row(2)) => firstWinStatus({ orgId: "p", onboardedOn: "2026-03-01", row: r, calls, now: new Date(now) });

describe("first win clock", () => {
  it("runs 30 days from onboarded_on", () => {
    const s = status("2026-03-05T00:00:00Z", []);
    expect(s.clock).toEqual({ startsOn: "2026-03-01", deadline: "2026-03-31T00:00:00.000Z", daysLeft: 26, onboardedKnown: true });
    expect(s.status).toBe("on_track");
    expect(s.progress).toEqual({ have: 0, need: 2 });
  });
  it("is at risk in the last 7 days, missed after the deadline", () => {
    expect(status("2026-03-24T00:00:01Z", [call("c1", "d1", "2026-03-10T10:00:00Z")]).status).toBe("at_risk");
    expect(status("2026-03-23T23:59:59Z", []).status).toBe("on_track");
    const missed = status("2026-04-02T00:00:00Z", [call("c1", "d1", "2026-03-10T10:00:00Z"), call("c2", "d1", "2026-04-01T10:00:00Z")]);
    expect(missed.status).toBe("missed");
    expect(missed.achievedAt).toBe("2026-04-01T10:00:00Z"); // met, but late
  });
  it("is achieved with the calls that satisfy the rule, partner present only, not before onboarding", () => {
    const calls = [call("c0", "d1", "2026-02-20T10:00:00Z"), call("c1", "d1", "2026-03-10T10:00:00Z", false), call("c2", "d1", "2026-03-11T10:00:00Z"), call("c3", "d2", "2026-03-12T10:00:00Z"), call("c4", "d2", "2026-03-13T10:00:00Z")];
    const s = status("2026-03-20T00:00:00Z", calls);
    expect(s.status).toBe("achieved");
    expect(s.achievedAt).toBe("2026-03-12T10:00:00Z");
    expect(s.evidence.map((e) => e.conversationId)).toEqual(["c2", "c3"]);
    expect(s.evidence[0]!.url).toBe("/conversations/c2");
    // Not yet achieved when "now" is before the second call.
    expect(status("2026-03-11T12:00:00Z", calls).status).toBe("on_track");
    // Distinct deals: c2 (d1) and c3 (d2).
    const deals = status("2026-03-20T00:00:00Z", calls, row(2, "deals_with_partner_present"));
    expect(deals.evidence.map((e) => e.dealId)).toEqual(["d1", "d2"]);
    expect(status("2026-03-20T00:00:00Z", calls, row(3, "deals_with_partner_present")).status).toBe("on_track");
  });
  it("has no status until defined; a rule-less first win is only timed", () => {
    expect(firstWinStatus({ orgId: "p", onboardedOn: "2026-03-01", row: null, calls: [], now: new Date("2026-03-05T00:00:00Z") }).status).toBeNull();
    expect(status("2026-04-05T00:00:00Z", [call("c1", "d1", "2026-03-10T10:00:00Z")], { ...row(1), rule: null }).status).toBe("missed");
  });
});

describe("signals", () => {
  it("median time to first action, partner on first call, intro to meeting, huddles, week one", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const s = buildSignals({
      onboardedOn: "2026-03-01",
      handoffs: [
        { id: "h1", dealId: "d1", partnerOrgId: "p", receivedAt: "2026-03-02T09:00:00.000Z", firstActionAt: "2026-03-02T10:00:00.000Z", dueAt: "2026-03-02T13:00:00.000Z" },
        { id: "h2", dealId: "d2", partnerOrgId: "p", receivedAt: "2026-03-03T09:00:00.000Z", firstActionAt: "2026-03-03T12:00:00.000Z", dueAt: "2026-03-03T10:00:00.000Z" },
        { id: "h3", dealId: "d3", partnerOrgId: "p", receivedAt: "2026-03-04T09:00:00.000Z", firstActionAt: null, dueAt: "2026-03-04T13:00:00.000Z" },
      ],
      callsByDeal: new Map([["d1", [call("c1", "d1", "2026-03-05T10:00:00.000Z", true)]], ["d2", [call("c2", "d2", "2026-03-06T10:00:00.000Z", false), call("c3", "d2", "2026-03-07T10:00:00.000Z", true)]]]),
      huddles: [{ conversationId: "n1", dealId: "d1", heldAt: "2026-03-09T09:00:00.000Z" }, { conversationId: "n2", dealId: "d1", heldAt: "2026-03-16T09:00:00.000Z" }, { conversationId: "n3", dealId: "d1", heldAt: "2026-04-20T09:00:00.000Z" }],
      firstWin: row(2),
    });
    expect(s.medianTimeToFirstActionMs).toBe(2 * 3_600_000);
    expect(s.partnerOnFirstCallShare).toBe(0.5);
    expect(s.introToMeetingRate).toBe(0.667);
    expect(s.huddlesInFirstMonth).toBe(2);
    expect(s.twoHuddlesInFirstMonth).toBe(true);
    expect(s.firstWinDefinedInWeekOne).toBe(true);
    expect(s.handoffs.map((h) => h.withinSla)).toEqual([true, false, null]);
  });
});

describe("csv", () => {
  it("one row per partner with the stall step, quoted safely", () => {
    const r = buildActivationReport([{ partner: { id: "p1", name: "=Evil, Inc", tier: null, onboardedOn: "2026-03-01" }, firstWin: null, handoffs: [], deals: [], calls: [], huddles: [] }], new Date("2026-03-05T00:00:00Z"));
    const lines = activationToCsv(r).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]!.startsWith("partner_id,partner,tier,onboarded_on,onboarded_at,first_intro_at")).toBe(true);
    expect(lines[1]).toContain(`"'=Evil, Inc"`);
    expect(lines[1]).toContain(",first_intro,undefined,");
  });
});
