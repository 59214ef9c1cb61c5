// The ledger against a real database: statuses from extraction, people's changes over HTTP (logged twice),
// re-extraction, the record export, the weekly walk, and the walk email through a loopback SMTP server.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { createWorker } from "../../server/jobs.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { listActivity } from "../activity/index.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { updateDeal } from "../deals/index.ts";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { findItem, runDealExtraction } from "../extraction/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { enqueueJob } from "../jobs/index.ts";
import { buildDealRecord } from "../record/index.ts";
import { createDealLedgerRoutes, createLedgerRoutes, createWeeklyWalkJob, getDealLedger, type DealLedger, type Walk } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let dealId: string;
let people: Map<string, string>;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
  const ws = await getWorkspace(deps);
  people = new Map((await listPeople(deps, ws.id)).map((p) => [p.name, p.id]));
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    ...createRouteModules(), { path: "/deals", routes: createDealLedgerRoutes() }, { path: "/ledger", routes: createLedgerRoutes() },
  ] });
});
afterAll(async () => { await database?.close(); });

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json() };
};
const ledger = async () => (await call("GET", `/api/deals/${dealId}/ledger`)).body as DealLedger;
const byRef = (l: DealLedger, ref: string) => l.commitments.find((c) => c.ref === ref)!;

