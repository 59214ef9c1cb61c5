// The audit log on a real database: append-only, one row per deal/conversation view (deal resolved in the same
// INSERT), sign-ins that worked and that failed, successful changes (method, route, status — never the body),
// and the admin-only, filterable, paginated GET /api/audit.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openSharedDealApp, type SharedDealApp } from "../../../test/fixtures/sharing/app.ts";
import { listAudit, recordAudit } from "./index.ts";

let database: Database;
let deps: SharedDealApp["deps"];
let s: SharedDealApp["s"];
let call: SharedDealApp["call"];

beforeAll(async () => { ({ database, deps, s, call } = await openSharedDealApp("test-secret-key-for-audit-000001")); });
afterAll(async () => { await database?.close(); });

const rows = () => deps.db.selectFrom("audit_log").selectAll().orderBy("id").execute();
const newRows = async (fn: () => Promise<unknown>) => {
  const before = (await rows()).length;
  await fn();
  return (await rows()).slice(before);
};

describe("audit log", () => {
  it("is append-only: updates and deletes are refused", async () => {
    await recordAudit(deps, { actor: { id: "system", kind: "system" }, action: "change", entity: "test" });
    await expect(sql`UPDATE audit_log SET actor_id = 'x'`.execute(deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(deps.db)).rejects.toThrow(/append-only/);
  });

  it("records one row per deal view, with who, from where and which deal (by id or slug)", async () => {
    const added = await newRows(() => call("GET", `/api/deals/${s.dealId}`, { token: s.users.member.token, headers: { "user-agent": "vitest-browser/1.0" } }));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor_id: s.users.member.id, actor_kind: "user", action: "view", entity: "deal", entity_id: s.dealId, deal_id: s.dealId, user_agent: "vitest-browser/1.0", workspace_id: s.workspaceId });
    expect(added[0].ip).toBeTruthy();
    const bySlug = await newRows(() => call("GET", `/api/deals/${s.dealSlug}`, { token: s.users.member.token }));
    expect(bySlug[0]).toMatchObject({ entity_id: s.dealSlug, deal_id: s.dealId });
    // A missing deal is no view.
    expect(await newRows(() => call("GET", "/api/deals/nope", { token: s.users.member.token }))).toHaveLength(0);
  });

  it("records conversation views with the conversation's deal", async () => {
    const added = await newRows(() => call("GET", `/api/conversations/${s.discoveryId}`, { token: s.users.partner.token }));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor_id: s.users.partner.id, action: "view", entity: "conversation", entity_id: s.discoveryId, deal_id: s.dealId });
  });

  it("records sign-ins that work and that fail (never the password)", async () => {
    const ok = await newRows(() => call("POST", "/api/auth/login", { body: { email: "ada@tidewell.io", password: "correct horse battery" } }));
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ action: "login", actor_id: s.users.admin.id, entity: "user", data: { outcome: "success" } });
    const bad = await newRows(() => call("POST", "/api/auth/login", { body: { email: "ada@tidewell.io", password: "wrong password!!" } }));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ action: "login", actor_id: "ada@tidewell.io", data: { outcome: "failure", email: "ada@tidewell.io" } });
    expect(JSON.stringify(bad[0])).not.toContain("wrong password");
  });

  it("records successful changes with method, route and status, and not failed ones or reads", async () => {
    const added = await newRows(() => call("PATCH", `/api/deals/${s.dealId}`, { token: s.users.admin.token, body: { stage: "evaluation" } }));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: "change", entity: "deal", deal_id: s.dealId, data: { method: "PATCH", route: "/api/deals/:id", status: 200 } });
    expect(JSON.stringify(added[0].data)).not.toContain("evaluation");
    expect(await newRows(() => call("PATCH", `/api/deals/${s.dealId}`, { token: s.users.admin.token, body: { stage: 42 } }))).toHaveLength(0);
    expect(await newRows(() => call("GET", "/api/deals", { token: s.users.admin.token }))).toHaveLength(0);
    const secret = await newRows(() => call("PUT", "/api/settings/secrets/llm_api_key", { token: s.users.admin.token, body: { value: "sk-very-secret-value" } }));
    expect(secret).toHaveLength(1);
    expect(secret[0]).toMatchObject({ action: "change", entity: "settings", data: { method: "PUT", route: "/api/settings/secrets/:name" } });
    expect(JSON.stringify(secret[0])).not.toContain("sk-very-secret-value");
  });

  it("GET /api/audit is for admins: filters by deal, actor and action, newest first, in pages", async () => {
    expect((await call("GET", "/api/audit", { token: s.users.member.token })).status).toBe(403);
    expect((await call("GET", "/api/audit", { token: s.users.partner.token })).status).toBe(403);
    for (let i = 0; i < 5; i++) await call("GET", `/api/deals/${s.dealId}`, { token: s.users.member.token });
    const first = await call("GET", `/api/audit?dealId=${s.dealId}&action=view&actor=${s.users.member.id}&limit=3`, { token: s.users.admin.token });
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(3);
    expect(first.body.entries.every((e: { dealId: string; action: string; actorId: string }) => e.dealId === s.dealId && e.action === "view" && e.actorId === s.users.member.id)).toBe(true);
    const ids = first.body.entries.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(first.body.nextBefore).toBe(String(ids.at(-1)));
    const all = await listAudit(deps, { dealId: s.dealId, action: "view", actor: s.users.member.id, limit: 200 });
    const pages: string[] = [];
    let before: string | null = null;
    do {
      const r = await call("GET", `/api/audit?dealId=${s.dealId}&action=view&actor=${s.users.member.id}&limit=3${before ? `&before=${before}` : ""}`, { token: s.users.admin.token });
      pages.push(...r.body.entries.map((e: { id: string }) => e.id));
      before = r.body.nextBefore;
    } while (before);
    expect(pages).toEqual(all.entries.map((e) => e.id));
    expect(pages.length).toBe(7);
    expect((await call("GET", "/api/audit?action=delete", { token: s.users.admin.token })).status).toBe(400);
  });

  it("writes concurrent entries together, each committed when its call resolves, in call order; a bad one fails alone", async () => {
    const before = (await rows()).length;
    const calls = Array.from({ length: 12 }, (_, i) => recordAudit(deps, {
      actor: { id: `burst-${i}`, kind: "system" }, action: i === 5 ? ("bogus" as never) : "change", entity: "burst", dealRef: s.dealSlug, data: { i },
    }));
    const settled = await Promise.allSettled(calls);
    expect(settled.map((r) => r.status)).toEqual(settled.map((_, i) => (i === 5 ? "rejected" : "fulfilled")));
    const added = (await rows()).slice(before);
    expect(added.map((r) => r.actor_id)).toEqual(Array.from({ length: 12 }, (_, i) => `burst-${i}`).filter((_, i) => i !== 5));
    expect(added.every((r) => r.deal_id === s.dealId)).toBe(true);
    // A burst of deal views over HTTP: one row each.
    const views = await newRows(() => Promise.all(Array.from({ length: 8 }, () => call("GET", `/api/deals/${s.dealId}`, { token: s.users.member.token }))));
    expect(views.filter((r) => r.action === "view" && r.deal_id === s.dealId)).toHaveLength(8);
  });
});
