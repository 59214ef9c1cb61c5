// GET /api/deals/:id: one statement builds the page (src/modules/deals/deal-page.repo.ts) and the finished body, like
// the token → user lookup, is remembered until the next change (src/db/change-feed.ts). These tests pin the answer
// to what the record says and check that no change the page or the caller's access depends on is ever missed.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "../../db/client.ts";
import { importConversationFile } from "../ingest/index.ts";
import { listConversationSummaries } from "../conversations/index.ts";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { testDbKind } from "../../../test/db.ts";
import { openSharedDealApp, type SharedDealApp } from "../../../test/fixtures/sharing/app.ts";
import { getDeal, listDealPeopleIds } from "./index.ts";

let database: Database;
let deps: SharedDealApp["deps"];
let s: SharedDealApp["s"];
let call: SharedDealApp["call"];

beforeAll(async () => { ({ database, deps, s, call } = await openSharedDealApp("test-secret-key-for-dealpage-0001")); });
afterAll(async () => { await database?.close(); });

/** The page as the route built it before it was one statement: from the record's own reads, through JSON.stringify. */
async function expectedPage(idOrSlug: string, partnerView: boolean): Promise<string> {
  const deal = await getDeal(deps, idOrSlug);
  const ws = await getWorkspace(deps);
  const people = await listPeople(deps, ws.id, { ids: await listDealPeopleIds(deps, deal.id) });
  const all = await listConversationSummaries(deps, deal.id);
  if (!partnerView) return JSON.stringify({ deal, people, conversations: all });
  const conversations = all.filter((x) => !x.isInternal);
  const last = conversations.map((x) => x.startedAt).sort().at(-1) ?? null;
  return JSON.stringify({ deal: { ...deal, conversationCount: conversations.length, lastConversationAt: last }, people, conversations });
}
const page = async (token: string, ref = s.dealId) => {
  const r = await call("GET", `/api/deals/${ref}`, { token });
  expect(r.status).toBe(200);
  return r;
};

describe("GET /api/deals/:id", () => {
  it("answers byte for byte what the record says, by id and by slug, for our side and for the partner", async () => {
    for (const ref of [s.dealId, s.dealSlug]) {
      const ours = await page(s.users.member.token, ref);
      expect(ours.headers.get("content-type")).toBe("application/json");
      expect(ours.text).toBe(await expectedPage(ref, false));
      expect(ours.body.people.length).toBeGreaterThan(0);
      expect(ours.body.conversations.every((c: { speakers: unknown[] }) => c.speakers.length > 0)).toBe(true);
    }
    // Partner users name the deal by id (the access rule looks it up by id; a slug is 404 for them, as before).
    expect((await page(s.users.partner.token)).text).toBe(await expectedPage(s.dealId, true));
    expect((await call("GET", "/api/deals/no-such-deal", { token: s.users.member.token })).body.error.code).toBe("NOT_FOUND");
  });

  it("drops a conversation kept internal from the partner's page (and its count) at once, not from ours", async () => {
    const before = (await page(s.users.partner.token)).body;
    expect(before.conversations.map((c: { id: string }) => c.id)).toContain(s.technicalId);
    const marked = await call("POST", `/api/conversations/${s.technicalId}/internal`, { token: s.users.admin.token, body: { internal: true } });
    expect(marked.status).toBe(200);
    const after = await page(s.users.partner.token);
    expect(after.body.conversations.map((c: { id: string }) => c.id)).not.toContain(s.technicalId);
    expect(after.body.deal.conversationCount).toBe(before.deal.conversationCount - 1);
    expect(after.text).toBe(await expectedPage(s.dealId, true));
    expect((await page(s.users.member.token)).body.conversations.find((c: { id: string }) => c.id === s.technicalId).isInternal).toBe(true);
    await call("POST", `/api/conversations/${s.technicalId}/internal`, { token: s.users.admin.token, body: { internal: false } });
    expect((await page(s.users.partner.token)).body.conversations.map((c: { id: string }) => c.id)).toContain(s.technicalId);
  });

  it("shows every change on the very next view: deal edited, person renamed, conversation imported, transaction committed or not", async () => {
    await page(s.users.member.token);
    await page(s.users.member.token); // remembered now

    expect((await call("PATCH", `/api/deals/${s.dealId}`, { token: s.users.admin.token, body: { stage: "negotiation" } })).status).toBe(200);
    expect((await page(s.users.member.token)).body.deal.stage).toBe("negotiation");

    const renamed = await call("PATCH", `/api/people/${s.buyerPersonId}`, { token: s.users.admin.token, body: { name: "Renamed Buyer" } });
    expect(renamed.status).toBe(200);
    const p = (await page(s.users.member.token)).body;
    expect(p.people.find((x: { id: string }) => x.id === s.buyerPersonId).name).toBe("Renamed Buyer");
    const spoke = p.conversations.flatMap((c: { speakers: Array<{ personId: string; name: string }> }) => c.speakers).filter((x: { personId: string }) => x.personId === s.buyerPersonId);
    expect(spoke.length).toBeGreaterThan(0);
    expect(spoke.every((x: { name: string }) => x.name === "Renamed Buyer")).toBe(true);

    const count = p.deal.conversationCount;
    const speaker = p.people.find((x: { id: string }) => x.id === s.oursPersonId).name as string;
    const added = await importConversationFile(deps, cliActor, {
      dealId: s.dealId, filename: "09-follow-up.vtt", startedAt: "2026-05-19T10:00:00Z",
      content: Buffer.from(`WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n${speaker}: A follow-up call.\n`),
    });
    expect(added.status).toBe("added");
    const withNew = (await page(s.users.member.token)).body;
    expect(withNew.deal.conversationCount).toBe(count + 1);
    expect(withNew.conversations.map((c: { id: string }) => c.id)).toContain(added.conversationId);

    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable("deals").set({ name: "Inside a transaction" }).where("id", "=", s.dealId).execute();
    });
    expect((await page(s.users.member.token)).body.deal.name).toBe("Inside a transaction");
    const failed = await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable("deals").set({ name: "Rolled back" }).where("id", "=", s.dealId).execute();
      throw new Error("roll back");
    }).catch((e: unknown) => e);
    expect((failed as Error).message).toBe("roll back");
    expect((await page(s.users.member.token)).body.deal.name).toBe("Inside a transaction");
    expect((await page(s.users.member.token)).text).toBe(await expectedPage(s.dealId, false));
  });

  it("does not keep an answer read while a write was under way", async () => {
    // A write that lands between the start and the end of a view: the view may answer the old page, but the next one must not.
    const slow = page(s.users.member.token);
    await sql`UPDATE deals SET stage = 'overlapped' WHERE id = ${s.dealId}`.execute(deps.db);
    await slow;
    expect((await page(s.users.member.token)).body.deal.stage).toBe("overlapped");
  });
});

