// CRM sync against a real database and a local signed-webhook receiver: enqueue idempotency, what each side's
// CRM may see (planted internal markers), order per deal, backoff, 429 Retry-After, dead letters and retry,
// dry run, the HTTP API (secrets never returned) and the OAuth code flow against a local token server.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../../test/crm-webhook-receiver.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { updateDeal } from "../deals/index.ts";
import { getWorkspace, listOrgs, listPeople } from "../directory/index.ts";
import { getDealLedger, recordLedgerEvent } from "../ledger/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { extractDealJob } from "../extraction/index.ts";
import {
  createConnection, createCrmRoutes, createDealCrmRoutes, createOutboxWorker, CrmError, enqueueCrmSync, expandPendingSyncs, resolveCrmAdapter, syncDealNow,
  verifyWebhookSignature, signWebhook, type CrmAdapter,
} from "./index.ts";
import { planDealRequests } from "./dry-run.ts";
import { pruneOutbox } from "./crm.repo.ts";

process.env.BATON_SECRET_KEY ??= "crm-sync-tests-secret-key-0123456789";

const MARK_ITEM = "ZEBRA-INTERNAL-91";
const MARK_UTTER = "OKAPI-UTTERANCE-33";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
let partnerOrgId: string;
let ours: WebhookReceiver;
let partner: WebhookReceiver;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;

/** Outbox rows without the sync markers. */
const rows = async (connectionId?: string) => {
  let q = deps.db.selectFrom("crm_outbox").selectAll().where("op", "<>", "sync-deal").orderBy("id");
  if (connectionId) q = q.where("connection_id", "=", connectionId);
  return q.execute();
};
/** A deal change through the service (its transaction writes the marker), then the marker expanded. */
const change = async (p: Parameters<typeof updateDeal>[3]) => { await updateDeal(deps, cliActor, dealId, p); await expandPendingSyncs(deps); };
const markers = () => deps.db.selectFrom("crm_outbox").select(["id", "status", "reason"]).where("op", "=", "sync-deal").orderBy("id").execute();
const worker = (adapterFor = resolveCrmAdapter) => createOutboxWorker({ deps, adapterFor, workerId: "test", workers: 1, batch: 8, random: () => 0.5 });
async function drain(w = worker()): Promise<number> {
  let total = 0;
  for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) total += n;
  return total;
}
const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, body: text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : null };
};

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
  const ws = await getWorkspace(deps);
  partnerOrgId = (await listOrgs(deps, ws.id)).find((o) => o.side === "partner")!.id;
  // Plant internal content: an internal item (economic buyer) and an ordinary item citing an internal utterance.
  const conv = await deps.db.selectFrom("conversations").select(["id"]).where("deal_id", "=", dealId).orderBy("started_at").executeTakeFirstOrThrow();
  await deps.db.insertInto("items").values({
    id: "itm_internal_eb", deal_id: dealId, conversation_id: conv.id, kind: "stakeholder", local_id: "s90", fingerprint: "planted-eb",
    data: JSON.stringify({ localId: "s90", name: `Olga ${MARK_ITEM}`, personId: null, title: "CFO", org: "buyer", role: "economic_buyer" }),
    utterance_seq: 1, at_ms: 0, speaker: "Ada Lindqvist", quote: `our read: Olga ${MARK_ITEM} signs the budget`, is_internal: true,
  }).execute();
  await deps.db.updateTable("utterances").set({ is_internal: true }).where("conversation_id", "=", conv.id).where("seq", "=", 2).execute();
  await deps.db.insertInto("items").values({
    id: "itm_internal_utt", deal_id: dealId, conversation_id: conv.id, kind: "objection", local_id: "o90", fingerprint: "planted-utt",
    data: JSON.stringify({ localId: "o90", topic: "competition", raisedBy: null, raisedByPersonId: null, resolvedBy: null, resolvedByPersonId: null }),
    utterance_seq: 2, at_ms: 0, speaker: "Ben Okoro", quote: `they are also looking at ${MARK_UTTER}`,
  }).execute();
  ours = await startWebhookReceiver("whsec_ours_0123456789abcdef");
  partner = await startWebhookReceiver("whsec_partner_0123456789abcdef");
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [...createRouteModules(), { path: "/crm", routes: createCrmRoutes() }, { path: "/deals", routes: createDealCrmRoutes() }] });
});
afterAll(async () => { await ours?.close(); await partner?.close(); await database?.close(); });

