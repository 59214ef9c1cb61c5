import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, dealOp, describeAdapterContract } from "../../../../test/fake-crm/contract.ts";
import { startFakeCrm, type FakeCrm } from "../../../../test/fake-crm/index.ts";
import { createSalesforceAdapter, soql } from "./salesforce.ts";

describeAdapterContract({
  kind: "salesforce",
  make: (o) => createSalesforceAdapter(o),
  stages: ["Qualification", "Negotiation/Review"],
  custom: { Partner_Source__c: "Partner sourced", MEDDICC_Champion__c: "Ada Lovelace" },
  readDeal: (r) => ({
    name: String(r.Name), amount: (r.Amount as number) ?? null, stage: (r.StageName as string) ?? null, closeDate: (r.CloseDate as string) ?? null,
    nextStep: (r.NextStep as string) ?? null, custom: { Partner_Source__c: r.Partner_Source__c, MEDDICC_Champion__c: r.MEDDICC_Champion__c },
  }),
  readNote: (r) => `${r.Title}\n${r.Body}`,
  isTaskDone: (r) => r.Status === "Completed",
  taskOwner: (r) => r.OwnerId,
  ownerId: "0055g00000USER1AAA",
  hasNextStep: true,
});

describe("soql()", () => {
  it("escapes quotes and backslashes so a name cannot break out of the literal", () => {
    expect(soql("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
  });
});

describe("salesforce specifics", () => {
  let crm: FakeCrm;
  const adapter = createSalesforceAdapter();
  beforeEach(async () => { crm = await startFakeCrm("salesforce"); });
  afterEach(async () => { await crm.close(); });

  it("upserts the opportunity by Baton_Id__c: a renamed deal with no stored id is still one opportunity", async () => {
    const first = await adapter.apply(crm.conn, dealOp("Qualification", {}), {});
    const renamed = dealOp("Qualification", {});
    if (renamed.op === "upsert-deal") renamed.deal.name = "Acme — renamed";
    const again = await adapter.apply(crm.conn, renamed, {});
    expect(again.ids.deal).toBe(first.ids.deal);
    expect(crm.records.deals.size).toBe(1);
    expect(crm.records.deals.get(first.ids.deal!)!.Name).toBe("Acme — renamed");
    expect(crm.requests.some((r) => r.method === "PATCH" && r.path.endsWith("/sobjects/Opportunity/Baton_Id__c/deal_1"))).toBe(true);
  });

  it("adds each contact role once", async () => {
    const first = await adapter.apply(crm.conn, dealOp("Qualification", {}), {});
    await adapter.apply(crm.conn, dealOp("Qualification", {}), first.ids);
    expect([...crm.records.associations].filter((a) => a.endsWith(`deal:${first.ids.deal}`))).toHaveLength(2);
  });

  it("finds an account whose name needs SOQL escaping", async () => {
    const op = dealOp("Qualification", {});
    if (op.op === "upsert-deal") op.account = { batonId: "org_ob", name: "O'Brien \\ Sons", domain: null };
    const first = await adapter.apply(crm.conn, op, {});
    const again = await adapter.apply(crm.conn, op, {});
    expect(again.ids.account).toBe(first.ids.account);
    expect(crm.records.accounts.size).toBe(1);
  });

  it("treats REQUEST_LIMIT_EXCEEDED (403) as retryable after a long pause", async () => {
    crm.inject({ type: "respond", status: 403, body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }] });
    const e = await caught(adapter.apply(crm.conn, dealOp("Qualification", {}), {}));
    expect(e.opts).toMatchObject({ status: 403, retryable: true });
    expect(e.opts.retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it("a mis-mapped custom field is a non-retryable 400 INVALID_FIELD", async () => {
    const e = await caught(adapter.apply(crm.conn, dealOp("Qualification", { Nope__c: "x" }), {}));
    expect(e.opts).toMatchObject({ status: 400, retryable: false });
    expect(e.opts.body).toContain("INVALID_FIELD");
  });

  it("does not let jsforce retry on its own: one 500 is one request", async () => {
    crm.inject({ type: "server-error", status: 503, times: 3 });
    const before = crm.requests.length;
    await caught(adapter.apply(crm.conn, dealOp("Qualification", {}), {}));
    expect(crm.requests.length - before).toBe(1);
  });
});
