// Partner activation on a small generated workspace: each partner stalls at a known funnel step; the first win over
// HTTP (PUT then GET, evidence from calls with the partner present); the diagnostic as JSON and CSV; partner users
// limited to their own organisation (mounted beside every other /partners route); the CLI's output.
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { registerPartners } from "../../cli/commands/partners.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { seedPartners, type SeedPartner } from "./activation-fixtures.ts";
import { createActivationRoutes, getActivationReport, type ActivationReport } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};

const H = 3_600_000;
const t = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, day, hour)).toISOString(); // March 2026
const handoff = (id: string, dealId: string, day: number, inSla: boolean) => ({ id, dealId, receivedAt: t(day, 9), firstActionAt: t(day, inSla ? 10 : 15), dueAt: t(day, 13) });
const win = (count: number) => ({ sentence: "Two joint discovery calls", rule: { kind: "joint_discovery_calls" as const, count }, createdAt: t(3) });

// The stall step each partner is built to stop at (null = the whole funnel).
const PARTNERS: Array<SeedPartner & { stall: string | null }> = [
  { id: "p1", name: "A Not onboarded", onboardedOn: null, stall: "onboarded" },
  { id: "p2", name: "B No intro", onboardedOn: "2026-03-01", stall: "first_intro", deals: [{ id: "d2", createdAt: t(2) }] },
  { id: "p3", name: "C Late", onboardedOn: "2026-03-01", stall: "first_action_in_sla", deals: [{ id: "d3", createdAt: t(2) }], handoffs: [handoff("h3", "d3", 2, false)] },
  { id: "p4", name: "D Alone on calls", onboardedOn: "2026-03-01", stall: "first_joint_call", deals: [{ id: "d4", createdAt: t(2) }], handoffs: [handoff("h4", "d4", 2, true)],
    calls: [{ id: "c4", dealId: "d4", at: t(5), partnerPresent: false }] },
  { id: "p5", name: "E One call short", onboardedOn: "2026-03-01", stall: "first_win", deals: [{ id: "d5", createdAt: t(2) }], handoffs: [handoff("h5", "d5", 2, true)],
    calls: [{ id: "c5", dealId: "d5", at: t(5), partnerPresent: true }], firstWin: win(2) },
  { id: "p6", name: "F No amount", onboardedOn: "2026-03-01", stall: "opportunity", deals: [{ id: "d6", createdAt: t(2) }], handoffs: [handoff("h6", "d6", 2, true)],
    calls: [{ id: "c6a", dealId: "d6", at: t(5), partnerPresent: true }, { id: "c6b", dealId: "d6", at: t(6), partnerPresent: true }], firstWin: win(2) },
  { id: "p7", name: "G Open", onboardedOn: "2026-03-01", stall: "won", deals: [{ id: "d7", createdAt: t(2), amount: 20000, stage: "proposal" }], handoffs: [handoff("h7", "d7", 2, true)],
    calls: [{ id: "c7", dealId: "d7", at: t(5), partnerPresent: true }], firstWin: win(1) },
  { id: "p8", name: "H Won", onboardedOn: "2026-03-01", stall: null, deals: [{ id: "d8", createdAt: t(2), amount: 50000, stage: "closed-won" }, { id: "d8b", createdAt: "2026-04-02T10:00:00.000Z", amount: 10000 }],
    handoffs: [handoff("h8", "d8", 2, true), handoff("h8b", "d8b", 33, true)],
    calls: [{ id: "c8", dealId: "d8", at: t(5), partnerPresent: true }, { id: "n8a", dealId: "d8", at: t(9), partnerPresent: false, huddle: true }, { id: "n8b", dealId: "d8", at: t(16), partnerPresent: false, huddle: true }],
    firstWin: win(1) },
];

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-03-20T12:00:00Z");
  const ws = await seedPartners(deps.db, PARTNERS);
  const admin = await createUser(deps, { workspaceId: ws, email: "admin@example.com", name: "Admin", password: "correct horse battery", role: "admin" });
  tokens.admin = (await createApiToken(deps, admin.id, "t")).token;
  const p = await createUser(deps, { workspaceId: ws, email: "p@partner.example", name: "P", password: "correct horse battery", role: "partner", partnerOrgId: "p5" });
  tokens.partner = (await createApiToken(deps, p.id, "t")).token;
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [...createRouteModules(), { path: "/partners", routes: createActivationRoutes() }] });
});
afterAll(async () => { await database?.close(); });

const call = async (method: string, path: string, who = "admin", body?: unknown) => {
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
};

