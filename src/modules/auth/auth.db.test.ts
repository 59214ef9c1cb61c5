import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { ACCESS } from "../../server/access.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import {
  bootstrapAdmin, createAuthenticator, createAuthRoutes, createUser, getUserByEmail, listUsers, requireRole, verifyPassword,
} from "./index.ts";
import { hashSecret } from "./secrets.ts";

const BASE = "2026-03-10T15:00:00Z";
const WS = "ws_1";
let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let emailSeq = 0;

function createPingRoutes() {
  const ping = new OpenAPIHono<AppEnv>();
  ping.get("/", (c) => c.json({ pong: c.get("user")?.email }));
  ping.post("/", (c) => c.json({ pong: c.get("user")?.email, via: c.get("user")?.via }));
  ping.get("/admin", (c) => c.json({ admin: requireRole(c, "admin").email }));
  return ping;
}

interface CallOptions { body?: unknown; cookie?: string; csrf?: string; bearer?: string; ip?: string; base?: string }
async function call(method: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (o.cookie) headers.cookie = `baton_session=${o.cookie}`;
  if (o.csrf) headers["x-csrf-token"] = o.csrf;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const res = await app.request(`${o.base ?? "http://localhost"}${path}`,
    { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) },
    { incoming: { socket: { remoteAddress: o.ip ?? "198.51.100.7" } } });
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, json: await res.json() as any, setCookie, cookie: /baton_session=([^;]*)/.exec(setCookie ?? "")?.[1] };
}

async function makeUser(role: "admin" | "member" = "member", password = "s3cret-password") {
  const email = `user${++emailSeq}@example.com`;
  const user = await createUser(deps, { workspaceId: WS, email, name: `User ${emailSeq}`, password, role });
  return { user, email, password };
}

async function signIn(role: "admin" | "member" = "member") {
  const u = await makeUser(role);
  const r = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
  expect(r.status).toBe(200);
  return { ...u, cookie: r.cookie!, csrf: r.json.csrfToken as string };
}

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, BASE);
  await deps.db.insertInto("workspaces").values({ id: WS, name: "Acme", holidays: [], settings: {} }).execute();
  await deps.db.insertInto("organisations").values({ id: "org_p", workspace_id: WS, name: "Partner Co", side: "partner" }).execute();
  app = createApp({
    deps, authenticate: createAuthenticator(deps),
    modules: [{ path: "/auth", routes: createAuthRoutes(), isPublic: true }, { path: "/ping", routes: createPingRoutes() }],
    access: { ...ACCESS, "GET /api/ping": "self", "POST /api/ping": "self", "GET /api/ping/admin": "self" },
  });
});
afterAll(async () => { await database?.close(); });
beforeEach(() => { deps.clock.set(BASE); });

describe("users", () => {
  it("creates users with a hashed password and rejects duplicates", async () => {
    const { user, email } = await makeUser("member");
    expect(user).toEqual({ id: expect.stringMatching(/^usr_/), email, name: expect.any(String), role: "member", partnerOrgId: null });
    const row = await deps.db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword("s3cret-password", row.password_hash!)).toBe(true);
    await expect(createUser(deps, { workspaceId: WS, email: ` ${email.toUpperCase()} `, name: "X", role: "member" }))
      .rejects.toMatchObject({ code: "CONFLICT" });
    expect(await getUserByEmail(deps, email.toUpperCase())).toMatchObject({ id: user.id });
    await expect(getUserByEmail(deps, "nobody@example.com")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("carries the partner org of partner users and requires it", async () => {
    const p = await createUser(deps, { workspaceId: WS, email: "pat@partner.example", name: "Pat", role: "partner", partnerOrgId: "org_p" });
    expect(p.partnerOrgId).toBe("org_p");
    await expect(createUser(deps, { workspaceId: WS, email: "x@partner.example", name: "X", role: "partner" }))
      .rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createUser(deps, { workspaceId: WS, email: "short@example.com", name: "S", role: "member", password: "short" }))
      .rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await listUsers(deps, { workspaceId: WS })).map((u) => u.email)).toContain("pat@partner.example");
  });
});