describe("API tokens, remembered between requests", () => {
  it("stop working as soon as they are revoked, their user is disabled or demoted", async () => {
    const created = await call("POST", "/api/auth/tokens", { token: s.users.member.token, body: { name: "short-lived" } });
    expect(created.status).toBe(200);
    const t = created.body.token as string;
    const id = created.body.id as string;
    expect((await call("GET", "/api/auth/me", { token: t })).status).toBe(200);
    expect((await call("GET", "/api/auth/me", { token: t })).status).toBe(200);
    expect((await call("DELETE", `/api/auth/tokens/${id}`, { token: s.users.member.token })).status).toBe(200);
    expect((await call("GET", "/api/auth/me", { token: t })).status).toBe(401);

    // Promoted, then demoted: admin-only routes follow the role.
    expect((await call("GET", "/api/users", { token: s.users.member.token })).status).toBe(403);
    expect((await call("PATCH", `/api/users/${s.users.member.id}`, { token: s.users.admin.token, body: { role: "admin" } })).status).toBe(200);
    expect((await call("GET", "/api/users", { token: s.users.member.token })).status).toBe(200);
    expect((await call("PATCH", `/api/users/${s.users.member.id}`, { token: s.users.admin.token, body: { role: "member" } })).status).toBe(200);
    expect((await call("GET", "/api/users", { token: s.users.member.token })).status).toBe(403);

    expect((await call("PATCH", `/api/users/${s.users.member.id}`, { token: s.users.admin.token, body: { disabled: true } })).status).toBe(200);
    expect((await call("GET", `/api/deals/${s.dealId}`, { token: s.users.member.token })).status).toBe(401);
    expect((await call("PATCH", `/api/users/${s.users.member.id}`, { token: s.users.admin.token, body: { disabled: false } })).status).toBe(200);
    expect((await call("GET", `/api/deals/${s.dealId}`, { token: s.users.member.token })).status).toBe(200);
  });
});

// Another process on the same PostgreSQL database (a second server, the CLI): its commits reach this one's caches
// through NOTIFY (migration 202611271400_change_notify.sql), a moment after they commit.
describe.runIf(testDbKind === "postgres")("changes made by another process (PostgreSQL)", () => {
  let other: Database;
  beforeAll(async () => { other = await createDb({ url: String(database.pool.options.connectionString), migrate: false }); });
  afterAll(async () => { await other?.close(); });

  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  };

  it("reach the remembered deal page and token lookups", async () => {
    await page(s.users.member.token);
    await page(s.users.member.token);
    await other.db.updateTable("deals").set({ stage: "from-elsewhere" }).where("id", "=", s.dealId).execute();
    expect(await eventually(async () => (await page(s.users.member.token)).body.deal.stage === "from-elsewhere")).toBe(true);

    const created = await call("POST", "/api/auth/tokens", { token: s.users.member.token, body: { name: "revoked elsewhere" } });
    const t = created.body.token as string;
    expect((await call("GET", "/api/auth/me", { token: t })).status).toBe(200);
    await other.db.deleteFrom("api_tokens").where("id", "=", created.body.id).execute();
    expect(await eventually(async () => (await call("GET", "/api/auth/me", { token: t })).status === 401)).toBe(true);
  });
});