describe("activation diagnostic", () => {
  it("finds the step each partner stalls at", async () => {
    const r = await getActivationReport(deps);
    expect(Object.fromEntries(r.partners.map((p) => [p.partner.id, p.stalledAt]))).toEqual(Object.fromEntries(PARTNERS.map((p) => [p.id, p.stall])));
    expect(r.steps.map((s) => s.stalled)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(r.steps.map((s) => s.reached)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const h = r.partners.find((p) => p.partner.id === "p8")!;
    expect(h.signals.twoHuddlesInFirstMonth).toBe(true);
    expect(h.signals.firstWinDefinedInWeekOne).toBe(true);
    expect(h.signals.medianTimeToFirstActionMs).toBe(H);
    expect(h.signals.partnerOnFirstCallShare).toBe(1);
    expect(h.signals.introToMeetingRate).toBe(0.5);
    expect(h.sourcedPipeline).toEqual([{ month: "2026-03", amount: 50000, deals: 1 }, { month: "2026-04", amount: 10000, deals: 1 }]);
    expect(r.pipelineByMonth.find((m) => m.month === "2026-03")).toEqual({ month: "2026-03", amount: 70000, deals: 6 });
    expect(r.partners.find((p) => p.partner.id === "p4")!.signals.partnerOnFirstCallShare).toBe(0);
  });

  it("serves JSON and CSV; partner users see only their own organisation", async () => {
    const j = await call("GET", "/api/partners/activation");
    expect(j.status).toBe(200);
    expect((JSON.parse(j.text) as { activation: ActivationReport }).activation.partners).toHaveLength(8);
    const c = await call("GET", "/api/partners/activation?format=csv");
    expect(c.type).toContain("text/csv");
    const lines = c.text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(9);
    expect(lines.find((l) => l.startsWith("p3,"))).toContain(",first_action_in_sla,");
    expect(lines.find((l) => l.startsWith("p8,"))).toContain(",complete,achieved,");
    const mine = JSON.parse((await call("GET", "/api/partners/activation", "partner")).text) as { activation: ActivationReport };
    expect(mine.activation.partners.map((p) => p.partner.id)).toEqual(["p5"]);
    expect((await call("GET", "/api/partners/p6/first-win", "partner")).status).toBe(403);
  });
});

describe("first win over HTTP", () => {
  it("PUT defines it, GET returns status and evidence; the clock is injected", async () => {
    const put = await call("PUT", "/api/partners/p4/first-win", "admin", { sentence: "One joint call", rule: { kind: "deals_with_partner_present", count: 1 } });
    expect(put.status).toBe(200);
    const fw = JSON.parse(put.text).firstWin;
    expect(fw.status).toBe("on_track"); // p4's only call had no partner-side speaker
    expect(fw.clock.deadline).toBe("2026-03-31T00:00:00.000Z");
    deps.clock.set("2026-03-25T00:00:00Z");
    expect(JSON.parse((await call("GET", "/api/partners/p4/first-win")).text).firstWin.status).toBe("at_risk");
    deps.clock.set("2026-04-01T00:00:00Z");
    expect(JSON.parse((await call("GET", "/api/partners/p4/first-win")).text).firstWin.status).toBe("missed");
    const got = JSON.parse((await call("GET", "/api/partners/p6/first-win")).text).firstWin;
    expect(got.status).toBe("achieved");
    expect(got.evidence.map((e: { conversationId: string }) => e.conversationId)).toEqual(["c6a", "c6b"]);
    expect((await call("PUT", "/api/partners/p4/first-win", "admin", { sentence: "" })).status).toBe(400);
    expect((await call("GET", "/api/partners/nope/first-win")).status).toBe(404);
    deps.clock.set("2026-03-20T12:00:00Z");
  });
});

describe("baton partners --diagnose", () => {
  it("prints the funnel and stall steps, and JSON", async () => {
    let out = "";
    const program = new Command().exitOverride();
    registerPartners(program, { open: async () => ({ database: { close: async () => {} }, deps }), write: (s) => { out += s; } });
    await program.parseAsync(["node", "baton", "partners", "--diagnose"]);
    expect(out).toContain("First action within SLA");
    expect(out).toMatch(/C Late\s+2026-03-01\s+First action within SLA/);
    expect(out).toContain("Partner-sourced pipeline per month");
    out = "";
    await program.parseAsync(["node", "baton", "partners", "--diagnose", "--json", "--partner", "H Won"]);
    expect((JSON.parse(out) as ActivationReport).partners.map((p) => p.partner.id)).toEqual(["p8"]);
  });
});
