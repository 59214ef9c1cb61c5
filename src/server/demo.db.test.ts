// The demo seed's partner side: a partner user who sees the demo deal without the internal deal-desk sidebar
// and can approve the drafted recap; seeding twice changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDeps } from "../../test/db.ts";
import { makeClient } from "../../test/fixtures/partner-access/seed.ts";
import type { Database } from "../db/client.ts";
import { createAuthenticator } from "../modules/auth/index.ts";
import { DEMO_LOGIN, DEMO_PARTNER_LOGIN, seedDemo } from "./demo.ts";
import { createApp } from "./http.ts";
import { createRouteModules } from "./main.ts";

let database: Database;
let call: ReturnType<typeof makeClient>;
let deps: ReturnType<typeof testDeps>;
beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  await seedDemo(deps);
  await seedDemo(deps);
  call = makeClient(createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() }));
}, 180_000);
afterAll(async () => { await database?.close(); });

const signIn = async (login: { email: string; password: string }) => {
  const r = await call("POST", "/api/auth/login", login);
  expect(r.status, r.text).toBe(200);
  return { cookie: r.cookie!, csrf: r.json.csrfToken as string };
};

describe("demo partner user", () => {
  it("sees the shared demo deal without the internal range, and approves the drafted recap", async () => {
    const admin = await signIn(DEMO_LOGIN);
    const partner = await signIn(DEMO_PARTNER_LOGIN);
    const counts = await deps.db.selectFrom("conversations").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
    const deals = (await call("GET", "/api/deals", undefined, partner)).json.deals as Array<{ id: string }>;
    expect(deals).toHaveLength(1);
    const page = (await call("GET", `/api/deals/${deals[0]!.id}`, undefined, admin)).json;
    const sidebar = page.conversations.find((c: { title: string }) => c.title === "Deal desk sidebar");
    expect(sidebar, "the sidebar is stored once").toBeTruthy();
    expect(Number(counts!.n)).toBe(page.conversations.length);
    const staffView = (await call("GET", `/api/conversations/${sidebar.id}`, undefined, admin)).json;
    expect(staffView.utterances.filter((u: { isInternal: boolean }) => u.isInternal)).toHaveLength(3);
    const partnerView = await call("GET", `/api/conversations/${sidebar.id}`, undefined, partner);
    expect(partnerView.status).toBe(200);
    expect(partnerView.text).not.toContain("12 percent");
    expect(partnerView.text).toContain("WMS integration workstream");

    const calls = page.conversations.filter((c: { kind: string }) => c.kind === "call");
    expect((await call("GET", `/api/conversations/${calls[0].id}/recap`, undefined, admin)).json.recap, "the first call is left for the journeys to draft").toBeNull();
    const recap = (await call("GET", `/api/conversations/${calls[1].id}/recap`, undefined, partner)).json.recap;
    expect(recap).toMatchObject({ status: "draft", audience: "partner" });
    const approved = await call("POST", `/api/recaps/${recap.id}/approve`, { side: "partner" }, partner);
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.recap.approvals.partner).toMatchObject({ side: "partner", onBehalf: false });
  });
});
