// The local CRM servers themselves: auth, body validation in the vendor's error shape, fault injection.
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCrm, type FakeCrm, type FakeCrmKind } from "./index.ts";

/** One authenticated request per vendor that creates an account, and a bad body for the same endpoint. */
const probes: Record<FakeCrmKind, { path: string; auth: (t: string) => Record<string, string>; good: unknown; bad: unknown; badShape: (b: any) => boolean; unauthorizedShape: (b: any) => boolean }> = {
  hubspot: { path: "/crm/v3/objects/companies", auth: (t) => ({ authorization: `Bearer ${t}` }), good: { properties: { name: "Acme" } }, bad: { props: {} },
    badShape: (b) => b.status === "error" && b.category === "VALIDATION_ERROR", unauthorizedShape: (b) => b.category === "INVALID_AUTHENTICATION" },
  salesforce: { path: "/services/data/v62.0/sobjects/Account", auth: (t) => ({ authorization: `Bearer ${t}` }), good: { Name: "Acme" }, bad: { Name: "Acme", Colour__c: "red" },
    badShape: (b) => Array.isArray(b) && b[0].errorCode === "INVALID_FIELD", unauthorizedShape: (b) => b[0].errorCode === "INVALID_SESSION_ID" },
  pipedrive: { path: "/api/v2/organizations", auth: (t) => ({ "x-api-token": t }), good: { name: "Acme" }, bad: { title: "Acme" },
    badShape: (b) => b.success === false && typeof b.error === "string", unauthorizedShape: (b) => b.success === false && b.errorCode === 401 },
  zoho: { path: "/crm/v8/Accounts", auth: (t) => ({ authorization: `Zoho-oauthtoken ${t}` }), good: { data: [{ Account_Name: "Acme" }] }, bad: { data: [{ Account_Name: "Acme", Colour: "red" }] },
    badShape: (b) => b.data[0].status === "error" && b.data[0].code === "INVALID_DATA", unauthorizedShape: (b) => b.code === "AUTHENTICATION_FAILURE" || b.code === "INVALID_TOKEN" },
  freshsales: { path: "/api/sales_accounts", auth: (t) => ({ authorization: `Token token=${t}` }), good: { sales_account: { name: "Acme" } }, bad: { name: "Acme" },
    badShape: (b) => b.errors.code === 400 && Array.isArray(b.errors.message), unauthorizedShape: (b) => b.login === "failed" },
};

describe.each(Object.keys(probes) as FakeCrmKind[])("local %s server", (kind) => {
  let crm: FakeCrm;
  afterEach(async () => { await crm?.close(); });
  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    fetch(crm.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("rejects a missing token with the vendor's 401, validates bodies, stores records", async () => {
    crm = await startFakeCrm(kind);
    const p = probes[kind];
    const noAuth = await post(p.path, {}, p.good);
    expect(noAuth.status).toBe(401);
    expect(p.unauthorizedShape(await noAuth.json())).toBe(true);
    const bad = await post(p.path, p.auth(crm.token), p.bad);
    expect(bad.status).toBe(400);
    expect(p.badShape(await bad.json())).toBe(true);
    expect(crm.records.accounts.size).toBe(0);
    const good = await post(p.path, p.auth(crm.token), p.good);
    expect(good.status).toBeLessThan(300);
    expect(crm.records.accounts.size).toBe(1);
    expect(crm.requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
    expect(crm.conn).toMatchObject({ kind, baseUrl: crm.url, accessToken: crm.token });
  });

  it("fails the next N requests as injected, then answers normally", async () => {
    crm = await startFakeCrm(kind);
    const p = probes[kind];
    crm.inject({ type: "rate-limit", retryAfter: "4", times: 2 });
    crm.inject({ type: "server-error", status: 502 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(p.path, p.auth(crm.token), p.good)).status);
    expect(statuses.slice(0, 3)).toEqual([429, 429, 502]);
    expect(statuses[3]).toBeLessThan(300);
    expect(crm.records.accounts.size).toBe(1);
    crm.inject({ type: "drop" });
    await expect(post(p.path, p.auth(crm.token), p.good)).rejects.toThrow();
  });

  it("closes promptly even with a delayed request in flight", async () => {
    crm = await startFakeCrm(kind);
    crm.inject({ type: "delay", ms: 10_000 });
    const pending = post(probes[kind].path, probes[kind].auth(crm.token), probes[kind].good).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await crm.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
