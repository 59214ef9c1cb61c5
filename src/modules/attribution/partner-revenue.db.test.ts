// Partner revenue on a small generated workspace: the numbers against the generator's own deals, the drill-down,
// the CSV over HTTP, partner users limited to their organisation, and the CLI's output.
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { registerAttribution } from "../../cli/commands/attribution.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { generateRevenueWorkspace, type GeneratedDeal } from "../../../test/fixtures/attribution/revenue-workspace.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { createPartnerRevenueRoutes, getPartnerRevenue, parsePeriod, type RevenueReport } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let deals: GeneratedDeal[];
let partners: Array<{ id: string; name: string }>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-11-01T00:00:00Z");
  const g = await generateRevenueWorkspace(deps.db, { partners: 3, deals: 60, seed: 11 });
  ({ deals, partners } = g);
  const admin = await createUser(deps, { workspaceId: g.workspaceId, email: "admin@example.com", name: "Admin", password: "correct horse battery", role: "admin" });
  tokens.admin = (await createApiToken(deps, admin.id, "t")).token;
  const p = await createUser(deps, { workspaceId: g.workspaceId, email: "p@partner.example", name: "P", password: "correct horse battery", role: "partner", partnerOrgId: partners[1]!.id });
  tokens.partner = (await createApiToken(deps, p.id, "t")).token;
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [...createRouteModules(), { path: "/partners", routes: createPartnerRevenueRoutes() }] });
});
afterAll(async () => { await database?.close(); });

const get = async (path: string, who = "admin") => {
  const res = await app.request(path, { headers: { authorization: `Bearer ${tokens[who]}` } });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
};

/** The report's numbers worked out straight from the generator's deals. */
function expected(partnerId: string, label: string) {
  const p = parsePeriod(label);
  const inP = (iso: string) => iso >= p.from && iso < p.to;
  const status = (d: GeneratedDeal) => (["won", "closed-won"].includes(d.stage) ? "won" : d.stage === "lost" ? "lost" : "open");
  const mine = deals.filter((d) => d.partnerIds.includes(partnerId) && d.classification !== "none");
  const sum = (xs: GeneratedDeal[]) => xs.reduce((n, d) => n + d.amount, 0);
  const of = (cls: string) => {
    const xs = mine.filter((d) => d.classification === cls);
    const pipe = xs.filter((d) => status(d) === "open" && inP(d.startedAt)), won = xs.filter((d) => status(d) === "won" && inP(d.closedAt));
    return { pipeline: sum(pipe), pipelineDeals: pipe.length, won: sum(won), wonDeals: won.length };
  };
  const closed = (xs: GeneratedDeal[]) => xs.filter((d) => status(d) !== "open" && inP(d.closedAt));
  const mineIds = new Set(mine.map((d) => d.id));
  const rate = (xs: GeneratedDeal[]) => { const c = closed(xs); return c.length ? Math.round((1000 * c.filter((d) => status(d) === "won").length) / c.length) / 1000 : null; };
  return { sourced: of("sourced"), influenced: of("influenced"), winWith: rate(mine), winWithout: rate(deals.filter((d) => !mineIds.has(d.id))) };
}

