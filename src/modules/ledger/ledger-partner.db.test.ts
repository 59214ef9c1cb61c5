// A partner user on the ledger over HTTP: progress on the partner side's commitments only (ours and the buyer's
// are refused with 403), hand-offs only to people of the partner side; staff keep acting on every commitment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createApp } from "../../server/http.ts";
import { createRouteModules } from "../../server/main.ts";
import { cliActor } from "../../shared/deps.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { tinyDeal } from "../../../test/fixture-folders.ts";
import { createApiToken, createAuthenticator, createUser } from "../auth/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace, listPeople } from "../directory/index.ts";
import { importDealFolder } from "../ingest/index.ts";
import type { DealLedger } from "./index.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let app: ReturnType<typeof createApp>;
let dealId: string;
let people: Map<string, string>;
const tokens = { admin: "", partner: "" };

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T10:00:00Z");
  ({ deal: { id: dealId } } = await importDealFolder(deps, cliActor, tinyDeal()));
  const ws = await getWorkspace(deps);
  people = new Map((await listPeople(deps, ws.id)).map((p) => [p.name, p.id]));
  const partnerOrgId = (await getDeal(deps, dealId)).partners[0].id;
  const admin = await createUser(deps, { workspaceId: ws.id, email: "ada@tidewell.io", name: "Ada", password: "correct horse battery", role: "admin" });
  const clara = await createUser(deps, { workspaceId: ws.id, email: "clara.moe@brightpath.no", name: "Clara", password: "correct horse battery", role: "partner", partnerOrgId });
  tokens.admin = (await createApiToken(deps, admin.id, "tests")).token;
  tokens.partner = (await createApiToken(deps, clara.id, "tests")).token;
  app = createApp({ deps, authenticate: createAuthenticator(deps), modules: createRouteModules() });
});
afterAll(async () => { await database?.close(); });

const call = async (as: keyof typeof tokens, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${tokens[as]}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json() };
};
const ledger = async (as: keyof typeof tokens = "partner") => (await call(as, "GET", `/api/deals/${dealId}/ledger`)).body as DealLedger;
const bySide = async (side: string) => (await ledger()).commitments.filter((c) => c.side === side);

describe("a partner user recording progress", () => {
  it("is refused on our side's and the buyer's commitments, and nothing is recorded", async () => {
    const [ours] = await bySide("ours");
    const [buyer] = await bySide("buyer");
    expect(ours && buyer).toBeTruthy();
    const onOurs = await call("partner", "POST", `/api/ledger/${ours!.itemId}/events`, { type: ours!.status === "done" ? "reopen" : "done" });
    expect(onOurs.status).toBe(403);
    expect(onOurs.body.error.message).toContain("partner's commitments only");
    const onBuyer = await call("partner", "POST", `/api/ledger/${buyer!.itemId}/events`, { type: "done", note: "they sent it" });
    expect(onBuyer.status).toBe(403);
    const after = await ledger();
    for (const c of [ours!, buyer!]) expect(after.commitments.find((x) => x.itemId === c.itemId)).toMatchObject({ status: c.status, history: c.history });
  });

  it("records progress on the partner's own commitment, and hands it only to people of the partner side", async () => {
    const [sow] = await bySide("partner");
    expect(sow!.owner).toBe("Clara Moe");
    const reopened = await call("partner", "POST", `/api/ledger/${sow!.itemId}/events`, { type: "reopen", note: "the SOW needs a second version" });
    expect(reopened.status).toBe(200);
    expect(reopened.body.commitment ?? reopened.body).toMatchObject({ itemId: sow!.itemId });
    const toOurs = await call("partner", "POST", `/api/ledger/${sow!.itemId}/events`, { type: "reassign", personId: people.get("Ben Okoro") });
    expect(toOurs.status).toBe(403);
    expect(toOurs.body.error.details[0].field).toBe("personId");
    const done = await call("partner", "POST", `/api/ledger/${sow!.itemId}/events`, { type: "done", note: "v2 sent" });
    expect(done.status).toBe(200);
    expect((await ledger()).commitments.find((c) => c.itemId === sow!.itemId)!.status).toBe("done");
  });

  it("staff still record progress on any side's commitment", async () => {
    const buyer = (await ledger("admin")).commitments.find((c) => c.side === "buyer" && c.status !== "done")!;
    expect((await call("admin", "POST", `/api/ledger/${buyer.itemId}/events`, { type: "done", note: "received" })).status).toBe(200);
  });
});
