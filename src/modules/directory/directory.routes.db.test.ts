// The workspace route: GET answers the workspace with its policies (settings) for staff; only admins PATCH them,
// and the answer to a PATCH shows the policy now in force.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createAuthenticator, createAuthRoutes, createUser } from "../auth/index.ts";
import { getWorkspaceSettings } from "./directory.repo.ts";
import { createWorkspaceRoutes } from "./directory.routes.ts";

const WS = "ws_1";
const PASSWORD = "correct horse battery";
let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
const sessions: Record<"admin" | "member" | "partner", { cookie: string; csrf: string }> = {} as never;

async function call(method: string, path: string, who?: keyof typeof sessions, body?: unknown) {
  const s = who ? sessions[who] : undefined;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (s) { headers.cookie = `baton_session=${s.cookie}`; headers["x-csrf-token"] = s.csrf; }
  const res = await app.request(`http://localhost${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
    { incoming: { socket: { remoteAddress: "198.51.100.7" } } });
  return { status: res.status, json: await res.json() as any, cookie: /baton_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1] };
}

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  await deps.db.insertInto("workspaces").values({ id: WS, name: "Tidewell", holidays: [], settings: { otherKey: "kept" } }).execute();
  await deps.db.insertInto("organisations").values({ id: "org_bright", workspace_id: WS, name: "Brightpath", side: "partner" }).execute();
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [
    { path: "/auth", routes: createAuthRoutes(), isPublic: true },
    { path: "/workspace", routes: createWorkspaceRoutes() },
  ] });
  for (const role of ["admin", "member", "partner"] as const) {
    const email = `${role}@tidewell.io`;
    await createUser(deps, { workspaceId: WS, email, name: role, password: PASSWORD, role, ...(role === "partner" ? { partnerOrgId: "org_bright" } : {}) });
    const r = await call("POST", "/api/auth/login", undefined, { email, password: PASSWORD });
    expect(r.status).toBe(200);
    sessions[role] = { cookie: r.cookie!, csrf: r.json.csrfToken };
  }
});
afterAll(async () => { await database?.close(); });

describe("workspace policy over HTTP", () => {
  it("GET shows the consent policy (off by default) to staff, not to partner users", async () => {
    const admin = await call("GET", "/api/workspace", "admin");
    expect(admin.status).toBe(200);
    expect(admin.json.workspace).toMatchObject({ id: WS, name: "Tidewell" });
    expect(admin.json.settings).toEqual({ requireConsent: false });
    expect((await call("GET", "/api/workspace", "member")).json.settings).toEqual({ requireConsent: false });
    expect((await call("GET", "/api/workspace", "partner")).status).toBe(403);
  });

  it("an admin turns the policy on and off; the answer and the next GET show it; other settings keys are kept", async () => {
    const on = await call("PATCH", "/api/workspace", "admin", { requireConsent: true });
    expect(on.status).toBe(200);
    expect(on.json.settings).toEqual({ requireConsent: true });
    expect((await call("GET", "/api/workspace", "member")).json.settings).toEqual({ requireConsent: true });
    expect(await getWorkspaceSettings(deps)).toEqual({ requireConsent: true });
    const row = await deps.db.selectFrom("workspaces").select("settings").where("id", "=", WS).executeTakeFirstOrThrow();
    expect(row.settings).toMatchObject({ otherKey: "kept", requireConsent: true });

    const off = await call("PATCH", "/api/workspace", "admin", { requireConsent: false });
    expect(off.json.settings).toEqual({ requireConsent: false });
    expect((await call("GET", "/api/workspace", "admin")).json.settings).toEqual({ requireConsent: false });
  });

  it("a member cannot change the policy (403, nothing stored); a wrong type is refused with the field named", async () => {
    const denied = await call("PATCH", "/api/workspace", "member", { requireConsent: true });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/admin/i);
    expect(await getWorkspaceSettings(deps)).toEqual({ requireConsent: false });

    const bad = await call("PATCH", "/api/workspace", "admin", { requireConsent: "yes" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain("requireConsent");
    expect(await getWorkspaceSettings(deps)).toEqual({ requireConsent: false });
  });
});
