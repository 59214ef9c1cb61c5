// Workspace secrets on a real database: sealed at rest (the row never holds the clear text), never returned by
// the API, admin-only, only known names, and a clear error when BATON_SECRET_KEY is not the key they were sealed with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createSecretBox } from "../../shared/secret-box.ts";
import { openSharedDealApp, type SharedDealApp } from "../../../test/fixtures/sharing/app.ts";
import { getSecret, listSecretNames, putSecret } from "./index.ts";

const KEY = "test-secret-key-for-settings-0001";
const SMTP = "smtp://mailer:Pa55-word-xyz@mail.example.com:587";
let database: Database;
let deps: SharedDealApp["deps"];
let s: SharedDealApp["s"];
let call: SharedDealApp["call"];

beforeAll(async () => { ({ database, deps, s, call } = await openSharedDealApp(KEY)); });
afterAll(async () => { await database?.close(); });

describe("workspace secrets", () => {
  it("stores a secret sealed: the row holds no clear text, the API answers only name, when and by whom", async () => {
    const put = await call("PUT", "/api/settings/secrets/smtp_url", { token: s.users.admin.token, body: { value: SMTP } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ secret: { name: "smtp_url", setAt: "2026-05-20T09:00:00.000Z", setBy: s.users.admin.id } });
    const row = await deps.db.selectFrom("workspace_secrets").selectAll().where("name", "=", "smtp_url").executeTakeFirstOrThrow();
    expect(row.sealed).toMatch(/^v1:/);
    for (const part of [SMTP, "Pa55-word-xyz", "mail.example.com"]) expect(JSON.stringify(row)).not.toContain(part);
    const list = await call("GET", "/api/settings/secrets", { token: s.users.admin.token });
    expect(list.body.secrets).toEqual([{ name: "smtp_url", setAt: "2026-05-20T09:00:00.000Z", setBy: s.users.admin.id }]);
    expect(list.text).not.toContain("Pa55");
    expect(await getSecret(deps, s.workspaceId, "smtp_url")).toBe(SMTP);
  });

  it("replaces a value in place, and accepts crm:<name> but no unknown names", async () => {
    await call("PUT", "/api/settings/secrets/smtp_url", { token: s.users.admin.token, body: { value: "smtp://other:pw@mail2.example.com:25" } });
    expect(await getSecret(deps, s.workspaceId, "smtp_url")).toBe("smtp://other:pw@mail2.example.com:25");
    expect((await call("PUT", "/api/settings/secrets/crm:hubspot-main", { token: s.users.admin.token, body: { value: "pat-123" } })).status).toBe(200);
    const bad = await call("PUT", "/api/settings/secrets/database_url", { token: s.users.admin.token, body: { value: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("name");
    expect((await call("PUT", "/api/settings/secrets/slack_bot_token", { token: s.users.admin.token, body: { value: "" } })).status).toBe(400);
    expect((await listSecretNames(deps, s.workspaceId)).map((x) => x.name)).toEqual(["crm:hubspot-main", "smtp_url"]);
  });

  it("is for admins only", async () => {
    for (const token of [s.users.member.token, s.users.partner.token]) {
      expect((await call("GET", "/api/settings/secrets", { token })).status).toBe(403);
      expect((await call("PUT", "/api/settings/secrets/llm_api_key", { token, body: { value: "k" } })).status).toBe(403);
      expect((await call("DELETE", "/api/settings/secrets/smtp_url", { token })).status).toBe(403);
    }
    expect((await call("GET", "/api/settings/secrets")).status).toBe(401);
  });

  it("gives a clear error when BATON_SECRET_KEY differs from the key a secret was sealed with", async () => {
    await expect(getSecret(deps, s.workspaceId, "smtp_url", { box: createSecretBox("a-different-key-entirely-0002") }))
      .rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/BATON_SECRET_KEY differs/) });
    await putSecret(deps, { workspaceId: s.workspaceId, name: "llm_api_key", value: "sk-1", actor: { id: "cli" } }, { box: createSecretBox("a-different-key-entirely-0002") });
    await expect(getSecret(deps, s.workspaceId, "llm_api_key")).rejects.toThrow(/BATON_SECRET_KEY differs/);
  });

  it("deletes a secret; deleting it again is a 404", async () => {
    expect((await call("DELETE", "/api/settings/secrets/smtp_url", { token: s.users.admin.token })).status).toBe(200);
    expect(await getSecret(deps, s.workspaceId, "smtp_url")).toBeNull();
    expect((await call("DELETE", "/api/settings/secrets/smtp_url", { token: s.users.admin.token })).status).toBe(404);
  });

  it("keeps Baton's own generated keys out of the list", async () => {
    await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.admin.token, body: {} });
    const names = (await call("GET", "/api/settings/secrets", { token: s.users.admin.token })).body.secrets.map((x: { name: string }) => x.name);
    expect(names.some((n: string) => n.startsWith("internal:"))).toBe(false);
    const stored = await deps.db.selectFrom("workspace_secrets").select("name").execute();
    expect(stored.map((r) => r.name)).toContain("internal:buyer-link-key");
  });
});
