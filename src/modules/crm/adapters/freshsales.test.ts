import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, dealOp, describeAdapterContract } from "../../../../test/fake-crm/contract.ts";
import { startFakeCrm, type FakeCrm } from "../../../../test/fake-crm/index.ts";
import { createFreshsalesAdapter } from "./freshsales.ts";

const stageNames: Record<string, string> = { "201": "New", "202": "Demo", "203": "Negotiation", "204": "Won" };

describeAdapterContract({
  kind: "freshsales",
  make: (o) => createFreshsalesAdapter(o),
  stages: ["Demo", "Negotiation"],
  custom: { cf_partner_source: "Partner sourced", cf_meddicc_champion: "Ada Lovelace" },
  readDeal: (r) => ({
    name: String(r.name), amount: (r.amount as number) ?? null, stage: stageNames[String(r.deal_stage_id)] ?? null,
    closeDate: (r.expected_close as string) ?? null, custom: (r.custom_field ?? {}) as Record<string, unknown>,
  }),
  readNote: (r) => String(r.description),
  isTaskDone: (r) => r.status === 1,
  taskOwner: (r) => r.owner_id,
  ownerId: "31000000011",
});

describe("freshsales specifics", () => {
  let crm: FakeCrm;
  const adapter = createFreshsalesAdapter();
  beforeEach(async () => { crm = await startFakeCrm("freshsales"); });
  afterEach(async () => { await crm.close(); });

  it("finds the deal by cf_baton_deal_id: a renamed deal with no stored id is still one deal", async () => {
    const first = await adapter.apply(crm.conn, dealOp("Demo", {}), {});
    const renamed = dealOp("Demo", {});
    if (renamed.op === "upsert-deal") renamed.deal.name = "Acme — renamed";
    const again = await adapter.apply(crm.conn, renamed, {});
    expect(again.ids.deal).toBe(first.ids.deal);
    expect(crm.records.deals.size).toBe(1);
    expect(crm.records.deals.get(first.ids.deal!)!.name).toBe("Acme — renamed");
  });

  it("matches an existing account by website before creating one", async () => {
    crm.records.accounts.set("99", { id: "99", name: "ACME Corp (old)", website: "acme.example" });
    const r = await adapter.apply(crm.conn, dealOp("Demo", {}), {});
    expect(r.ids.account).toBe("99");
    expect(crm.records.accounts.size).toBe(1);
  });

  it("speaks Token auth under /crm/sales/api and wraps bodies in the entity name", async () => {
    await adapter.apply(crm.conn, dealOp("Demo", {}), {});
    for (const q of crm.requests) {
      expect(q.headers.authorization).toBe(`Token token=${crm.token}`);
      expect(q.path.startsWith("/crm/sales/api/")).toBe(true);
    }
    const create = crm.requests.find((q) => q.method === "POST" && q.path === "/crm/sales/api/deals");
    expect(Object.keys(create!.body as object)).toEqual(["deal"]);
  });

  it("401 carries Freshsales' login-failed body", async () => {
    const e = await caught(adapter.apply({ ...crm.conn, accessToken: "old-key" }, dealOp("Demo", {}), {}));
    expect(e.opts).toMatchObject({ status: 401, retryable: false });
    expect(JSON.parse(e.opts.body!)).toEqual({ login: "failed", message: "Incorrect or expired API key" });
  });
});