describe("login and sessions", () => {
  it("signs in, sets a hardened cookie and stores only the session's hash", async () => {
    const u = await makeUser();
    const r = await call("POST", "/api/auth/login", { body: { email: u.email.toUpperCase(), password: u.password } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ user: { ...u.user }, csrfToken: expect.any(String) });
    expect(r.setCookie).toMatch(/HttpOnly/);
    expect(r.setCookie).toMatch(/SameSite=Lax/);
    expect(r.setCookie).toMatch(/Path=\//);
    expect(r.setCookie).not.toMatch(/Secure/);
    const sessions = await deps.db.selectFrom("sessions").selectAll().where("user_id", "=", u.user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].id_hash).toBe(hashSecret(r.cookie!));
    expect(sessions[0].id_hash).not.toBe(r.cookie);

    const https = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, base: "https://baton.example" });
    expect(https.setCookie).toMatch(/; Secure/);
  });

  it("answers the same for a wrong password and an unknown email", async () => {
    const u = await makeUser();
    const wrong = await call("POST", "/api/auth/login", { body: { email: u.email, password: "nope-nope" }, ip: "192.0.2.50" });
    const unknown = await call("POST", "/api/auth/login", { body: { email: "ghost@example.com", password: "nope-nope" }, ip: "192.0.2.50" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.setCookie).toBeNull();
  });

  it("reports the user and csrf token at /me, and 401 without a session", async () => {
    const s = await signIn();
    const me = await call("GET", "/api/auth/me", { cookie: s.cookie });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ user: s.user, csrfToken: s.csrf });
    expect((await call("GET", "/api/auth/me")).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { cookie: "forged" })).status).toBe(401);
  });

  it("requires sign-in on other modules, and CSRF on writes with a cookie", async () => {
    const s = await signIn();
    expect((await call("GET", "/api/ping")).status).toBe(401);
    expect((await call("POST", "/api/ping")).status).toBe(401);
    expect(await call("GET", "/api/ping", { cookie: s.cookie })).toMatchObject({ status: 200, json: { pong: s.email } });
    const noCsrf = await call("POST", "/api/ping", { cookie: s.cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error).toMatchObject({ code: "FORBIDDEN", message: "CSRF token missing or wrong" });
    expect((await call("POST", "/api/ping", { cookie: s.cookie, csrf: `${s.csrf}x` })).status).toBe(403);
    expect(await call("POST", "/api/ping", { cookie: s.cookie, csrf: s.csrf })).toMatchObject({ status: 200, json: { via: "session" } });
  });

  it("checks roles", async () => {
    const member = await signIn("member");
    const admin = await signIn("admin");
    expect((await call("GET", "/api/ping/admin", { cookie: member.cookie })).status).toBe(403);
    expect(await call("GET", "/api/ping/admin", { cookie: admin.cookie })).toMatchObject({ status: 200, json: { admin: admin.email } });
  });

  it("signs out: the session stops working and the cookie is cleared", async () => {
    const s = await signIn();
    expect((await call("POST", "/api/auth/logout", { cookie: s.cookie })).status).toBe(403); // logout needs CSRF too
    const out = await call("POST", "/api/auth/logout", { cookie: s.cookie, csrf: s.csrf });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/baton_session=;.*Max-Age=0/);
    expect((await call("GET", "/api/ping", { cookie: s.cookie })).status).toBe(401);
  });

  it("expires sessions, sliding the expiry while in use", async () => {
    const s = await signIn();
    deps.clock.advance(8 * 24 * 3600_000); // past half of 14 days: renewed
    const used = await call("GET", "/api/ping", { cookie: s.cookie });
    expect(used.status).toBe(200);
    expect(used.cookie).toBe(s.cookie);
    deps.clock.advance(13 * 24 * 3600_000);
    expect((await call("GET", "/api/ping", { cookie: s.cookie })).status).toBe(200);
    deps.clock.advance(15 * 24 * 3600_000);
    expect((await call("GET", "/api/ping", { cookie: s.cookie })).status).toBe(401);
  });

  it("replaces the previous session on a new sign-in", async () => {
    const s = await signIn();
    const again = await call("POST", "/api/auth/login", { cookie: s.cookie, body: { email: s.email, password: s.password } });
    expect(again.status).toBe(200);
    expect(again.cookie).not.toBe(s.cookie);
    expect((await call("GET", "/api/ping", { cookie: s.cookie })).status).toBe(401);
    expect((await call("GET", "/api/ping", { cookie: again.cookie })).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("creates a token shown once, authenticates without CSRF, lists and revokes it", async () => {
    const s = await signIn();
    const created = await call("POST", "/api/auth/tokens", { cookie: s.cookie, csrf: s.csrf, body: { name: "CI" } });
    expect(created.status).toBe(200);
    const { token, id } = created.json;
    expect(token).toMatch(/^baton_/);
    const stored = await deps.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashSecret(token));
    expect(stored.last_used_at).toBeNull();

    deps.clock.advance(60_000);
    expect(await call("POST", "/api/ping", { bearer: token })).toMatchObject({ status: 200, json: { pong: s.email, via: "token" } });
    const used = await deps.db.selectFrom("api_tokens").select("last_used_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(used.last_used_at?.toISOString()).toBe("2026-03-10T15:01:00.000Z");

    const list = await call("GET", "/api/auth/tokens", { bearer: token });
    expect(list.json).toEqual({ tokens: [{ id, name: "CI", lastUsedAt: "2026-03-10T15:01:00.000Z", createdAt: "2026-03-10T15:00:00.000Z" }] });
    expect(JSON.stringify(list.json)).not.toContain(token);
    expect((await call("GET", "/api/auth/me", { bearer: token })).json).toEqual({ user: s.user, csrfToken: null });

    const other = await signIn();
    expect((await call("DELETE", `/api/auth/tokens/${id}`, { cookie: other.cookie, csrf: other.csrf })).status).toBe(404);
    expect((await call("DELETE", `/api/auth/tokens/${id}`, { bearer: token })).status).toBe(200);
    expect((await call("POST", "/api/ping", { bearer: token })).status).toBe(401);
    expect((await call("POST", "/api/ping", { bearer: "baton_made-up" })).status).toBe(401);
  });

  it("needs a signed-in user for the token routes", async () => {
    expect((await call("GET", "/api/auth/tokens")).status).toBe(401);
    expect((await call("POST", "/api/auth/tokens", { body: { name: "x" } })).status).toBe(401);
  });
});

describe("login rate limit", () => {
  it("trips after 10 failures for an email and resets after 15 minutes", async () => {
    const u = await makeUser();
    for (let i = 0; i < 10; i++) {
      const r = await call("POST", "/api/auth/login", { body: { email: u.email, password: "wrong-one" }, ip: `192.0.2.${i + 1}` });
      expect(r.status).toBe(401);
    }
    deps.clock.advance(5 * 60_000);
    const blocked = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, ip: "192.0.2.99" });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("RATE_LIMITED");
    expect(blocked.json.error.message).toContain("Try again in 10 minutes (after 2026-03-10T15:15:00.000Z)");
    deps.clock.advance(10 * 60_000);
    expect((await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, ip: "192.0.2.99" })).status).toBe(200);
  });

  it("trips after 10 failures from one IP across emails, without revealing which emails exist", async () => {
    const u = await makeUser();
    const ip = "203.0.113.77";
    for (let i = 0; i < 10; i++) {
      await call("POST", "/api/auth/login", { body: { email: `guess${i}@example.com`, password: "wrong-one" }, ip });
    }
    const known = await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, ip });
    const unknown = await call("POST", "/api/auth/login", { body: { email: "ghost2@example.com", password: "x" }, ip });
    expect(known.status).toBe(429);
    expect(unknown.json).toEqual(known.json);
    expect((await call("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, ip: "203.0.113.78" })).status).toBe(200);
  });
});

