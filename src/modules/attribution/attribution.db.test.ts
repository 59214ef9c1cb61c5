// Attribution against a real database: the fixture deal's evidence trail, claims over HTTP with who made them,
// workspace rules changing the classification, append-only versioned snapshots, and the self-contained pack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { createAttributionRoutes, createDealAttributionRoutes, type DealAttribution } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let dealId: string;
let noIntroDealId: string;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
  // The same deal without its intro email: no sourcing, so presence and answers decide.
  const json = JSON.parse(tinyDeal().files.get("deal.json")!.toString());
  ({ deal: { id: noIntroDealId } } = await importDealFolder(deps, cliActor, tinyDeal({ "intro.eml": null, "deal.json": JSON.stringify({ ...json, id: "fjord-no-intro" }) })));
  const ws = await getWorkspace(deps);
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada Lindqvist", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    ...createRouteModules(), { path: "/deals", routes: createDealAttributionRoutes() }, { path: "/attribution", routes: createAttributionRoutes() },
  ] });
});
afterAll(async () => { await database?.close(); });

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, body: type.includes("json") ? await res.json() : await res.text() };
};
const attribution = async (id = dealId) => (await call("GET", `/api/deals/${id}/attribution`)).body.attribution as DealAttribution;
const entry = (a: DealAttribution, kind: string, ref?: string) => a.trail.find((t) => t.kind === kind && (ref === undefined || t.ref === ref))!;

describe("evidence trail", () => {
  it("builds the fixture deal's trail, every entry with its quote or email", async () => {
    const a = await attribution();
    expect(a.attribution).toMatchObject({ classification: "sourced", introducedBy: "Clara Moe", introducedOn: "2026-04-27", firstJointConversation: "01-discovery.vtt",
      partnerPresent: ["01-discovery.vtt", "02-technical.vtt", "03-followup.json"], partnerResolvedObjections: ["01-discovery.vtt#o1"] });
    expect(a.trail.map((t) => t.kind)).toEqual([
      "intro", "partner_brought_stakeholder", "joint_conversation", "partner_present", "partner_resolved_objection", "partner_present", "partner_present", "partner_commitment_late",
    ]);
    for (const t of a.trail) expect(t.evidence.length, t.kind).toBeGreaterThan(0);

    const intro = entry(a, "intro");
    expect(intro.evidence[0]).toMatchObject({ file: "intro.eml", kind: "email", speaker: "Clara Moe", side: "partner" });
    expect(intro.evidence[0]!.quote).toContain("From: Clara Moe <clara.moe@brightpath.no>");
    expect(intro.evidence[0]!.quote).toContain("Dag runs supply planning at Fjord Dairy");
    expect(intro.details).toMatchObject({ introducedBy: "Clara Moe", introduced: ["Ada Lindqvist", "Dag Halvorsen"] });

    // Dag first appears on the intro the partner sent; Eva first appears on a call ours and the buyer led.
    expect(entry(a, "partner_brought_stakeholder")).toMatchObject({ text: "Partner brought in Dag Halvorsen", ref: "intro.eml", details: { how: "email the partner sent" } });
    expect(a.trail.some((t) => t.text.includes("Eva Strand"))).toBe(false);

    const present = entry(a, "partner_present", "03-followup.json");
    expect(present.details).toMatchObject({ talkSharePct: 46, partnerQuestions: 0 });
    expect(present.evidence[0]).toMatchObject({ file: "03-followup.json", speaker: "Clara Moe", side: "partner", seq: 1 });

    const objection = entry(a, "partner_resolved_objection", "01-discovery.vtt#o1");
    expect(objection.evidence.map((e) => [e.speaker, e.quote])).toEqual([
      ["Dag Halvorsen", expect.stringContaining("price has to fit this year's budget")],
      ["Clara Moe", "We can phase the rollout so the first year stays inside your budget."],
    ]);
    // The statement of work was due 2026-05-13 and confirmed on 2026-05-19: shown, but not counted as on time.
    expect(entry(a, "partner_commitment_late")).toMatchObject({ ref: "02-technical.vtt#c1", counts: false, details: { due: "2026-05-13", doneOn: "2026-05-19" } });
    expect(a.trail.some((t) => t.kind === "partner_kept_commitment")).toBe(false);
  });

  it("counts a partner commitment delivered before its due date", async () => {
    // 03-followup.json#c1 is Clara's, due 2026-05-19; marking it done on the 19th keeps it on time.
    const ledger = (await call("GET", `/api/deals/${dealId}/ledger`)).body as { commitments: Array<{ ref: string; itemId: string }> };
    const c = ledger.commitments.find((x) => x.ref === "03-followup.json#c1")!;
    deps.clock.set("2026-05-19T12:00:00Z");
    const done = await call("POST", `/api/ledger/${c.itemId}/events`, { type: "done", note: "sent the pilot plan" });
    deps.clock.set("2026-05-20T10:00:00Z");
    expect(done.status).toBe(200);
    const a = await attribution();
    expect(entry(a, "partner_kept_commitment", "03-followup.json#c1")).toMatchObject({ counts: true, details: { due: "2026-05-19", doneOn: "2026-05-19" } });
    expect(entry(a, "partner_kept_commitment", "03-followup.json#c1").evidence.map((e) => e.quote)).toContain("sent the pilot plan");
  });

  it("stores claims with who made them and shows them on the trail", async () => {
    const r = await call("POST", `/api/deals/${dealId}/attribution/claims`, { kind: "registration", text: "Registered by Brightpath on 2026-04-28 (reg #BP-1042)" });
    expect(r.status).toBe(200);
    expect(r.body.claim).toMatchObject({ kind: "registration", actorName: "Ada Lindqvist", actorSide: "ours", at: "2026-05-20T10:00:00.000Z" });
    const t = entry(r.body.attribution, "claim_registration");
    expect(t).toMatchObject({ counts: false, text: expect.stringContaining("Ada Lindqvist registered the deal") });
    expect(t.evidence[0]!.quote).toContain("reg #BP-1042");
    expect((await call("POST", `/api/deals/${dealId}/attribution/claims`, { kind: "guess", text: "x" })).status).toBe(400);
    await expect(sql`UPDATE attribution_claims SET text = 'changed'`.execute(deps.db)).rejects.toThrow(/append-only/);
  });
});