let oursId: string;
let partnerId: string;

describe("enqueue", () => {
  it("writes nothing without connections, then one row per operation; the same change twice is one row", async () => {
    expect(await syncDealNow(deps, dealId)).toEqual({ targets: 0, planned: 0, inserted: 0 });
    oursId = (await createConnection(deps, { kind: "webhook", name: "Our CRM", side: "ours", baseUrl: ours.url, signingSecret: ours.secret })).id;
    const first = await syncDealNow(deps, dealId);
    expect(first.inserted).toBeGreaterThan(1);
    expect(first.inserted).toBe(first.planned);
    expect(await syncDealNow(deps, dealId)).toEqual({ targets: 1, planned: first.planned, inserted: 0 });
    // Through the marker: two enqueues before the worker runs are one marker, and it adds nothing new.
    for (const reason of ["again", "and again"]) await deps.db.transaction().execute((trx) => enqueueCrmSync({ db: trx, clock: deps.clock }, { dealId, reason }));
    expect((await markers()).filter((m) => m.status === "pending")).toHaveLength(1);
    expect(await expandPendingSyncs(deps)).toBe(1);
    expect((await markers()).map((m) => m.status)).toEqual(["done"]);
    expect((await rows()).length).toBe(first.inserted);
  });

  it("a deal change is a new row in the same transaction; going back to an earlier value is a new change too", async () => {
    const before = (await rows()).length;
    await change({ stage: "proposal" });
    await change({ stage: "proposal" });
    expect((await rows()).length).toBe(before + 1);
    await change({ stage: "discovery" }); // the imported stage
    const all = await rows();
    expect(all.length).toBe(before + 2);
    const deals = all.filter((r) => r.op === "upsert-deal");
    expect(new Set(deals.map((r) => r.idempotency_key)).size).toBe(deals.length);
    expect(deals[0].content_hash).toBe(deals.at(-1)!.content_hash);
    expect(all.at(-1)!.reason).toBe("deal.update");
  });

  it("a failed transaction leaves no outbox row", async () => {
    const before = (await deps.db.selectFrom("crm_outbox").select("id").execute()).length;
    await expect(deps.db.transaction().execute(async (trx) => {
      await trx.updateTable("deals").set({ stage: "negotiation" }).where("id", "=", dealId).execute();
      await enqueueCrmSync({ db: trx, clock: deps.clock }, { dealId, reason: "doomed" });
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect((await deps.db.selectFrom("crm_outbox").select("id").execute()).length).toBe(before);
  });
});

describe("two CRMs on one deal", () => {
  it("ours gets internal content and our tasks; the partner's CRM gets neither internal items nor internal words, only partner tasks", async () => {
    partnerId = (await createConnection(deps, { kind: "webhook", name: "Brightpath CRM", side: "partner", partnerOrgId, baseUrl: partner.url, signingSecret: partner.secret })).id;
    await syncDealNow(deps, dealId);
    const oursText = JSON.stringify((await rows(oursId)).map((r) => r.payload));
    const partnerText = JSON.stringify((await rows(partnerId)).map((r) => r.payload));
    expect(oursText).toContain(MARK_ITEM);
    expect(oursText).toContain(MARK_UTTER);
    expect(partnerText).not.toContain(MARK_ITEM);
    expect(partnerText).not.toContain(MARK_UTTER);
    const ledger = await getDealLedger(deps, dealId);
    const sideOf = new Map(ledger.commitments.map((c) => [c.itemId, c.side]));
    const taskSides = async (id: string) => (await rows(id)).filter((r) => r.op === "upsert-task").map((r) => sideOf.get(r.baton_id));
    expect(await taskSides(oursId)).toContain("ours");
    expect(new Set(await taskSides(oursId))).toEqual(new Set(["ours"]));
    expect(new Set(await taskSides(partnerId))).toEqual(new Set(["partner"]));
    // MEDDICC carries its evidence; the partner's economic buyer is empty (its only evidence is internal).
    const oursDeal = (await rows(oursId)).filter((r) => r.op === "upsert-deal").at(-1)!.payload as { deal: { custom: Record<string, string | null> } };
    expect(oursDeal.deal.custom["meddicc.economicBuyer"]).toContain(`"our read: Olga ${MARK_ITEM} signs the budget"`);
    const partnerDeal = (await rows(partnerId)).filter((r) => r.op === "upsert-deal").at(-1)!.payload as { deal: { custom: Record<string, string | null> } };
    expect(partnerDeal.deal.custom["meddicc.economicBuyer"]).toBeNull();

    await drain();
    expect(JSON.stringify(partner.deliveries.map((d) => d.body))).not.toContain(MARK_ITEM);
    expect(JSON.stringify(ours.deliveries.map((d) => d.body))).toContain(MARK_ITEM);
    expect((await rows()).every((r) => r.status === "done")).toBe(true);
    expect(ours.rejected + partner.rejected).toBe(0);
    const ext = await deps.db.selectFrom("crm_external_ids").selectAll().where("connection_id", "=", oursId).execute();
    expect(ext.some((e) => e.baton_type === "deal" && e.baton_id === dealId)).toBe(true);
  });

  it("a ledger change and an extraction run enqueue in their own transactions; done tasks say done", async () => {
    const task = (await getDealLedger(deps, dealId)).commitments.find((c) => c.side === "buyer" && c.status !== "done")!;
    expect((await rows(oursId)).some((r) => r.baton_id === task.itemId)).toBe(false);
    const ada = (await listPeople(deps, (await getWorkspace(deps)).id)).find((p) => p.name === "Ada Lindqvist")!;
    await recordLedgerEvent(deps, cliActor, task.itemId, { type: "take", personId: ada.id });
    await expandPendingSyncs(deps);
    const taken = (await rows(oursId)).filter((r) => r.baton_id === task.itemId);
    expect(taken.map((r) => [r.reason, (r.payload as { task: { done: boolean } }).task.done])).toEqual([["ledger.take", false]]);
    await recordLedgerEvent(deps, cliActor, task.itemId, { type: "done", note: "sent" });
    expect((await markers()).at(-1)).toMatchObject({ status: "pending", reason: "ledger.done" });
    await expandPendingSyncs(deps);
    const last = (await rows(oursId)).filter((r) => r.baton_id === task.itemId).at(-1)!;
    expect(last).toMatchObject({ reason: "ledger.done", status: "pending" });
    expect((last.payload as { task: { done: boolean } }).task.done).toBe(true);
    await extractDealJob.handler(deps, { dealId }, {} as never);
    await drain();
    const delivered = ours.deliveries.filter((d) => (d.body.task as { batonId?: string } | undefined)?.batonId === task.itemId).at(-1)!;
    expect((delivered.body.task as { done: boolean }).done).toBe(true);
  });
});

describe("delivery", () => {
  beforeEach(async () => { await drain(); });

  it("keeps a deal's order: a failing row holds back the later rows of that deal and connection", async () => {
    await change({ amount: 1000 });
    await change({ amount: 2000 });
    await change({ amount: 3000 });
    ours.inject({ type: "status", status: 503 });
    await drain();
    const pending = (await rows(oursId)).filter((r) => r.status !== "done");
    expect(pending.map((r) => [r.status, r.attempts])).toEqual([["pending", 1], ["pending", 0], ["pending", 0]]);
    deps.clock.advance(10 * 60_000);
    await drain();
    const amounts = ours.deliveries.filter((d) => d.type === "upsert-deal").slice(-3).map((d) => (d.body.deal as { amount: number }).amount);
    expect(amounts).toEqual([1000, 2000, 3000]);
  });

  it("honours 429 Retry-After exactly", async () => {
    await change({ amount: 4000 });
    ours.inject({ type: "rate-limit", retryAfter: "7" });
    const now = deps.clock.now().getTime();
    await drain();
    const r = (await rows(oursId)).at(-1)!;
    expect(r).toMatchObject({ status: "pending", attempts: 1, last_status: 429 });
    expect(new Date(r.next_attempt_at).getTime() - now).toBe(7000);
    deps.clock.advance(6999);
    await drain();
    expect((await rows(oursId)).at(-1)!.status).toBe("pending");
    deps.clock.advance(1);
    await drain();
    expect((await rows(oursId)).at(-1)!.status).toBe("done");
  });

  it("backs off with full jitter (base 1 s doubling) and dead-letters after 8 attempts with the exact error", async () => {
    await change({ amount: 5000 });
    ours.inject({ type: "status", status: 502, times: 8, body: "bad gateway from upstream" });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const now = deps.clock.now().getTime();
      await worker().runOnce();
      const r = (await rows(oursId)).at(-1)!;
      if (r.status === "dead") break;
      delays.push(new Date(r.next_attempt_at).getTime() - now);
      deps.clock.advance(delays.at(-1)!);
    }
    // random() = 0.5 → half of min(cap, 1 s · 2^(n−1)).
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 32000]);
    const dead = (await rows(oursId)).at(-1)!;
    expect(dead).toMatchObject({ status: "dead", attempts: 8, last_status: 502 });
    expect(dead.last_error).toBe(`POST ${ours.url} answered 502: bad gateway from upstream [HTTP 502]`);
  });

  it("a 4xx is dead at once; the dead-letter list shows it and Retry sends it again", async () => {
    await change({ amount: 6000 });
    ours.inject({ type: "status", status: 422, body: "amount: must be a string" });
    await drain();
    const list = await call("GET", "/api/crm/outbox?status=dead");
    expect(list.status).toBe(200);
    const row = list.body.rows.find((r: { lastStatus: number }) => r.lastStatus === 422);
    expect(row).toMatchObject({ status: "dead", attempts: 1, lastError: expect.stringContaining("answered 422: amount: must be a string") });
    expect(list.text).not.toContain("payload");
    const retried = await call("POST", `/api/crm/outbox/${row.id}/retry`);
    expect(retried.body.row).toMatchObject({ status: "pending", attempts: 0 });
    expect((await call("POST", `/api/crm/outbox/${row.id}/retry`)).status).toBe(409);
    // The older dead row (502 above) does not block: dead rows are out of the order.
    await drain();
    const after = await deps.db.selectFrom("crm_outbox").select("status").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("done");
  });

  it("a paused connection's queued rows wait until it is enabled again", async () => {
    await change({ amount: 6500 });
    await call("PATCH", `/api/crm/connections/${oursId}`, { enabled: false });
    const hits = ours.hits;
    await drain();
    expect(ours.hits).toBe(hits);
    expect((await rows(oursId)).at(-1)!.status).toBe("pending");
    await call("PATCH", `/api/crm/connections/${oursId}`, { enabled: true });
    await drain();
    expect((await rows(oursId)).at(-1)!.status).toBe("done");
    expect((ours.deliveries.at(-1)!.body.deal as { amount: number }).amount).toBe(6500);
  });

  it("dry run stores the exact plan and sends nothing", async () => {
    await call("PATCH", `/api/crm/connections/${oursId}`, { dryRun: true });
    const hits = ours.hits;
    await change({ amount: 7000 });
    await drain(createOutboxWorker({ deps, adapterFor: resolveCrmAdapter, workerId: "dry", workers: 1 }));
    expect(ours.hits).toBe(hits);
    const r = (await rows(oursId)).at(-1)!;
    expect(r.status).toBe("done");
    expect(r.dry_run_plan).toMatchObject([{ method: "POST", url: ours.url, body: { type: "upsert-deal", deal: { amount: 7000 } } }]);
    const plans = await planDealRequests(deps, dealId);
    expect(plans.map((p) => p.connection.side).sort()).toEqual(["ours", "partner"]);
    expect(plans[0].requests.length).toBeGreaterThan(1);
    await call("PATCH", `/api/crm/connections/${oursId}`, { dryRun: false });
  });
});