describe("first admin", () => {
  it("bootstraps a setup link that works once", async () => {
    const fresh = await openTestDb();
    try {
      const d = testDeps(fresh, BASE);
      await d.db.insertInto("workspaces").values({ id: WS, name: "Acme", holidays: [], settings: {} }).execute();
      const a = createApp({ deps: d, authenticate: createAuthenticator(d), modules: [{ path: "/auth", routes: createAuthRoutes(), isPublic: true }] });
      const setup = (body: unknown) => a.request("/api/auth/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

      const first = await bootstrapAdmin(d, { workspaceId: WS, publicUrl: "https://baton.example/" });
      expect(first.created).toBe(false);
      const stale = new URL(first.setupUrl!).searchParams.get("token")!;
      const second = await bootstrapAdmin(d, { workspaceId: WS, publicUrl: "https://baton.example/" });
      expect(second.setupUrl).toMatch(/^https:\/\/baton\.example\/setup\?token=[\w-]+$/);
      const token = new URL(second.setupUrl!).searchParams.get("token")!;
      const stored = await d.db.selectFrom("setup_tokens").selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).toBe(hashSecret(token));

      const admin = { email: "root@acme.example", name: "Root", password: "first-admin-pw" };
      expect((await setup({ ...admin, token: stale })).status).toBe(403);
      const ok = await setup({ ...admin, token });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ user: { email: admin.email, role: "admin" }, csrfToken: expect.any(String) });
      expect(ok.headers.get("set-cookie")).toMatch(/baton_session=[\w-]+;/);
      expect((await setup({ ...admin, email: "again@acme.example", token })).status).toBe(403);
      expect(await listUsers(d, { workspaceId: WS })).toHaveLength(1);
      expect(await bootstrapAdmin(d, { workspaceId: WS, publicUrl: "https://baton.example" })).toEqual({ created: false });
    } finally {
      await fresh.close();
    }
  });

  it("rejects an expired setup link", async () => {
    const fresh = await openTestDb();
    try {
      const d = testDeps(fresh, BASE);
      await d.db.insertInto("workspaces").values({ id: WS, name: "Acme", holidays: [], settings: {} }).execute();
      const a = createApp({ deps: d, authenticate: createAuthenticator(d), modules: [{ path: "/auth", routes: createAuthRoutes(), isPublic: true }] });
      const { setupUrl } = await bootstrapAdmin(d, { workspaceId: WS, publicUrl: "http://localhost:3000" });
      d.clock.advance(24 * 3600_000 + 1);
      const res = await a.request("/api/auth/setup", {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: new URL(setupUrl!).searchParams.get("token"), email: "r@a.example", name: "R", password: "long-enough" }),
      });
      expect(res.status).toBe(403);
    } finally {
      await fresh.close();
    }
  });

  it("creates the admin from the environment", async () => {
    const fresh = await openTestDb();
    try {
      const d = testDeps(fresh, BASE);
      await d.db.insertInto("workspaces").values({ id: WS, name: "Acme", holidays: [], settings: {} }).execute();
      const opts = { workspaceId: WS, email: "Boss@Acme.example", password: "env-password", publicUrl: "http://localhost:3000" };
      expect(await bootstrapAdmin(d, opts)).toEqual({ created: true });
      expect(await bootstrapAdmin(d, opts)).toEqual({ created: false });
      const boss = await getUserByEmail(d, "boss@acme.example");
      expect(boss).toMatchObject({ role: "admin", name: "Boss" });
      expect(await d.db.selectFrom("setup_tokens").selectAll().execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
