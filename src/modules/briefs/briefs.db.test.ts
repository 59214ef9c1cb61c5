// Briefs against a real database over HTTP: every line cites the record, topic leads are stored, Markdown and email render.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { listUtterances } from "../conversations/index.ts";
import { getWorkspace, insertPerson, listPeople } from "../directory/index.ts";
import { addDealPeople } from "../deals/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { createBriefRoutes, type Brief } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;
let dealId: string;

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
  const ws = await getWorkspace(deps);
  const user = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  auth = { authorization: `Bearer ${(await createApiToken(deps, user.id, "tests")).token}` };
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: [...createRouteModules(), { path: "/deals", routes: createBriefRoutes() }] });
});
afterAll(async () => { await database?.close(); });

const get = async (path: string) => {
  const res = await app.request(path, { headers: auth });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (res.headers.get("content-type") ?? "").includes("json") ? await res.json() : await res.text() };
};
const section = (b: Brief, key: string) => b.sections.find((s) => s.key === key)?.lines ?? [];

async function expectCited(b: Brief) {
  const cache = new Map<string, Awaited<ReturnType<typeof listUtterances>>>();
  for (const s of b.sections) {
    for (const l of s.lines) {
      expect(l.evidence.length, `${s.title}: ${l.text}`).toBeGreaterThan(0);
      for (const e of l.evidence) {
        if (!cache.has(e.conversationId)) cache.set(e.conversationId, await listUtterances(deps, e.conversationId));
        expect(cache.get(e.conversationId)!.find((u) => u.seq === e.seq)?.text).toContain(e.quote);
      }
    }
  }
}

describe("pre-call brief", () => {
  it("lists open commitments by side, what not to commit to alone, and suggested topic leads — all cited", async () => {
    const r = await get(`/api/deals/${dealId}/briefs/pre-call`);
    expect(r.status).toBe(200);
    const b: Brief = r.body.brief;
    expect(b.next).toMatchObject({ conversationId: null, title: "next call" });
    expect(section(b, "open.buyer").map((l) => l.owner)).toEqual(["Dag Halvorsen"]);
    expect(section(b, "open.partner").map((l) => [l.owner, l.status])).toEqual([["Clara Moe", "overdue"]]);
    const dont = section(b, "dont-commit").map((l) => l.text);
    expect(dont).toEqual(expect.arrayContaining([expect.stringContaining("partner owns it"), expect.stringContaining("Pricing and budget")]));
    expect(section(b, "objections")).toEqual([]); // both objections were answered
    expect(b.topicLeads.find((t) => t.topic === "integration")).toMatchObject({ name: "Ben Okoro", isSet: false });
    await expectCited(b);
  });

  it("names stakeholders on the deal who never spoke, citing where they are named", async () => {
    const ws = await getWorkspace(deps);
    const dag = (await listPeople(deps, ws.id)).find((p) => p.name === "Dag Halvorsen")!;
    const ingrid = await insertPerson(deps, ws.id, { orgId: dag.orgId, name: "Ingrid Berg", emails: ["ingrid@fjorddairy.no"], phones: [], title: "CFO" });
    await addDealPeople(deps, dealId, [ingrid.id]);
    const b: Brief = (await get(`/api/deals/${dealId}/briefs/pre-call`)).body.brief;
    // Named nowhere in the record: listed, but with no quote to cite.
    expect(section(b, "not-met").map((l) => l.text)).toEqual([expect.stringContaining("Ingrid Berg")]);
  });

  it("stores who leads a topic", async () => {
    const ws = await getWorkspace(deps);
    const clara = (await listPeople(deps, ws.id)).find((p) => p.name === "Clara Moe")!;
    const res = await app.request(`/api/deals/${dealId}/briefs/topic-leads`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ topic: "integration", personId: clara.id }) });
    expect(res.status).toBe(200);
    const b: Brief = (await get(`/api/deals/${dealId}/briefs/pre-call`)).body.brief;
    expect(b.topicLeads.find((t) => t.topic === "integration")).toMatchObject({ name: "Clara Moe", side: "partner", isSet: true });
  });

  it("renders Markdown and email", async () => {
    const md = await get(`/api/deals/${dealId}/briefs/pre-call?format=md`);
    expect(md.type).toContain("text/markdown");
    expect(md.body).toMatch(/^# Pre-call brief: Fjord Dairy Forecasting — next call/);
    expect(md.body).toContain("## Don't commit unilaterally to");
    expect(md.body).toContain('[Follow-up #3, Clara Moe: "great, I\'ll send the final version for signature today"]');
    const email = await get(`/api/deals/${dealId}/briefs/pre-call?format=email`);
    expect(email.body.email.subject).toContain("Pre-call brief");
    expect(email.body.email.html).toContain("<h3>Who leads which topic</h3>");
  });
});

describe("catch-up brief", () => {
  it("covers who is who, promises, objections with answers, hesitation and what is open — every line cited", async () => {
    const b: Brief = (await get(`/api/deals/${dealId}/briefs/catch-up`)).body.brief;
    expect(section(b, "who.buyer").map((l) => l.text)).toEqual([expect.stringContaining("Dag Halvorsen"), expect.stringContaining("Eva Strand")]);
    expect(section(b, "objections").map((l) => l.status)).toEqual(["answered", "answered"]);
    expect(section(b, "objections")[1].evidence.map((e) => e.quote)).toEqual(["Our data cannot leave Norway, that is a hard requirement.", "We host in the Oslo region, so the data stays in Norway."]);
    expect(section(b, "open").map((l) => l.owner)).toEqual(["Dag Halvorsen", "Clara Moe"]);
    expect(section(b, "promised.ours").map((l) => l.status)).toEqual(["done"]);
    await expectCited(b);
  });
});
