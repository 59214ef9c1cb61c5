// The runway of a newly onboarded partner over HTTP: created once (defaults from both organisations' names, target
// accounts from the partner's deals), four weekly huddles from onboarding as one ICS (COUNT=4), edits, validation, scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { openTestDb, testDeps, testDbKind } from "../../../test/db.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { seedPartners } from "./activation-fixtures.ts";
import { createRunwayRoutes } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
const tokens: Record<string, string> = {};
const BUYERS = Array.from({ length: 12 }, (_, i) => `b${String(i + 1).padStart(2, "0")}`);

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-03-04T12:00:00Z");
  const ws = await seedPartners(deps.db, [
    { id: "p1", name: "Orbis Advisory", onboardedOn: "2026-03-02" },
    { id: "p2", name: "Northpeak", onboardedOn: null },
  ]);
  await deps.db.updateTable("workspaces").set({ timezone: "America/Chicago" }).execute();
  await deps.db.insertInto("organisations").values([
    { id: "ours", workspace_id: ws, name: "Brightkite", side: "ours" },
    ...BUYERS.map((id, i) => ({ id, workspace_id: ws, name: `Buyer ${i + 1}`, side: "buyer" as const, domains: [`buyer${i + 1}.example`] })),
  ]).execute();
  await deps.db.insertInto("people").values([
    { id: "pia", workspace_id: ws, name: "Pia Larsen", emails: ["pia@brightkite.io"], org_id: "ours" },
    { id: "olga", workspace_id: ws, name: "Olga Orbis", emails: ["olga@orbisadvisory.com"], org_id: "p1" },
  ]).execute();
  await deps.db.updateTable("partners").set({ partner_manager_id: "pia" }).where("org_id", "=", "p1").execute();
  // Two of Orbis's deals, with buyers b03 (older) and b07 (newer): the default target accounts.
  for (const [id, buyer, at] of [["d1", "b03", "2026-02-01T10:00:00Z"], ["d2", "b07", "2026-02-20T10:00:00Z"]]) {
    await deps.db.insertInto("deals").values({ id, workspace_id: ws, slug: id, name: `Deal ${id}`, buyer_org_id: buyer, created_at: at, updated_at: at }).execute();
    await deps.db.insertInto("deal_partners").values({ deal_id: id, org_id: "p1" }).execute();
  }
  const admin = await createUser(deps, { workspaceId: ws, email: "admin@example.com", name: "Admin", password: "correct horse battery", role: "admin" });
  tokens.admin = (await createApiToken(deps, admin.id, "t")).token;
  const p = await createUser(deps, { workspaceId: ws, email: "p@northpeak.example", name: "P", password: "correct horse battery", role: "partner", partnerOrgId: "p2" });
  tokens.partner = (await createApiToken(deps, p.id, "t")).token;
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [...createRouteModules(), { path: "/partners", routes: createRunwayRoutes() }] });
});
afterAll(async () => { await database?.close(); });

const call = async (method: string, path: string, who = "admin", body?: unknown) => {
  const res = await app.request(`/api${path}`, { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* ICS */ }
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, json };
};

