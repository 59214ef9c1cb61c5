import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, dealOp, describeAdapterContract, noteOp } from "../../../../test/fake-crm/contract.ts";
import { startFakeCrm, type FakeCrm } from "../../../../test/fake-crm/index.ts";
import { createZohoAdapter, zohoValue } from "./zoho.ts";

describeAdapterContract({
  kind: "zoho",
  make: (o) => createZohoAdapter(o),
  stages: ["Qualification", "Negotiation/Review"],
  custom: { Partner_Source: "Partner sourced", MEDDICC_Champion: "Ada Lovelace" },
  readDeal: (r) => ({
    name: String(r.Deal_Name), amount: (r.Amount as number) ?? null, stage: (r.Stage as string) ?? null, closeDate: (r.Closing_Date as string) ?? null,
    nextStep: (r.Next_Step as string) ?? null, custom: { Partner_Source: r.Partner_Source, MEDDICC_Champion: r.MEDDICC_Champion },
  }),
  readNote: (r) => `${r.Note_Title}\n${r.Note_Content}`,
  isTaskDone: (r) => r.Status === "Completed",
  taskOwner: (r) => (r.Owner as { id: string } | undefined)?.id,
  ownerId: "5725767000000411001",
  hasNextStep: true,
});

describe("zohoValue()", () => {
  it("escapes the characters that would end a criteria group", () => {
    expect(zohoValue("Acme (EU), Ltd\\")).toBe("Acme \\(EU\\)\\, Ltd\\\\");
  });
});

describe("zoho specifics", () => {
  let crm: FakeCrm;
  const adapter = createZohoAdapter();
  beforeEach(async () => { crm = await startFakeCrm("zoho"); });
  afterEach(async () => { await crm.close(); });

  it("upserts the deal on Baton_Id: a renamed deal with no stored id is still one deal", async () => {
    const first = await adapter.apply(crm.conn, dealOp("Qualification", {}), {});
    const renamed = dealOp("Qualification", {});
    if (renamed.op === "upsert-deal") renamed.deal.name = "Acme — renamed";
    const again = await adapter.apply(crm.conn, renamed, {});
    expect(again.ids.deal).toBe(first.ids.deal);
    expect(crm.records.deals.size).toBe(1);
    const upserts = crm.requests.filter((r) => r.path === "/crm/v8/Deals/upsert");
    expect(upserts.map((r) => (r.body as { duplicate_check_fields: string[] }).duplicate_check_fields)).toEqual([["Baton_Id"], ["Baton_Id"]]);
  });

  it("upserts an account without a domain on Account_Name, even with ( ) , in the name", async () => {
    const op = dealOp("Qualification", {});
    if (op.op === "upsert-deal") op.account = { batonId: "org_eu", name: "Acme (EU), Ltd", domain: null };
    const first = await adapter.apply(crm.conn, op, {});
    const again = await adapter.apply(crm.conn, op, {});
    expect(again.ids.account).toBe(first.ids.account);
    expect(crm.records.accounts.size).toBe(1);
  });

  it("sends the Zoho-oauthtoken header and the v8 note parent shape", async () => {
    const r = await adapter.apply(crm.conn, dealOp("Qualification", {}), {});
    await adapter.apply(crm.conn, noteOp("x"), r.ids);
    for (const q of crm.requests) expect(q.headers.authorization).toBe(`Zoho-oauthtoken ${crm.token}`);
    const note = [...crm.records.notes.values()][0];
    expect(note.Parent_Id).toEqual({ module: { api_name: "Deals" }, id: r.ids.deal });
  });

  it("a mis-mapped field is a non-retryable 400 with Zoho's record error", async () => {
    const e = await caught(adapter.apply(crm.conn, dealOp("Qualification", { Nope: "x" }), {}));
    expect(e.opts).toMatchObject({ status: 400, retryable: false });
    expect(e.opts.body).toContain("INVALID_DATA");
  });

  it("401 carries Zoho's INVALID_TOKEN body", async () => {
    const e = await caught(adapter.apply({ ...crm.conn, accessToken: "1000.expired" }, dealOp("Qualification", {}), {}));
    expect(e.opts.status).toBe(401);
    expect(e.opts.body).toContain("INVALID_TOKEN");
  });
});

describe("zoho paging when looking for an unrecorded note", () => {
  it("pages through the deal's Notes related list", async () => {
    const crm = await startFakeCrm("zoho");
    try {
      const adapter = createZohoAdapter();
      const ids = (await adapter.apply(crm.conn, dealOp("Qualification", {}), {})).ids;
      const parent = { module: { api_name: "Deals" }, id: ids.deal };
      for (let i = 0; i < 250; i++) crm.records.notes.set(`6${i}`, { id: `6${i}`, Note_Title: "x", Note_Content: `other ${i}`, Parent_Id: parent });
      crm.records.notes.set("7000", { id: "7000", Note_Title: "Recap", Note_Content: "old https://baton.example/deals/deal_1/recaps/recap_1", Parent_Id: parent });
      const note = await adapter.apply(crm.conn, noteOp("new text"), ids);
      expect(note.ids.notes?.recap_1).toBe("7000");
      expect(crm.records.notes.size).toBe(251);
      expect(crm.requests.filter((r) => r.path.endsWith("/Notes") && r.method === "GET").map((r) => r.query.page)).toEqual(["1", "2"]);
    } finally { await crm.close(); }
  });
});
