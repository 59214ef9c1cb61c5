// The HTTP API in-process: auth, CRUD, validation errors with field paths, the deal page, uploads, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "../db/client.ts";
import { createApiToken, createAuthenticator, createUser } from "../modules/auth/index.ts";
import { createWorkspace } from "../modules/directory/index.ts";
import { openTestDb, testDeps } from "../../test/db.ts";
import { TINY_DEAL_DIR } from "../../test/fixture-folders.ts";
import { createApp } from "./http.ts";
import { createRouteModules } from "./main.ts";

let database: Database;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
beforeAll(async () => {
  database = await openTestDb();
  const deps = testDeps(database);
  const ws = await createWorkspace(deps, { name: "Tidewell Analytics", domains: ["tidewell.io"], timezone: "Europe/Oslo" });
  const user = await createUser(deps, { workspaceId: ws.id, email: "admin@tidewell.io", name: "Admin", password: "correct horse battery", role: "admin" });
  const { token } = await createApiToken(deps, user.id, "tests");
  auth = { authorization: `Bearer ${token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() });
});
afterAll(async () => { await database?.close(); });

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
  app.request(path, { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

describe("HTTP API", () => {
  it("refuses anonymous requests and serves health and OpenAPI", async () => {
    expect((await call("GET", "/api/deals", undefined, {})).status).toBe(401);
    expect((await call("GET", "/health", undefined, {})).status).toBe(200);
    const doc = await (await call("GET", "/api/openapi.json", undefined, {})).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/deals", "/api/deals/{id}", "/api/conversations/{id}", "/api/orgs", "/api/people", "/api/imports"]));
  });

  it("validates bodies and names the field", async () => {
    const res = await call("POST", "/api/orgs", { name: "", side: "vendor" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("INVALID_INPUT");
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(["name", "side"]));
  });

  it("creates organisations, people and a deal, then reads the deal page", async () => {
    const buyer = (await (await call("POST", "/api/orgs", { name: "Fjord Dairy", side: "buyer", domains: ["fjorddairy.no"] })).json()).org;
    const partner = (await (await call("POST", "/api/orgs", { name: "Brightpath", side: "partner" })).json()).org;
    expect((await call("POST", "/api/orgs", { name: "Fjord Dairy", side: "buyer" })).status).toBe(409);
    const dag = (await (await call("POST", "/api/people", { name: "Dag Halvorsen", emails: ["dag@fjorddairy.no"], orgId: buyer.id })).json()).person;
    expect(dag.side).toBe("buyer");
    const bad = await call("POST", "/api/deals", { name: "Forecasting", buyerOrgId: partner.id });
    expect((await bad.json()).error.details[0]).toMatchObject({ field: "buyerOrgId" });
    const created = await call("POST", "/api/deals", { name: "Forecasting", buyerOrgId: buyer.id, partnerOrgIds: [partner.id], peopleIds: [dag.id], amount: 42000, currency: "EUR" });
    expect(created.status).toBe(200);
    const deal = (await created.json()).deal;
    const page = await (await call("GET", `/api/deals/${deal.id}`)).json();
    expect(page.deal).toMatchObject({ name: "Forecasting", amount: 42000, buyer: { name: "Fjord Dairy" }, partners: [{ name: "Brightpath" }] });
    expect(page.people.map((p: { name: string }) => p.name)).toEqual(["Dag Halvorsen"]);
    const patched = await (await call("PATCH", `/api/deals/${deal.id}`, { stage: "evaluation" })).json();
    expect(patched.deal.stage).toBe("evaluation");
    const list = await (await call("GET", "/api/deals?q=fjord")).json();
    expect(list.deals.map((d: { name: string }) => d.name)).toContain("Forecasting");
    expect((await call("GET", "/api/deals/nope")).status).toBe(404);
  });

  it("imports a deal folder by multipart upload, once", async () => {
    const form = () => {
      const f = new FormData();
      for (const name of ["deal.json", "intro.eml", "01-discovery.vtt", "02-technical.vtt", "03-followup.json"]) {
        f.append("files", new File([readFileSync(join(TINY_DEAL_DIR, name))], name));
      }
      return f;
    };
    const first = await app.request("/api/imports", { method: "POST", headers: auth, body: form() });
    expect(first.status).toBe(200);
    const r = await first.json();
    expect(r).toMatchObject({ created: true, conversations: { added: 4 } });
    const again = await (await app.request("/api/imports", { method: "POST", headers: auth, body: form() })).json();
    expect(again).toMatchObject({ created: false, unchanged: true });
    const page = await (await call("GET", `/api/deals/${r.deal.id}`)).json();
    const conv = page.conversations.find((c: { sourceFile: string }) => c.sourceFile === "01-discovery.vtt");
    const transcript = await (await call("GET", `/api/conversations/${conv.id}`)).json();
    expect(transcript.utterances[0]).toMatchObject({ speakerName: "Ada Lindqvist", side: "ours" });
    const items = await (await call("GET", `/api/deals/${r.deal.id}/items?conversationId=${conv.id}`)).json();
    const commitment = items.items.find((i: { kind: string }) => i.kind === "commitment");
    expect(commitment.evidence.quote.length).toBeGreaterThan(5);
    const dismissed = await call("PATCH", `/api/items/${commitment.id}`, { review: "dismissed" });
    expect((await dismissed.json()).item.review).toBe("dismissed");
  });

  it("uploads a single transcript into a deal and rejects one that does not parse", async () => {
    const page = await (await call("GET", "/api/deals/fjord-dairy-forecasting")).json();
    const f = new FormData();
    f.append("file", new File(["WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDag Halvorsen: We signed the order form today.\n"], "04-close.vtt"));
    const ok = await app.request(`/api/deals/${page.deal.id}/conversations`, { method: "POST", headers: auth, body: f });
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe("added");
    const bad = new FormData();
    bad.append("file", new File(["WEBVTT\n\n1\n00:00:zz --> 00:00:03.000\nDag Halvorsen: hi\n"], "05-bad.vtt"));
    const res = await app.request(`/api/deals/${page.deal.id}/conversations`, { method: "POST", headers: auth, body: bad });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ file: "05-bad.vtt", line: 4 });
  });

  it("corrects and deletes a conversation, logging both", async () => {
    const page = await (await call("GET", "/api/deals/fjord-dairy-forecasting")).json();
    const conv = page.conversations.find((c: { sourceFile: string }) => c.sourceFile === "04-close.vtt");
    const bad = await call("PATCH", `/api/conversations/${conv.id}`, { kind: "meeting" });
    expect(bad.status).toBe(400);
    const renamed = await (await call("PATCH", `/api/conversations/${conv.id}`, { title: "Order form signed", startedAt: "2026-05-26T10:00:00+02:00" })).json();
    expect(renamed.conversation).toMatchObject({ title: "Order form signed", startedAt: "2026-05-26T08:00:00.000Z" });
    expect((await call("DELETE", `/api/conversations/${conv.id}`)).status).toBe(200);
    expect((await call("GET", `/api/conversations/${conv.id}`)).status).toBe(404);
    const after = await (await call("GET", "/api/deals/fjord-dairy-forecasting")).json();
    expect(after.conversations.map((c: { sourceFile: string }) => c.sourceFile)).not.toContain("04-close.vtt");
  });
});
