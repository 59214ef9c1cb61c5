import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, dealOp, describeAdapterContract, noteOp } from "../../../../test/fake-crm/contract.ts";
import { startFakeCrm, type FakeCrm } from "../../../../test/fake-crm/index.ts";
import { createHubspotAdapter } from "./hubspot.ts";

const p = (r: Record<string, unknown>) => r.properties as Record<string, string | null>;

describeAdapterContract({
  kind: "hubspot",
  make: (o) => createHubspotAdapter(o),
  stages: ["qualifiedtobuy", "contractsent"],
  custom: { partner_source: "Partner sourced", meddicc_champion: "Ada Lovelace" },
  readDeal: (r) => ({
    name: String(p(r).dealname), amount: p(r).amount ? Number(p(r).amount) : null, stage: p(r).dealstage ?? null,
    closeDate: p(r).closedate?.slice(0, 10) ?? null, nextStep: p(r).hs_next_step ?? null,
    custom: { partner_source: p(r).partner_source, meddicc_champion: p(r).meddicc_champion },
  }),
  readNote: (r) => String(p(r).hs_note_body),
  isTaskDone: (r) => p(r).hs_task_status === "COMPLETED",
  taskOwner: (r) => p(r).hubspot_owner_id,
  ownerId: "9001",
  hasNextStep: true,
});

describe("hubspot specifics", () => {
  let crm: FakeCrm;
  const adapter = createHubspotAdapter();
  beforeEach(async () => { crm = await startFakeCrm("hubspot"); });
  afterEach(async () => { await crm.close(); });

  it("upserts the deal by baton_deal_id: a renamed deal with no stored id is still one deal", async () => {
    const first = await adapter.apply(crm.conn, dealOp("qualifiedtobuy", {}), {});
    const renamed = dealOp("qualifiedtobuy", {});
    if (renamed.op === "upsert-deal") renamed.deal.name = "Acme — renamed";
    const again = await adapter.apply(crm.conn, renamed, {});
    expect(again.ids.deal).toBe(first.ids.deal);
    expect(crm.records.deals.size).toBe(1);
    expect(p(crm.records.deals.get(first.ids.deal!)!).dealname).toBe("Acme — renamed");
    expect(crm.requests.filter((r) => r.path === "/crm/v3/objects/deals/batch/upsert")).toHaveLength(2);
  });

  it("associates the deal with its company and contacts", async () => {
    const r = await adapter.apply(crm.conn, dealOp("qualifiedtobuy", {}), {});
    expect(crm.records.associations.has(`deals:${r.ids.deal}->companies:${r.ids.account}`)).toBe(true);
    for (const c of Object.values(r.ids.contacts!)) expect(crm.records.associations.has(`deals:${r.ids.deal}->contacts:${c}`)).toBe(true);
    const n = await adapter.apply(crm.conn, noteOp("x"), r.ids);
    expect(crm.records.associations.has(`notes:${n.ids.notes!.recap_1}->deals:${r.ids.deal}`)).toBe(true);
  });

  it("matches an existing company by domain before creating one", async () => {
    crm.records.accounts.set("777", { id: "777", properties: { name: "ACME (legacy name)", domain: "acme.example" }, createdAt: "", updatedAt: "" });
    const r = await adapter.apply(crm.conn, dealOp("qualifiedtobuy", {}), {});
    expect(r.ids.account).toBe("777");
    expect(crm.records.accounts.size).toBe(1);
  });

  it("creates a contact without e-mail once and reuses its stored id", async () => {
    const op = dealOp("qualifiedtobuy", {});
    if (op.op === "upsert-deal") op.contacts.push({ batonId: "p_noemail", name: "Nia Noemail", email: null, title: null });
    const first = await adapter.apply(crm.conn, op, {});
    expect(crm.records.contacts.size).toBe(3);
    await adapter.apply(crm.conn, op, first.ids);
    expect(crm.records.contacts.size).toBe(3);
  });

  it("a mis-mapped custom property is a non-retryable 400 with HubSpot's error body", async () => {
    const e = await caught(adapter.apply(crm.conn, dealOp("qualifiedtobuy", { no_such_property: "x" }), {}));
    expect(e.opts).toMatchObject({ status: 400, retryable: false });
    expect(e.opts.body).toContain("PROPERTY_DOESNT_EXIST");
  });

  it("uses the rate-limit window when a 429 has no Retry-After", async () => {
    crm.inject({ type: "rate-limit", retryAfter: null });
    const e = await caught(adapter.apply(crm.conn, dealOp("qualifiedtobuy", {}), {}));
    expect(e.opts).toMatchObject({ status: 429, retryable: true, retryAfterMs: 10_000 });
    expect(e.opts.body).toContain("RATE_LIMITS");
  });
});

describe("hubspot paging when looking for an unrecorded note", () => {
  it("follows the association pages and batch-reads each page", async () => {
    const crm = await startFakeCrm("hubspot");
    try {
      const adapter = createHubspotAdapter();
      const ids = (await adapter.apply(crm.conn, dealOp("qualifiedtobuy", {}), {})).ids;
      const link = (id: string) => { crm.records.associations.add(`notes:${id}->deals:${ids.deal}`); crm.records.associations.add(`deals:${ids.deal}->notes:${id}`); };
      for (let i = 0; i < 150; i++) { const id = String(70_000 + i); crm.records.notes.set(id, { id, properties: { hs_note_body: `other ${i}`, hs_timestamp: "2026-01-01T00:00:00Z" } }); link(id); }
      crm.records.notes.set("79999", { id: "79999", properties: { hs_note_body: '<a href="https://baton.example/deals/deal_1/recaps/recap_1">Open in Baton</a>', hs_timestamp: "2026-01-01T00:00:00Z" } });
      link("79999");
      const note = await adapter.apply(crm.conn, noteOp("new text"), ids);
      expect(note.ids.notes?.recap_1).toBe("79999");
      expect(crm.records.notes.size).toBe(151);
      expect(crm.requests.filter((r) => r.path === `/crm/v4/objects/deals/${ids.deal}/associations/notes`).map((r) => r.query.after ?? null)).toEqual([null, "100"]);
      expect(crm.requests.filter((r) => r.path === "/crm/v3/objects/notes/batch/read")).toHaveLength(2);
    } finally { await crm.close(); }
  });
});