describe("rules", () => {
  it("reads the defaults and changes the classification when the workspace's rules change", async () => {
    expect((await call("GET", "/api/attribution/rules")).body.rules).toMatchObject({ callPresence: "speaking", influence: { partnerPresent: true } });
    const before = await attribution(noIntroDealId);
    expect(before.attribution.classification).toBe("influenced");
    expect(before.attribution.reasons[0]).toMatch(/^Partner took part in 3 conversation/);

    const off = { influence: { partnerPresent: false, partnerResolvedObjection: false, partnerBroughtStakeholder: false, partnerKeptCommitment: false } };
    expect((await call("PUT", "/api/attribution/rules", off)).status).toBe(200);
    const after = await attribution(noIntroDealId);
    expect(after.attribution.classification).toBe("none");
    expect(after.rules.influence.partnerPresent).toBe(false);

    // Only the answered objection counts: influenced again, with that one reason.
    await call("PUT", "/api/attribution/rules", { influence: { ...off.influence, partnerResolvedObjection: true } });
    expect((await attribution(noIntroDealId)).attribution).toMatchObject({ classification: "influenced", reasons: ["Partner answered 1 objection(s): 01-discovery.vtt#o1"] });

    expect((await call("PUT", "/api/attribution/rules", { minPartnerTalkShare: 2 })).status).toBe(400);
    await call("PUT", "/api/attribution/rules", {});
    expect((await attribution(noIntroDealId)).attribution.classification).toBe("influenced");
  });
});

describe("milestone snapshots", () => {
  it("locks versions that can never be updated or deleted, each with its own pack", async () => {
    const first = await call("POST", `/api/deals/${dealId}/attribution/snapshots`, { milestone: "stage:proposal" });
    expect(first.status).toBe(200);
    expect(first.body.snapshot).toMatchObject({ version: 1, milestone: "stage:proposal", classification: "sourced" });
    const v1 = first.body.snapshot.id as string;
    const v1Html = (await call("GET", `/api/attribution/snapshots/${v1}.html`)).body as string;

    await call("POST", `/api/deals/${dealId}/attribution/claims`, { kind: "note", text: "Partner confirmed budget holder on 2026-05-20" });
    const second = await call("POST", `/api/deals/${dealId}/attribution/snapshots`, { milestone: "close" });
    expect(second.body.snapshot).toMatchObject({ version: 2, milestone: "close" });
    const list = (await call("GET", `/api/deals/${dealId}/attribution/snapshots`)).body.snapshots;
    expect(list.map((s: { version: number }) => s.version)).toEqual([1, 2]);

    // v1 is as it was; v2 carries the new note.
    expect((await call("GET", `/api/attribution/snapshots/${v1}.html`)).body).toBe(v1Html);
    expect(v1Html).not.toContain("budget holder");
    expect((await call("GET", `/api/attribution/snapshots/${second.body.snapshot.id}.html`)).body).toContain("Partner confirmed budget holder on 2026-05-20");

    await expect(sql`UPDATE attribution_snapshots SET classification = 'none' WHERE id = ${v1}`.execute(deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM attribution_snapshots WHERE id = ${v1}`.execute(deps.db)).rejects.toThrow(/append-only/);
    expect((await call("GET", `/api/attribution/snapshots/${v1}.html`)).body).toBe(v1Html);
    expect((await call("GET", "/api/attribution/snapshots/nope.html")).status).toBe(404);
    expect((await call("GET", `/api/attribution/snapshots/${v1}.pdf`)).status).toBe(400);
  });

  it("serves a self-contained HTML pack and Markdown with every quote, each claim linked to it", async () => {
    const { body } = await call("POST", `/api/deals/${dealId}/attribution/snapshots`, { milestone: "close" });
    const res = await call("GET", body.snapshot.htmlUrl);
    expect(res.type).toContain("text/html");
    const html = res.body as string;
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toContain("<style>");
    const a = await attribution();
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    for (const q of a.trail.flatMap((t) => t.evidence)) expect(html).toContain(esc(q.quote));
    expect(html).toContain("We can phase the rollout so the first year stays inside your budget.");
    // Every in-page link lands on an element of the page.
    const ids = new Set([...html.matchAll(/id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(a.trail.length);
    for (const t of targets) expect(ids.has(t), t).toBe(true);

    const md = await call("GET", body.snapshot.markdownUrl);
    expect(md.type).toContain("text/markdown");
    expect(md.body).toContain("> We can phase the rollout so the first year stays inside your budget.");
    expect(md.body).toMatch(/\*\*Partner answered an objection\*\*: Clara Moe answered objection 01-discovery\.vtt#o1\. Evidence: \[01-discovery\.vtt #6 at 00:00:/);
  });
});