describe("retention", () => {
  it("prunes delivered rows but keeps the newest per object, so an unchanged record still enqueues nothing", async () => {
    await drain();
    const before = await rows();
    const pruned = await pruneOutbox(deps, new Date(deps.clock.now().getTime() + 1000));
    const after = await rows();
    expect(pruned).toBeGreaterThan(0);
    const key = (r: { connection_id: string; op: string; baton_id: string }) => `${r.connection_id}|${r.op}|${r.baton_id}`;
    expect(new Set(after.map(key))).toEqual(new Set(before.map(key)));
    expect(await syncDealNow(deps, dealId)).toMatchObject({ inserted: 0 });
  });
});

describe("webhook signatures", () => {
  it("verifies Stripe-style signatures and refuses a tampered body or an old timestamp", async () => {
    const body = JSON.stringify({ id: "k1", type: "upsert-deal" });
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", signWebhook("s3cret-s3cret-s3cret", body, now), body)).toBe(true);
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", signWebhook("s3cret-s3cret-s3cret", body, now), body.replace("k1", "k2"))).toBe(false);
    expect(verifyWebhookSignature("s3cret-s3cret-s3cret", signWebhook("s3cret-s3cret-s3cret", body, now - 301), body)).toBe(false);
    expect(verifyWebhookSignature("other-secret-value", signWebhook("s3cret-s3cret-s3cret", body, now), body)).toBe(false);
    const before = ours.rejected;
    const sig = signWebhook(ours.secret, body, now);
    await fetch(ours.url, { method: "POST", headers: { "x-baton-signature": sig, "x-baton-idempotency-key": "k1" }, body: body.replace("k1", "k9") });
    await fetch(ours.url, { method: "POST", headers: { "x-baton-signature": signWebhook(ours.secret, body, now - 3600), "x-baton-idempotency-key": "k1" }, body });
    expect(ours.rejected).toBe(before + 2);
  });
});

