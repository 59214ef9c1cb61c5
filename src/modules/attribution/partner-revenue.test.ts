import { describe, expect, it } from "vitest";
import { buildRevenueReport, parsePeriod, revenueToCsv, statusOf } from "./partner-revenue.ts";
import type { RevenueRow } from "./attribution.repo.ts";

const row = (over: Partial<RevenueRow>): RevenueRow => ({
  dealId: "d1", slug: "d1", name: "Deal", stage: "proposal", amount: 1000, currency: "EUR", classification: "sourced", confidence: 0.9,
  startedAt: "2026-02-01T00:00:00.000Z", closedAt: "2026-03-15T00:00:00.000Z", partners: [{ id: "p1", name: "Acme, Inc." }], ...over,
});

describe("partner revenue maths", () => {
  it.each([
    ["2026", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["2026Q1", "2026-01-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["2026Q4", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["2026-03", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["2026-12", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("parses %s", (label, from, to) => expect(parsePeriod(label)).toEqual({ label, from, to }));

  it("knows won and lost stages", () => {
    expect(["won", "Closed-Won", "lost", "closed-lost", "proposal"].map(statusOf)).toEqual(["won", "won", "lost", "lost", "open"]);
  });

  it("counts pipeline by start, won by close, win rate and days with vs without the partner", () => {
    const r = buildRevenueReport([
      row({ dealId: "a" }),
      row({ dealId: "b", stage: "won", amount: 5000, classification: "influenced" }),
      row({ dealId: "c", stage: "lost", classification: "sourced" }),
      row({ dealId: "d", stage: "won", classification: "none", partners: [], startedAt: "2026-01-01T00:00:00.000Z", closedAt: "2026-03-02T00:00:00.000Z" }),
      row({ dealId: "e", stage: "won", amount: 7000, closedAt: "2026-05-01T00:00:00.000Z" }),
    ], parsePeriod("2026Q1"));
    const p = r.partners[0]!;
    expect(p.sourced).toEqual({ pipeline: 1000, pipelineDeals: 1, won: 0, wonDeals: 0 });
    expect(p.influenced).toEqual({ pipeline: 0, pipelineDeals: 0, won: 5000, wonDeals: 1 });
    expect(p.withPartner).toEqual({ closed: 2, won: 1, winRate: 0.5, avgDaysToClose: 42 });
    expect(p.withoutPartner).toEqual({ closed: 1, won: 1, winRate: 1, avgDaysToClose: 60 });
    expect(p.deals.map((d) => d.dealId)).toEqual(["a", "b", "c"]);
  });

  it("quotes CSV cells and defuses formulas", () => {
    const r = buildRevenueReport([row({ name: "=HYPERLINK(\"x\")" })], parsePeriod("2026"));
    const csv = revenueToCsv(r, "deals");
    expect(csv).toContain('"Acme, Inc."');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
