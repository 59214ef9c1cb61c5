// Buyer links over HTTP on a real database: only for an agreed recap, the buyer's page (agreed recap, buyer
// rendering, the buyer's own open commitments, nothing internal), one 404 for expired/revoked/forged links,
// the token is no credential anywhere else, and every step is audited.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openSharedDealApp, type SharedDealApp } from "../../../test/fixtures/sharing/app.ts";
import { ALL_MARKERS } from "../../../test/fixtures/sharing/shared-deal.ts";
import { getDealLedger } from "../ledger/index.ts";
import { listItems } from "../extraction/index.ts";
import { draftRecap } from "../recap/index.ts";
import { ShareViewSchema } from "./index.ts";

let database: Database;
let deps: SharedDealApp["deps"];
let s: SharedDealApp["s"];
let call: SharedDealApp["call"];
const tokenOf = (url: string) => url.split("/share/")[1]!;

beforeAll(async () => { ({ database, deps, s, call } = await openSharedDealApp("test-secret-key-for-sharing-0001")); });
afterAll(async () => { await database?.close(); });

const auditRows = async (action?: string) => {
  let q = deps.db.selectFrom("audit_log").selectAll().orderBy("id");
  if (action) q = q.where("action", "=", action as never);
  return q.execute();
};

describe("buyer links", () => {
  let url: string;
  let linkId: string;

  it("refuses a recap that is not agreed, with a clear 409", async () => {
    const draft = await draftRecap(deps, s.technicalId, { actor: s.adminActor });
    const r = await call("POST", `/api/recaps/${draft.id}/buyer-links`, { token: s.users.admin.token, body: {} });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/not agreed/);
  });

  it("checks expiresInDays (1–90) and that the person is on the buyer side", async () => {
    for (const expiresInDays of [0, 91, 2.5]) {
      const r = await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.admin.token, body: { expiresInDays } });
      expect(r.status, String(expiresInDays)).toBe(400);
      expect(r.body.error.details[0].field).toBe("expiresInDays");
    }
    const ours = await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.admin.token, body: { personId: s.oursPersonId } });
    expect(ours.status).toBe(400);
    expect(ours.body.error.details[0].field).toBe("personId");
  });

  it("is created by our side only (partner users get 403)", async () => {
    expect((await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.partner.token, body: {} })).status).toBe(403);
    const r = await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.member.token, body: { personId: s.buyerPersonId, expiresInDays: 7 } });
    expect(r.status).toBe(200);
    expect(r.body.link.expiresAt).toBe("2026-05-27T09:00:00.000Z");
    expect(r.body.link.url).toMatch(/^http:\/\/localhost\/share\/[\w-]+\.[\w-]{43}$/);
    ({ url, id: linkId } = r.body.link);
    // Only the row is stored: no column holds the token.
    const row = await deps.db.selectFrom("buyer_links").selectAll().where("id", "=", linkId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(tokenOf(url).split(".")[1]);
    const share = (await auditRows("share")).at(-1)!;
    expect(share).toMatchObject({ actor_id: s.users.member.id, actor_kind: "user", entity: "buyer-link", entity_id: linkId, deal_id: s.dealId });
  });

  it("shows the buyer the agreed recap and the buyer side's own open commitments, and nothing internal", async () => {
    const r = await call("GET", `/api/share/${tokenOf(url)}`);
    expect(r.status).toBe(200);
    expect(ShareViewSchema.strict().safeParse(r.body).success).toBe(true);
    expect(r.body).toMatchObject({ deal: { name: "Fjord Dairy Forecasting", buyer: "Fjord Dairy" }, recipient: { name: "Dag Halvorsen" }, recap: { title: "Discovery" }, expiresAt: "2026-05-27T09:00:00.000Z" });
    for (const m of ALL_MARKERS) expect(r.text).not.toContain(m);
    // No internal ids: not the deal's, the recap's, the link's, nor any item's.
    for (const id of [s.dealId, s.recapId, linkId, s.discoveryId]) expect(r.text).not.toContain(id);
    expect(r.body.recap.lines.length).toBeGreaterThan(0);
    // The buyer's commitments are exactly the ledger's open buyer-side ones that are not internal.
    const internalIds = new Set((await listItems(deps, { dealId: s.dealId })).filter((i) => i.isInternal).map((i) => i.id));
    const expected = (await getDealLedger(deps, s.dealId)).commitments
      .filter((c) => c.side === "buyer" && (c.status === "open" || c.status === "overdue") && !internalIds.has(c.itemId)).map((c) => c.text).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(r.body.commitments.map((c: { text: string }) => c.text).sort()).toEqual(expected);
    const view = (await auditRows("view")).at(-1)!;
    expect(view).toMatchObject({ actor_id: linkId, actor_kind: "buyer-link", entity: "recap", entity_id: s.recapId, deal_id: s.dealId });
    const row = await deps.db.selectFrom("buyer_links").select("last_viewed_at").where("id", "=", linkId).executeTakeFirstOrThrow();
    expect(new Date(row.last_viewed_at!).toISOString()).toBe("2026-05-20T09:00:00.000Z");
  });

  it("a buyer commitment marked internal disappears from the buyer's page", async () => {
    const before = (await call("GET", `/api/share/${tokenOf(url)}`)).body.commitments as Array<{ text: string }>;
    const ledger = await getDealLedger(deps, s.dealId);
    const target = ledger.commitments.find((c) => c.text === before[0].text)!;
    await sql`UPDATE items SET is_internal = true WHERE id = ${target.itemId}`.execute(deps.db);
    const after = (await call("GET", `/api/share/${tokenOf(url)}`)).body.commitments as Array<{ text: string }>;
    expect(after.map((c) => c.text)).not.toContain(target.text);
    expect(after).toHaveLength(before.length - 1);
    await sql`UPDATE items SET is_internal = false WHERE id = ${target.itemId}`.execute(deps.db);
  });

  it("is no credential anywhere else: not as a bearer token, not as a session cookie", async () => {
    const token = tokenOf(url);
    for (const path of ["/api/deals", `/api/deals/${s.dealId}`, `/api/recaps/${s.recapId}`, "/api/auth/me"]) {
      expect((await call("GET", path, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(401);
      expect((await call("GET", path, { headers: { cookie: `baton_session=${token}` } })).status, path).toBe(401);
    }
  });

  it("answers the same 404 for a forged, a revoked and an expired link", async () => {
    const token = tokenOf(url);
    const [payload, sig] = token.split(".");
    const forgedSig = `${payload}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forgedPayload = `${Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400 * 365 })).toString("base64url")}.${sig}`;
    const answers = [];
    for (const t of [forgedSig, forgedPayload, "not-a-token", `${payload}.${"A".repeat(43)}`]) answers.push(await call("GET", `/api/share/${t}`));
    // Expired: the clock moves past the expiry, then back.
    deps.clock.set("2026-05-27T09:00:01Z");
    answers.push(await call("GET", `/api/share/${token}`));
    deps.clock.set("2026-05-20T09:00:00Z");
    expect((await call("GET", `/api/share/${token}`)).status).toBe(200);
    // Revoked.
    const other = (await call("POST", `/api/recaps/${s.recapId}/buyer-links`, { token: s.users.admin.token, body: {} })).body.link;
    expect((await call("GET", `/api/share/${tokenOf(other.url)}`)).status).toBe(200);
    const revoke = await call("DELETE", `/api/buyer-links/${other.id}`, { token: s.users.admin.token });
    expect(revoke.status).toBe(200);
    answers.push(await call("GET", `/api/share/${tokenOf(other.url)}`));
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.body.error.message).toBe(answers[0].body.error.message);
    }
    expect(answers[0].body.error.message).toMatch(/invalid or has expired/);
    const revokeAudit = (await auditRows("share")).at(-1)!;
    expect(revokeAudit).toMatchObject({ entity_id: other.id, actor_id: s.users.admin.id });
    expect(revokeAudit.data).toMatchObject({ event: "revoke" });
  });

  it("lists the deal's links with their status (staff only)", async () => {
    const r = await call("GET", `/api/deals/${s.dealId}/buyer-links`, { token: s.users.admin.token });
    expect(r.status).toBe(200);
    const byId = new Map(r.body.links.map((l: { id: string }) => [l.id, l]));
    expect(byId.get(linkId)).toMatchObject({ status: "active", personName: "Dag Halvorsen", recapTitle: "Discovery", url, lastViewedAt: "2026-05-20T09:00:00.000Z" });
    expect(r.body.links.filter((l: { status: string }) => l.status === "revoked")).toHaveLength(1);
    expect(r.body.links.find((l: { status: string }) => l.status === "revoked").url).toBeNull();
    expect((await call("GET", `/api/deals/${s.dealId}/buyer-links`, { token: s.users.partner.token })).status).toBe(403);
  });

  it("stops showing a recap that was edited after the link was made (no longer agreed)", async () => {
    await sql`UPDATE recaps SET approvals = '[]'::jsonb, status = 'draft' WHERE id = ${s.recapId}`.execute(deps.db);
    const r = await call("GET", `/api/share/${tokenOf(url)}`);
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/being revised/);
  });
});
