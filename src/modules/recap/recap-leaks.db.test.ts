// No internal words reach the partner or the buyer through a recap, on a real database over HTTP: utterances
// marked internal before the draft (the draft marks the lines composing them internal) and after it (read-time
// filter), across the recap API, a partner user's view, the follow-up email, the buyer's page; and "can send".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { type Actor, cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { LEAK, LEAK_TEXT, leakyDeal } from "../../../test/fixtures/recap/leaky-deal.ts";
import { createApiToken, createUser } from "../auth/index.ts";
import { listConversationSummaries, listUtterances } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import { markConversationInternal } from "../partners-access/index.ts";
import type { Recap } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let admin: Actor;
const tokens: Record<"admin" | "partner", string> = { admin: "", partner: "" };
let discoveryId: string;
let technicalId: string;

beforeAll(async () => {
  process.env.BATON_SECRET_KEY ??= "test-secret-key-for-recap-leaks-01";
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T09:00:00Z");
  const { deal: { id: dealId } } = await importDealFolder(deps, cliActor, leakyDeal());
  const deal = await getDeal(deps, dealId);
  const ws = await getWorkspace(deps);
  const convs = await listConversationSummaries(deps, dealId);
  discoveryId = convs.find((c) => c.title === "Discovery")!.id;
  technicalId = convs.find((c) => c.title === "Technical session")!.id;
  const a = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  const p = await createUser(deps, { workspaceId: ws.id, email: "clara.moe@brightpath.no", name: "Clara", password: "correct horse battery", role: "partner", partnerOrgId: deal.partners[0].id });
  admin = { id: a.id, kind: "user", role: "admin" };
  tokens.admin = (await createApiToken(deps, a.id, "tests")).token;
  tokens.partner = (await createApiToken(deps, p.id, "tests")).token;
  app = createApp({ deps, authenticate: (await import("../auth/index.ts")).createAuthenticator(deps), modules: createRouteModules() });
});
afterAll(async () => { await database?.close(); });