describe("partner revenue", () => {
  it("sums sourced and influenced pipeline and won revenue per partner, with win rate with vs without", async () => {
    for (const label of ["2026Q1", "2026-03", "2026"]) {
      const r = await getPartnerRevenue(deps, { period: label });
      expect(r.partners.map((p) => p.partner.id).sort()).toEqual(partners.map((p) => p.id));
      for (const p of r.partners) {
        const e = expected(p.partner.id, label);
        expect(p.sourced, `${label} ${p.partner.name}`).toEqual(e.sourced);
        expect(p.influenced).toEqual(e.influenced);
        expect(p.withPartner.winRate).toBe(e.winWith);
        expect(p.withoutPartner.winRate).toBe(e.winWithout);
        // Drill-down: the listed deals add up to the numbers.
        const listed = (cls: string, f: "isPipelineInPeriod" | "isWonInPeriod") => p.deals.filter((d) => d.classification === cls && d[f]).reduce((n, d) => n + (d.amount ?? 0), 0);
        expect(listed("sourced", "isPipelineInPeriod")).toBe(p.sourced.pipeline);
        expect(listed("influenced", "isWonInPeriod")).toBe(p.influenced.won);
        for (const d of p.deals) expect(d.evidenceUrl).toBe(`/api/deals/${d.dealId}/attribution`);
      }
    }
    const year = await getPartnerRevenue(deps, { period: "2026" });
    const p0 = year.partners.find((p) => p.partner.id === partners[0]!.id)!;
    const won = p0.deals.filter((d) => d.status === "won" && d.closedAt);
    expect(p0.withPartner.avgDaysToClose).toBe(won.length ? Math.round((10 * won.reduce((n, d) => n + d.daysToClose!, 0)) / won.length) / 10 : null);
  });

  it("answers JSON and CSV over HTTP, one partner or all, and keeps partner users to their own organisation", async () => {
    const one = await get(`/api/partners/revenue?period=2026Q2&partner=${encodeURIComponent(partners[0]!.name)}`);
    expect(one.status).toBe(200);
    const report = JSON.parse(one.text).revenue as RevenueReport;
    expect(report.partners.map((p) => p.partner.name)).toEqual([partners[0]!.name]);
    expect(report.period).toEqual({ label: "2026Q2", from: "2026-04-01T00:00:00.000Z", to: "2026-07-01T00:00:00.000Z" });

    const csv = await get("/api/partners/revenue?period=2026Q2&format=csv");
    expect(csv.type).toContain("text/csv");
    const lines = csv.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("period,partner_id,partner,sourced_pipeline,sourced_pipeline_deals,sourced_won,sourced_won_deals,influenced_pipeline,influenced_pipeline_deals,influenced_won,influenced_won_deals,win_rate_with,win_rate_without,avg_days_to_close_with,avg_days_to_close_without,currencies");
    expect(lines).toHaveLength(1 + partners.length);
    const e = expected(partners[0]!.id, "2026Q2");
    expect(lines.find((l) => l.includes(partners[0]!.id))!.split(",").slice(0, 7)).toEqual(
      ["2026Q2", partners[0]!.id, partners[0]!.name, String(e.sourced.pipeline), String(e.sourced.pipelineDeals), String(e.sourced.won), String(e.sourced.wonDeals)]);
    const drill = await get("/api/partners/revenue?period=2026Q2&format=csv&level=deals");
    const rows = drill.text.trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^period,partner_id,partner,deal_id,deal,stage,status,classification/);
    expect(rows.length - 1).toBe(JSON.parse((await get("/api/partners/revenue?period=2026Q2")).text).revenue.partners.reduce((n: number, p: { deals: unknown[] }) => n + p.deals.length, 0));

    expect((await get("/api/partners/revenue?period=2026Q5")).status).toBe(400);
    const mine = JSON.parse((await get("/api/partners/revenue?period=2026", "partner")).text).revenue as RevenueReport;
    expect(mine.partners.map((p) => p.partner.id)).toEqual([partners[1]!.id]);
    expect((await get(`/api/partners/revenue?period=2026&partner=${partners[0]!.id}`, "partner")).status).toBe(403);
  });

  it("prints the same numbers from `baton attribution --partner P --period 2026Q1`", async () => {
    let out = "";
    const program = new Command().exitOverride();
    registerAttribution(program, { open: async () => ({ database: { close: async () => {} }, deps }), write: (s) => { out += s; } });
    await program.parseAsync(["node", "baton", "attribution", "--partner", partners[2]!.name, "--period", "2026Q1"]);
    const e = expected(partners[2]!.id, "2026Q1");
    const fmt = (n: number) => n.toLocaleString("en-US");
    expect(out).toContain("Partner revenue · 2026Q1 (2026-01-01 – 2026-03-31) EUR");
    expect(out).toMatch(/^PARTNER\s+SOURCED PIPE\s+SOURCED WON\s+INFLUENCED PIPE\s+INFLUENCED WON\s+WIN RATE WITH\/WITHOUT\s+DAYS TO CLOSE WITH\/WITHOUT$/m);
    expect(out).toContain(`${partners[2]!.name}  ${`${fmt(e.sourced.pipeline)} (${e.sourced.pipelineDeals})`.padEnd(12)}`);
    expect(out).toMatch(new RegExp(`${partners[2]!.name}: \\d+ deal\\(s\\)`));
    expect(out).toContain("/api/deals/gd_");

    out = "";
    await program.parseAsync(["node", "baton", "attribution", "--period", "2026Q1", "--csv"]);
    expect(out.split("\r\n")[0]).toMatch(/^period,partner_id,partner,sourced_pipeline/);
    await expect(program.parseAsync(["node", "baton", "attribution", "--period", "Q1"])).rejects.toThrow(/not a year/);
  });
});