describe("deal ledger", () => {
  it("derives done from extraction's fulfilments with the proof, and overdue from the deal's calendar", async () => {
    const l = await ledger();
    expect(l.today).toBe("2026-05-20");
    expect(l.commitments.map((c) => [c.ref, c.status])).toEqual([
      ["01-discovery.vtt#c1", "done"], ["01-discovery.vtt#c2", "overdue"], ["02-technical.vtt#c1", "done"], ["03-followup.json#c1", "overdue"],
    ]);
    const sow = byRef(l, "02-technical.vtt#c1");
    expect(sow).toMatchObject({ owner: "Clara Moe", side: "partner", due: "2026-05-13", evidence: { seq: 5, speaker: "Clara Moe", quote: expect.stringContaining("statement of work") } });
    expect(sow.fulfilment).toMatchObject({ source: "conversation", evidence: { conversation: "03-followup.json" } });
    expect(sow.history.map((h) => h.type)).toEqual(["created", "fulfilled"]);
    // As of an earlier day nothing is overdue yet.
    const early = (await call("GET", `/api/deals/${dealId}/ledger?asOf=2026-05-06T10:00:00Z`)).body as DealLedger;
    expect(byRef(early, "01-discovery.vtt#c2").status).toBe("open");
  });

  it("takes, re-dates, closes, reopens, reassigns and drops, each logged with who and when", async () => {
    const target = byRef(await ledger(), "01-discovery.vtt#c2");
    const post = (body: unknown) => call("POST", `/api/ledger/${target.itemId}/events`, body);

    deps.clock.set("2026-05-20T11:00:00Z");
    const took = await post({ type: "take" });
    expect(took.status).toBe(200);
    expect(took.body.commitment).toMatchObject({ owner: "Ada Lindqvist", ownerPersonId: people.get("Ada Lindqvist"), side: "ours" });
    deps.clock.set("2026-05-20T11:05:00Z");
    expect((await post({ type: "redate", due: "2026-05-29", note: "waiting for IT" })).body.commitment).toMatchObject({ status: "open", due: "2026-05-29" });
    deps.clock.set("2026-05-20T11:10:00Z");
    expect((await post({ type: "done", note: "sent by email" })).body.commitment).toMatchObject({ status: "done", fulfilment: { source: "person", note: "sent by email" } });
    expect((await post({ type: "done" })).status).toBe(409);
    deps.clock.set("2026-05-20T11:15:00Z");
    expect((await post({ type: "reopen" })).body.commitment.status).toBe("open");
    const bad = await post({ type: "reassign" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain("personId");
    deps.clock.set("2026-05-20T11:20:00Z");
    expect((await post({ type: "reassign", personId: people.get("Dag Halvorsen") })).body.commitment).toMatchObject({ owner: "Dag Halvorsen", side: "buyer" });
    deps.clock.set("2026-05-20T11:25:00Z");
    const dropped = (await post({ type: "drop", note: "no longer needed" })).body.commitment;
    expect(dropped.status).toBe("dropped");
    expect(dropped.history.map((h: { type: string }) => h.type)).toEqual(["created", "take", "redate", "done", "reopen", "reassign", "drop"]);
    expect(dropped.history[5]).toMatchObject({ at: "2026-05-20T11:20:00.000Z", previousOwner: "Ada Lindqvist", personName: "Dag Halvorsen" });
    expect(dropped.history.every((h: { by: string; type: string }) => h.type === "created" || h.by.startsWith("usr_"))).toBe(true);

    const acts = (await listActivity(deps, { dealId })).filter((a) => a.action.startsWith("ledger."));
    expect(acts.map((a) => a.action).reverse()).toEqual(["ledger.take", "ledger.redate", "ledger.done", "ledger.reopen", "ledger.reassign", "ledger.drop"]);
    expect(acts.find((a) => a.action === "ledger.redate")?.data).toMatchObject({ due: "2026-05-29", previousDue: "2026-05-08" });
    expect((await findItem(deps, target.itemId))?.review).toBe("confirmed");
    await expect(deps.db.deleteFrom("ledger_events").execute()).rejects.toThrow(/append-only/);
    expect((await call("POST", `/api/ledger/item_nope/events`, { type: "done" })).status).toBe(404);
  });

  it("stays correct when extraction re-runs, and the record export uses it", async () => {
    await runDealExtraction(deps, dealId);
    const l = await getDealLedger(deps, dealId);
    expect(l.commitments.map((c) => [c.ref, c.status])).toEqual([
      ["01-discovery.vtt#c1", "done"], ["01-discovery.vtt#c2", "dropped"], ["02-technical.vtt#c1", "done"], ["03-followup.json#c1", "overdue"],
    ]);
    expect(byRef(l, "01-discovery.vtt#c2").history).toHaveLength(7);
    const record = await buildDealRecord(deps, dealId);
    expect(record.ledger).toEqual([
      { commitment: "01-discovery.vtt#c1", status: "done" }, { commitment: "01-discovery.vtt#c2", status: "dropped" },
      { commitment: "02-technical.vtt#c1", status: "done" }, { commitment: "03-followup.json#c1", status: "overdue" },
    ]);
  });
});

describe("weekly walk", () => {
  it("builds, holds, and counts done since the last walk", async () => {
    const w1 = (await call("GET", `/api/ledger/walk?deal=${dealId}&week=2026-W21`)).body.walk as Walk;
    expect(w1).toMatchObject({ week: "2026-W21", monday: "2026-05-18", timezone: "Europe/Oslo", lastWalkAt: null, since: "2026-05-17T22:00:00.000Z" });
    expect(w1.counts).toMatchObject({ open: 1, overdue: 1, dueThisWeek: 1, doneSinceLastWalk: 2 });
    expect(w1.overdue[0]).toMatchObject({ ref: "03-followup.json#c1", link: expect.stringMatching(/^\/conversations\/conv_\d+#seq-\d+$/) });
    expect((await call("POST", "/api/ledger/walks", { deal: dealId, week: "2026-W21" })).status).toBe(200);

    deps.clock.set("2026-05-26T08:00:00Z");
    const final = byRef(await getDealLedger(deps, dealId), "03-followup.json#c1");
    await call("POST", `/api/ledger/${final.itemId}/events`, { type: "done" });
    const w2 = (await call("GET", `/api/ledger/walk?deal=${dealId}&week=2026-W22`)).body.walk as Walk;
    expect(w2).toMatchObject({ lastWalkAt: "2026-05-20T11:25:00.000Z", counts: { open: 0, doneSinceLastWalk: 1 } });
    expect(w2.doneSinceLastWalk.map((i) => i.ref)).toEqual(["03-followup.json#c1"]);

    const partner = (await call("GET", `/api/ledger/walk?partner=Brightpath%20Consulting&week=2026-W22`)).body.walk as Walk;
    expect(partner).toMatchObject({ scope: { kind: "partner", name: "Brightpath Consulting" }, deals: [{ id: dealId }] });
    expect((await call("GET", `/api/ledger/walk?week=2026-W22`)).status).toBe(400);
    expect((await call("GET", `/api/ledger/walk?deal=${dealId}&week=2026-W99`)).status).toBe(400);
  });

  it("emails each walk to its owners over SMTP and holds it, once", async () => {
    const received: Array<{ rcpt: string[]; raw: Buffer }> = [];
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => { received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) }); cb(); });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.server.address() as AddressInfo).port;
      await updateDeal(deps, cliActor, dealId, { ownerId: people.get("Ada Lindqvist")!, partnerOwnerId: people.get("Clara Moe")! });
      deps.clock.set("2026-06-01T07:00:00Z");
      const job = createWeeklyWalkJob({ smtpUrl: `smtp://127.0.0.1:${port}`, baseUrl: "https://baton.example.com", from: "Baton <baton@tidewell.io>" });
      await enqueueJob(deps, job, { week: "2026-W23" });
      const worker = createWorker({ deps, definitions: [job], workerId: "test" });
      expect(await worker.runOnce()).toBe(1);
      // One deal walk and one partner walk (Brightpath); both have something done since the last walk or open.
      expect(received.length).toBeGreaterThanOrEqual(1);
      const mail = await simpleParser(received[0]!.raw);
      // Owner, backup owner (set by the import) and partner owner.
      expect(received[0]!.rcpt.sort()).toEqual(["ada@tidewell.io", "ben@tidewell.io", "clara.moe@brightpath.no"]);
      expect(mail.subject).toMatch(/^Ledger walk · .+ · 2026-W23: \d+ overdue, \d+ due this week$/);
      expect(mail.from?.text).toContain("baton@tidewell.io");
      expect(mail.html).toContain("https://baton.example.com/conversations/");
      expect(mail.text).toContain("Ledger walk");
      const held = await deps.db.selectFrom("ledger_walks").select(["scope", "week"]).where("week", "=", "2026-W23").execute();
      expect(held.map((h) => h.scope).sort()).toEqual(["deal", "partner"]);
      // Running it again sends nothing: the week's walks are held.
      const before = received.length;
      await enqueueJob(deps, job, { week: "2026-W23" });
      expect(await worker.runOnce()).toBe(1);
      expect(received.length).toBe(before);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
