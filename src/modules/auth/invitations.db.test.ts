// Partner invitations over HTTP: invite (emailed or not), re-invite, list, revoke, look up, accept once,
// rate limits; the users list and disabling a user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Mail, Mailer } from "../../adapters/email/smtp.ts";
import type { Database } from "../../db/client.ts";
import { createApp, type RouteModule } from "../../server/http.ts";
import { createAuthenticator, createAuthRoutes, createInvitationRoutes, createUser, createUserRoutes } from "./index.ts";

const WS = "ws_1";
let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let admin: { cookie: string; csrf: string; id: string };
const sent: Mail[] = [];
let isMailDown = false;
const mailer: Mailer = {
  async send(m) {
    if (isMailDown) throw new Error("connection refused");
    sent.push(m);
    return { messageId: `<m${sent.length}@test>`, accepted: m.to };
  },
};

interface CallOptions { body?: unknown; cookie?: string; csrf?: string; bearer?: string; ip?: string }
async function call(method: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (o.cookie) headers.cookie = `baton_session=${o.cookie}`;
  if (o.csrf) headers["x-csrf-token"] = o.csrf;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const res = await app.request(`http://localhost${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) },
    { incoming: { socket: { remoteAddress: o.ip ?? "198.51.100.7" } } });
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, json: await res.json() as any, cookie: /baton_session=([^;]*)/.exec(setCookie ?? "")?.[1] };
}
const asAdmin = (o: CallOptions = {}) => ({ cookie: admin.cookie, csrf: admin.csrf, ...o });
const tokenOf = (acceptUrl: string) => decodeURIComponent(acceptUrl.split("/invite/")[1]!);

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  await deps.db.insertInto("workspaces").values({ id: WS, name: "Tidewell", holidays: [], settings: {} }).execute();
  await deps.db.insertInto("organisations").values([
    { id: "org_bright", workspace_id: WS, name: "Brightpath", side: "partner" },
    { id: "org_buyer", workspace_id: WS, name: "Fjord Dairy", side: "buyer" },
  ]).execute();
  const modules: RouteModule[] = [
    { path: "/auth", routes: createAuthRoutes(), isPublic: true },
    { path: "/invitations", routes: createInvitationRoutes({ mailer, publicUrl: "https://baton.example.com/" }) },
    { path: "/users", routes: createUserRoutes() },
  ];
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules });
  const u = await createUser(deps, { workspaceId: WS, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  const r = await call("POST", "/api/auth/login", { body: { email: "ada@tidewell.io", password: "correct horse battery" } });
  admin = { cookie: r.cookie!, csrf: r.json.csrfToken, id: u.id };
});
afterAll(async () => { await database?.close(); });

describe("partner invitations", () => {
  it("invites a partner person, emails the link, and replaces a pending invitation on re-invite", async () => {
    const first = await call("POST", "/api/invitations", asAdmin({ body: { email: "Lena@Brightpath.example", name: "Lena", partnerOrgId: "org_bright" } }));
    expect(first.status).toBe(201);
    expect(first.json.invitation).toMatchObject({ email: "lena@brightpath.example", name: "Lena", partnerOrgId: "org_bright", partnerName: "Brightpath", emailed: true });
    expect(first.json.invitation.acceptUrl).toMatch(/^https:\/\/baton\.example\.com\/invite\/[\w-]{40,}$/);
    expect(Date.parse(first.json.invitation.expiresAt) - deps.clock.now().getTime()).toBe(7 * 24 * 3600_000);
    expect(sent.at(-1)).toMatchObject({ to: ["lena@brightpath.example"], from: "ada@tidewell.io" });
    expect(sent.at(-1)!.text).toContain(first.json.invitation.acceptUrl);

    const again = await call("POST", "/api/invitations", asAdmin({ body: { email: "lena@brightpath.example", partnerOrgId: "org_bright" } }));
    expect(again.status).toBe(201);
    const list = await call("GET", "/api/invitations", asAdmin());
    expect(list.json.invitations.filter((i: { email: string }) => i.email === "lena@brightpath.example")).toHaveLength(1);
    expect(JSON.stringify(list.json)).not.toContain(tokenOf(again.json.invitation.acceptUrl));
    // The replaced link no longer opens anything; the new one does.
    expect((await call("GET", `/api/auth/invitations/${encodeURIComponent(tokenOf(first.json.invitation.acceptUrl))}`)).status).toBe(404);
    const lookup = await call("GET", `/api/auth/invitations/${encodeURIComponent(tokenOf(again.json.invitation.acceptUrl))}`);
    // The invitee sees who invited them (the inviting user's name, never an id).
    expect(lookup.json).toEqual({ email: "lena@brightpath.example", name: null, partnerName: "Brightpath", expiresAt: again.json.invitation.expiresAt, invitedBy: "Ada" });
  });

  it("refuses organisations that are not partners, existing users and non-staff", async () => {
    const buyer = await call("POST", "/api/invitations", asAdmin({ body: { email: "x@fjord.no", partnerOrgId: "org_buyer" } }));
    expect(buyer.status).toBe(400);
    expect(buyer.json.error.details[0]).toMatchObject({ field: "partnerOrgId" });
    expect((await call("POST", "/api/invitations", asAdmin({ body: { email: "x@fjord.no", partnerOrgId: "nope" } }))).status).toBe(400);
    expect((await call("POST", "/api/invitations", asAdmin({ body: { email: "ada@tidewell.io", partnerOrgId: "org_bright" } }))).status).toBe(409);
    expect((await call("POST", "/api/invitations", { body: { email: "y@brightpath.example", partnerOrgId: "org_bright" } })).status).toBe(401);
  });

  it("returns the link when mail is not sent, and accepts it once: a signed-in partner user", async () => {
    isMailDown = true;
    const inv = await call("POST", "/api/invitations", asAdmin({ body: { email: "piotr@brightpath.example", partnerOrgId: "org_bright" } }));
    isMailDown = false;
    expect(inv.json.invitation).toMatchObject({ emailed: false, emailError: "connection refused" });
    const token = encodeURIComponent(tokenOf(inv.json.invitation.acceptUrl));
    expect((await call("POST", `/api/auth/invitations/${token}/accept`, { body: { name: "Piotr", password: "short" } })).status).toBe(400);
    const ok = await call("POST", `/api/auth/invitations/${token}/accept`, { body: { name: "Piotr Nowak", password: "a-long-enough-secret" } });
    expect(ok.status).toBe(200);
    expect(ok.json.user).toMatchObject({ email: "piotr@brightpath.example", name: "Piotr Nowak", role: "partner", partnerOrgId: "org_bright" });
    expect(ok.cookie).toBeTruthy();
    const me = await call("GET", "/api/auth/me", { cookie: ok.cookie });
    expect(me.json.user.role).toBe("partner");
    // Staff-only for the new partner user; the used link is gone.
    expect((await call("GET", "/api/invitations", { cookie: ok.cookie })).status).toBe(403);
    expect((await call("POST", `/api/auth/invitations/${token}/accept`, { body: { name: "Again", password: "a-long-enough-secret" } })).status).toBe(404);
    expect((await call("GET", `/api/auth/invitations/${token}`)).status).toBe(404);
    const list = await call("GET", "/api/invitations", asAdmin());
    expect(list.json.invitations.find((i: { email: string }) => i.email === "piotr@brightpath.example")).toMatchObject({ status: "accepted" });
    // A partner user can sign in with the password they chose.
    expect((await call("POST", "/api/auth/login", { body: { email: "piotr@brightpath.example", password: "a-long-enough-secret" } })).status).toBe(200);
  });

  it("accepts without a CSRF token from a browser that still holds another session, and ends that session", async () => {
    await createUser(deps, { workspaceId: WS, email: "old@tidewell.io", name: "Old", password: "old-password-1", role: "member" });
    const old = await call("POST", "/api/auth/login", { body: { email: "old@tidewell.io", password: "old-password-1" } });
    const inv = await call("POST", "/api/invitations", asAdmin({ body: { email: "kim@brightpath.example", partnerOrgId: "org_bright" } }));
    const token = encodeURIComponent(tokenOf(inv.json.invitation.acceptUrl));
    // Any other write from that browser still needs the CSRF token.
    expect((await call("POST", "/api/auth/tokens", { cookie: old.cookie, body: { name: "x" } })).status).toBe(403);
    const ok = await call("POST", `/api/auth/invitations/${token}/accept`, { cookie: old.cookie, body: { name: "Kim", password: "a-long-enough-secret" } });
    expect(ok.status).toBe(200);
    expect(ok.cookie).not.toBe(old.cookie);
    expect((await call("GET", "/api/auth/me", { cookie: old.cookie })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { cookie: ok.cookie })).json.user.email).toBe("kim@brightpath.example");
  });

  it("revokes an invitation and expires links after seven days", async () => {
    const a = await call("POST", "/api/invitations", asAdmin({ body: { email: "rev@brightpath.example", partnerOrgId: "org_bright" } }));
    expect((await call("DELETE", `/api/invitations/${a.json.invitation.id}`, asAdmin())).status).toBe(200);
    expect((await call("DELETE", `/api/invitations/${a.json.invitation.id}`, asAdmin())).status).toBe(404);
    expect((await call("GET", `/api/auth/invitations/${encodeURIComponent(tokenOf(a.json.invitation.acceptUrl))}`, { ip: "203.0.113.1" })).status).toBe(404);
    const b = await call("POST", "/api/invitations", asAdmin({ body: { email: "late@brightpath.example", partnerOrgId: "org_bright" } }));
    deps.clock.advance(7 * 24 * 3600_000 + 1);
    const token = encodeURIComponent(tokenOf(b.json.invitation.acceptUrl));
    expect((await call("POST", `/api/auth/invitations/${token}/accept`, { body: { name: "Late", password: "a-long-enough-secret" }, ip: "203.0.113.1" })).status).toBe(404);
    const list = await call("GET", "/api/invitations", asAdmin());
    expect(list.json.invitations.find((i: { email: string }) => i.email === "late@brightpath.example")).toMatchObject({ status: "expired" });
    expect(list.json.invitations.some((i: { email: string }) => i.email === "rev@brightpath.example")).toBe(false);
  });

  it("slows down link guessing per IP and invitation floods per inviter", async () => {
    for (let i = 0; i < 10; i++) expect((await call("GET", `/api/auth/invitations/guess-${i}`, { ip: "192.0.2.50" })).status).toBe(404);
    const limited = await call("GET", "/api/auth/invitations/guess-x", { ip: "192.0.2.50" });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("RATE_LIMITED");
    expect((await call("GET", "/api/auth/invitations/guess-y", { ip: "192.0.2.51" })).status).toBe(404);

    deps.clock.advance(2 * 3600_000);
    for (let i = 0; i < 20; i++) {
      expect((await call("POST", "/api/invitations", asAdmin({ body: { email: `bulk${i}@brightpath.example`, partnerOrgId: "org_bright" } }))).status).toBe(201);
    }
    expect((await call("POST", "/api/invitations", asAdmin({ body: { email: "bulk20@brightpath.example", partnerOrgId: "org_bright" } }))).status).toBe(429);
    deps.clock.advance(3600_000 + 1);
    expect((await call("POST", "/api/invitations", asAdmin({ body: { email: "bulk20@brightpath.example", partnerOrgId: "org_bright" } }))).status).toBe(201);
  });
});

describe("users (admin)", () => {
  it("lists users with partner organisations, and disabling ends sessions and sign-in", async () => {
    const list = await call("GET", "/api/users", asAdmin());
    expect(list.status).toBe(200);
    const piotr = list.json.users.find((u: { email: string }) => u.email === "piotr@brightpath.example");
    expect(piotr).toMatchObject({ role: "partner", partnerOrgId: "org_bright", partnerName: "Brightpath", disabled: false });

    const member = await createUser(deps, { workspaceId: WS, email: "mo@tidewell.io", name: "Mo", password: "member-password", role: "member" });
    const mo = await call("POST", "/api/auth/login", { body: { email: "mo@tidewell.io", password: "member-password" } });
    expect((await call("GET", "/api/users", { cookie: mo.cookie })).status).toBe(403);
    const disabled = await call("PATCH", `/api/users/${member.id}`, asAdmin({ body: { disabled: true } }));
    expect(disabled.json.user).toMatchObject({ disabled: true });
    expect((await call("GET", "/api/auth/me", { cookie: mo.cookie })).status).toBe(401);
    expect((await call("POST", "/api/auth/login", { body: { email: "mo@tidewell.io", password: "member-password" } })).status).toBe(401);
    await call("PATCH", `/api/users/${member.id}`, asAdmin({ body: { disabled: false, role: "admin" } }));
    expect((await call("POST", "/api/auth/login", { body: { email: "mo@tidewell.io", password: "member-password" } })).status).toBe(200);

    expect((await call("PATCH", `/api/users/${piotr.id}`, asAdmin({ body: { role: "member" } }))).status).toBe(400);
    await call("PATCH", `/api/users/${member.id}`, asAdmin({ body: { role: "member" } }));
    const last = await call("PATCH", `/api/users/${admin.id}`, asAdmin({ body: { disabled: true } }));
    expect(last.status).toBe(409);
  });
});