describe("HTTP API", () => {
  it("never returns secrets, stores them sealed, validates sides, reports a deal's CRM state", async () => {
    const created = await call("POST", "/api/crm/connections", { kind: "pipedrive", name: "PD", side: "ours", accessToken: "pd-token-SECRET-123", dryRun: true });
    expect(created.status).toBe(200);
    expect(created.text).not.toContain("pd-token-SECRET-123");
    expect(created.body.connection).toMatchObject({ kind: "pipedrive", hasCredentials: true, health: "unknown" });
    const stored = await deps.db.selectFrom("crm_connections").select("credentials_sealed").where("id", "=", created.body.connection.id).executeTakeFirstOrThrow();
    expect(stored.credentials_sealed).toMatch(/^v1:/);
    expect(stored.credentials_sealed).not.toContain("pd-token");
    const list = await call("GET", "/api/crm/connections");
    expect(list.text).not.toContain("pd-token-SECRET-123");
    expect(list.text).not.toContain(ours.secret);
    const bad = await call("POST", "/api/crm/connections", { kind: "webhook", name: "x", side: "partner", baseUrl: ours.url, signingSecret: "0123456789abcdef0" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("partnerOrgId");
    expect((await call("DELETE", `/api/crm/connections/${created.body.connection.id}`)).status).toBe(200);
    const check = await call("POST", `/api/crm/connections/${oursId}/check`);
    expect(check.body).toMatchObject({ ok: true, connection: { health: "ok" } });
    const state = await call("GET", `/api/deals/${dealId}/crm`);
    expect(state.status).toBe(200);
    const mine = state.body.connections.find((x: { connection: { id: string } }) => x.connection.id === oursId);
    expect(mine.externalIds.some((e: { batonType: string }) => e.batonType === "deal")).toBe(true);
    expect(mine.lastDelivery).toMatchObject({ status: expect.stringMatching(/done|dead/) });
    const sync = await call("POST", `/api/deals/${dealId}/crm-sync`);
    expect(sync.body).toMatchObject({ targets: 2, inserted: 0 });
  });
});

describe("OAuth", () => {
  it("runs the authorization-code flow against a token server, stores tokens sealed and refreshes on 401 once", async () => {
    const grants: Array<Record<string, string>> = [];
    const tokenServer = createServer(async (req, res) => {
      let raw = ""; for await (const c of req) raw += c;
      const form = Object.fromEntries(new URLSearchParams(raw));
      grants.push(form);
      if (form.client_secret !== "hs-client-secret") { res.writeHead(401).end(JSON.stringify({ error: "invalid_client" })); return; }
      const access = form.grant_type === "authorization_code" && form.code === "the-code" ? "access-1" : form.grant_type === "refresh_token" && form.refresh_token === "refresh-1" ? "access-2" : null;
      if (!access) { res.writeHead(400).end(JSON.stringify({ error: "invalid_grant" })); return; }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: access, refresh_token: "refresh-1", expires_in: 1800 }));
    });
    await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", () => r()));
    const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth/v1/token`;
    Object.assign(process.env, { BATON_CRM_HUBSPOT_CLIENT_ID: "hs-client", BATON_CRM_HUBSPOT_CLIENT_SECRET: "hs-client-secret", BATON_CRM_HUBSPOT_TOKEN_URL: tokenUrl, BATON_PUBLIC_URL: "https://baton.example.com" });
    try {
      const start = await call("GET", "/api/crm/oauth/hubspot/start?name=HubSpot");
      expect(start.status).toBe(302);
      const to = new URL(start.headers.get("location")!);
      expect(to.origin + to.pathname).toBe("https://app.hubspot.com/oauth/authorize");
      expect(to.searchParams.get("redirect_uri")).toBe("https://baton.example.com/api/crm/oauth/hubspot/callback");
      const state = to.searchParams.get("state")!;
      expect((await call("GET", `/api/crm/oauth/hubspot/callback?code=the-code&state=forged`)).status).toBe(403);
      const back = await call("GET", `/api/crm/oauth/hubspot/callback?code=the-code&state=${state}`);
      expect(back.status).toBe(302);
      const connId = new URL(back.headers.get("location")!, "http://x").searchParams.get("connected")!;
      expect(grants.at(-1)).toMatchObject({ grant_type: "authorization_code", code: "the-code", redirect_uri: "https://baton.example.com/api/crm/oauth/hubspot/callback" });
      expect((await call("GET", `/api/crm/oauth/hubspot/callback?code=the-code&state=${state}`)).status).toBe(403); // a state works once
      const row = await deps.db.selectFrom("crm_connections").selectAll().where("id", "=", connId).executeTakeFirstOrThrow();
      expect(row.credentials_sealed).not.toContain("access-1");
      expect(new Date(row.token_expires_at!).getTime()).toBe(deps.clock.now().getTime() + 1800_000);

      // A HubSpot stand-in that accepts only the refreshed token: the first call gets 401, the worker refreshes once.
      const seen: string[] = [];
      const fake: CrmAdapter = {
        kind: "hubspot",
        async apply(conn, op) { seen.push(conn.accessToken!); if (conn.accessToken !== "access-2") throw new CrmError("401 expired", { status: 401, retryable: false }); return { ids: { deal: "hs-1" }, summary: op.op }; },
        async plan() { return []; },
        async check() { return { ok: true, detail: "" }; },
      };
      await change({ amount: 8000 });
      await drain(worker((k) => (k === "hubspot" ? fake : resolveCrmAdapter(k))));
      expect(seen.slice(0, 2)).toEqual(["access-1", "access-2"]);
      expect(grants.at(-1)).toMatchObject({ grant_type: "refresh_token", refresh_token: "refresh-1" });
      const hsRows = await rows(connId);
      expect(hsRows.length).toBeGreaterThan(0);
      expect(hsRows.every((r) => r.status === "done")).toBe(true);
      // An expired token is refreshed before the call (no 401 round first).
      const grantsBefore = grants.length, seenBefore = seen.length;
      deps.clock.advance(1800_000);
      await updateDeal(deps, cliActor, dealId, { amount: 8100 });
      await drain(worker((k) => (k === "hubspot" ? fake : resolveCrmAdapter(k))));
      expect(grants.length).toBe(grantsBefore + 1);
      expect(seen.slice(seenBefore)).toEqual(["access-2"]);
      await deps.db.deleteFrom("crm_connections").where("id", "=", connId).execute();
    } finally {
      await new Promise<void>((r) => tokenServer.close(() => r()));
      for (const k of ["BATON_CRM_HUBSPOT_CLIENT_ID", "BATON_CRM_HUBSPOT_CLIENT_SECRET", "BATON_CRM_HUBSPOT_TOKEN_URL", "BATON_PUBLIC_URL"]) delete process.env[k];
    }
  });
});