describe(`partner runway (${testDbKind})`, () => {
  it("creates the runway once, with defaults built from both organisations' names", async () => {
    expect((await call("GET", "/partners/p1/runway")).status).toBe(404);
    const first = await call("POST", "/partners/p1/runway");
    expect(first.status).toBe(201);
    const r = first.json.runway;
    expect(r).toMatchObject({ orgId: "p1", partner: { name: "Orbis Advisory", onboardedOn: "2026-03-02" }, ours: "Brightkite" });
    expect(r.play.talkTrack).toMatch(/Orbis Advisory introduces Brightkite/);
    expect(r.play.questions.length).toBeGreaterThanOrEqual(4);
    expect(r.play.questions.join("\n")).toMatch(/Orbis Advisory/);
    expect(r.noteTemplate).toMatch(/^# Orbis Advisory × Brightkite huddle: \{\{date\}\}/);
    expect(r.noteTemplate).toMatch(/## Action items/);
    expect(r.targetAccounts.map((a: { orgId: string }) => a.orgId)).toEqual(["b07", "b03"]);

    // Mon 2 Mar onboarding → Tuesdays 10:00 Chicago: 3 Mar (CST), then 10, 17, 24 Mar (CDT after the 8 Mar switch).
    expect(r.huddles).toMatchObject({ weekday: "TU", time: "10:00", timeZone: "America/Chicago", minutes: 15, count: 4, from: "2026-03-02", fromOnboarding: true });
    expect(r.huddles.starts).toEqual(["2026-03-03T16:00:00.000Z", "2026-03-10T15:00:00.000Z", "2026-03-17T15:00:00.000Z", "2026-03-24T15:00:00.000Z"]);
    expect(r.huddles.ics).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4/);
    expect(r.huddles.ics).toMatch(/DTSTART;TZID=America\/Chicago:20260303T100000\r?\n/); // wall clock, so CDT weeks stay at 10:00
    expect(r.huddles.ics).toMatch(/DURATION:PT15M/);
    expect(r.huddles.ics).toMatch(/METHOD:REQUEST/);
    expect(r.huddles.ics).toMatch(/pia@brightkite\.io/);
    expect(r.huddles.ics).toMatch(/olga@orbisadvisory\.com/);

    const again = await call("POST", "/partners/p1/runway", "admin", { talkTrack: "ignored" });
    expect(again.status).toBe(200);
    expect(again.json.runway).toEqual(r);
    const rows = await deps.db.selectFrom("partner_runways").select("org_id").execute();
    expect(rows).toHaveLength(1);

    const ics = await call("GET", "/partners/p1/runway/huddles.ics");
    expect(ics.status).toBe(200);
    expect(ics.type).toMatch(/text\/calendar/);
    expect(ics.text).toBe(r.huddles.ics);
  });

  it("edits the text fields, the target accounts (≤ 10 buyers) and the huddle slot", async () => {
    deps.clock.set("2026-03-05T09:00:00Z");
    const patched = await call("PATCH", "/partners/p1/runway", "admin", {
      talkTrack: "Our own words.", questions: ["Who signs?"], noteTemplate: "# Notes\n- {{date}}", targetAccounts: BUYERS.slice(0, 10), huddle: { weekday: "TH", time: "16:30" },
    });
    expect(patched.status).toBe(200);
    const r = patched.json.runway;
    expect(r.play).toEqual({ talkTrack: "Our own words.", questions: ["Who signs?"] });
    expect(r.noteTemplate).toBe("# Notes\n- {{date}}");
    expect(r.targetAccounts).toHaveLength(10);
    expect(r.targetAccounts[0]).toEqual({ orgId: "b01", name: "Buyer 1", domains: ["buyer1.example"] });
    expect(r.huddles.starts[0]).toBe("2026-03-05T22:30:00.000Z"); // Thu 5 Mar 16:30 CST
    expect(r.huddles.ics).toMatch(/BYDAY=TH;COUNT=4/);
    expect(r.updatedAt).toBe("2026-03-05T09:00:00.000Z");
    expect((await call("GET", "/partners/p1/runway")).json.runway).toEqual(r);

    const tooMany = await call("PATCH", "/partners/p1/runway", "admin", { targetAccounts: BUYERS.slice(0, 11) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toMatch(/at most 10/);
    const notBuyer = await call("PATCH", "/partners/p1/runway", "admin", { targetAccounts: ["b01", "p2", "nope"] });
    expect(notBuyer.status).toBe(400);
    expect(notBuyer.text).toMatch(/p2 is not a buyer organisation/);
    expect((await call("PATCH", "/partners/p1/runway", "admin", { talkTrack: "  " })).status).toBe(400);
    expect((await call("PATCH", "/partners/p1/runway", "admin", { huddle: { time: "25:00" } })).status).toBe(400);
    expect((await call("GET", "/partners/p1/runway")).json.runway.targetAccounts).toHaveLength(10);
  });

  it("starts the huddles from creation when the onboarding day is unknown, and keeps partner users to their own organisation", async () => {
    deps.clock.set("2026-03-12T15:00:00Z"); // Thu
    expect((await call("POST", "/partners/p1/runway", "partner")).status).toBe(403);
    expect((await call("GET", "/partners/p1/runway", "partner")).status).toBe(403);
    const own = await call("POST", "/partners/p2/runway", "partner", { targetAccounts: ["b02"] });
    expect(own.status).toBe(201);
    expect(own.json.runway).toMatchObject({ ours: "Brightkite", partner: { name: "Northpeak", onboardedOn: null }, targetAccounts: [{ orgId: "b02" }] });
    expect(own.json.runway.huddles).toMatchObject({ from: "2026-03-12", fromOnboarding: false });
    expect(own.json.runway.huddles.starts[0]).toBe("2026-03-17T15:00:00.000Z");
    expect((await call("POST", "/partners/ours/runway")).status).toBe(404);
    expect((await call("POST", "/partners/b01/runway", "admin", { targetAccounts: BUYERS })).status).toBe(400);
  });
});