const call = async (method: string, path: string, opts: { as?: "admin" | "partner" | null; body?: unknown } = {}) => {
  const as = opts.as === undefined ? "admin" : opts.as;
  const headers: Record<string, string> = { ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...(opts.body !== undefined ? { "content-type": "application/json" } : {}) };
  const res = await app.request(path, { method, headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
  const text = await res.text();
  return { status: res.status, text, body: (res.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : null };
};
const seqOf = async (conversationId: string, text: string) => (await listUtterances(deps, conversationId)).find((u) => u.text.includes(text))!.seq;
const markInternal = async (conversationId: string, fromSeq: number, toSeq = fromSeq) => markConversationInternal(deps, admin, conversationId, { fromSeq, toSeq, internal: true });
const agree = async (r: Recap) => {
  await call("POST", `/api/recaps/${r.id}/approve`, { body: { side: "ours", version: r.version } });
  return (await call("POST", `/api/recaps/${r.id}/approve`, { body: { side: "partner", note: "Clara, on the phone", version: r.version } })).body.recap as Recap;
};

/** Every shared rendering of the recap: the API per audience, the partner user's two reads, the follow-up, the buyer page. */
async function sharedRenderings(recap: Recap, conversationId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const audience of ["partner", "buyer"]) out[`GET ?audience=${audience}`] = (await call("GET", `/api/recaps/${recap.id}?audience=${audience}`)).text;
  out["partner user GET recap"] = (await call("GET", `/api/recaps/${recap.id}`, { as: "partner" })).text;
  out["partner user GET conversation recap"] = (await call("GET", `/api/conversations/${conversationId}/recap`, { as: "partner" })).text;
  out["follow-up"] = (await call("GET", `/api/recaps/${recap.id}/follow-up`)).text;
  const link = await call("POST", `/api/recaps/${recap.id}/buyer-links`, { body: { expiresInDays: 7 } });
  expect(link.status, link.text).toBe(200);
  const share = await call("GET", `/api/share/${link.body.link.url.split("/share/")[1]}`, { as: null });
  expect(share.status, share.text).toBe(200);
  out["buyer page"] = share.text;
  return out;
}

describe("utterances internal before the draft", () => {
  let recap: Recap;

  it("the draft marks the decision and the objection answer that quote them internal; the topic keeps a shared citation", async () => {
    await markInternal(discoveryId, await seqOf(discoveryId, LEAK_TEXT.discovery));
    recap = (await call("POST", `/api/conversations/${discoveryId}/recap`)).body.recap;
    const decision = recap.lines.find((l) => l.section === "decisions" && l.text.includes(LEAK.discovery))!;
    expect(decision.internal).toBe(true);
    const objection = recap.lines.find((l) => l.section === "objections" && l.text.includes(LEAK.discovery))!;
    expect(objection.internal).toBe(true);
    const pricing = recap.lines.find((l) => l.section === "discussed" && l.text === "Pricing and budget")!;
    expect(pricing.internal).toBe(false);
    expect(pricing.evidence.some((e) => e.internal && e.quote.includes(LEAK.discovery))).toBe(true);
    expect(pricing.evidence.some((e) => !e.internal)).toBe(true);
  });

  it("no shared rendering carries the marker or cites the internal utterance", async () => {
    recap = await agree(recap);
    expect(recap.canSend).toBe(true);
    const seq = await seqOf(discoveryId, LEAK_TEXT.discovery);
    for (const [where, text] of Object.entries(await sharedRenderings(recap, discoveryId))) {
      expect(text, where).not.toContain(LEAK.discovery);
      expect(text, where).not.toContain(LEAK_TEXT.discovery);
    }
    const buyer: Recap = (await call("GET", `/api/recaps/${recap.id}?audience=buyer`)).body.recap;
    expect(buyer.lines.some((l) => l.text === "Pricing and budget")).toBe(true);
    for (const l of buyer.lines) for (const e of l.evidence) expect(e.seq).not.toBe(seq);
    // Our side still sees it all.
    expect((await call("GET", `/api/recaps/${recap.id}`)).text).toContain(LEAK.discovery);
  });
});

describe("utterances marked internal after the draft", () => {
  let recap: Recap;

  it("drafted and agreed while shared, the marker is in the shared lines", async () => {
    recap = await agree((await call("POST", `/api/conversations/${technicalId}/recap`)).body.recap);
    expect(recap.isAgreed).toBe(true);
    expect((await call("GET", `/api/recaps/${recap.id}?audience=buyer`)).text).toContain(LEAK.technical);
  });

  it("once marked internal, no shared rendering carries the marker or cites it", async () => {
    const seq = await seqOf(technicalId, LEAK_TEXT.technical);
    await markInternal(technicalId, seq);
    for (const [where, text] of Object.entries(await sharedRenderings(recap, technicalId))) {
      expect(text, where).not.toContain(LEAK.technical);
      expect(text, where).not.toContain(LEAK_TEXT.technical);
    }
    for (const audience of ["partner", "buyer"]) {
      const r: Recap = (await call("GET", `/api/recaps/${recap.id}?audience=${audience}`)).body.recap;
      expect(r.lines.length).toBeGreaterThan(0);
      for (const l of r.lines) for (const e of [...l.evidence, ...(l.formerEvidence ?? [])]) expect(e.seq).not.toBe(seq);
    }
    expect((await call("GET", `/api/recaps/${recap.id}`)).body.recap.canSend).toBe(true);
  });

  it("cannot send (canSend false, send refused) when every line is internal for the buyer", async () => {
    const all = await listUtterances(deps, technicalId);
    await markInternal(technicalId, all[0]!.seq, all.at(-1)!.seq);
    const r: Recap = (await call("GET", `/api/recaps/${recap.id}`)).body.recap;
    expect(r.isAgreed).toBe(true);
    expect(r.lines.length).toBeGreaterThan(0);
    expect(r.canSend).toBe(false);
    expect((await call("GET", `/api/recaps/${recap.id}?audience=buyer`)).body.recap.lines).toEqual([]);
  });
});
