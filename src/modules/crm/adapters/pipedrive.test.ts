import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, dealOp, describeAdapterContract, noteOp, taskOp } from "../../../../test/fake-crm/contract.ts";
import { startFakeCrm, type FakeCrm } from "../../../../test/fake-crm/index.ts";
import { createPipedriveAdapter } from "./pipedrive.ts";

const stageNames: Record<string, string> = { "1": "Qualified", "2": "Proposal Made", "3": "Negotiations Started" };

describeAdapterContract({
  kind: "pipedrive",
  make: (o) => createPipedriveAdapter(o),
  stages: ["Qualified", "Proposal Made"],
  custom: { "5a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3": "Partner sourced" },
  readDeal: (r) => ({
    name: String(r.title), amount: (r.value as number) ?? null, stage: stageNames[String(r.stage_id)] ?? null,
    closeDate: (r.expected_close_date as string) ?? null, custom: (r.custom_fields ?? {}) as Record<string, unknown>,
  }),
  readNote: (r) => String(r.content),
  isTaskDone: (r) => r.done === true,
  taskOwner: (r) => r.owner_id,
  ownerId: "7",
});

describe("pipedrive specifics", () => {
  let crm: FakeCrm;
  const adapter = createPipedriveAdapter();
  beforeEach(async () => { crm = await startFakeCrm("pipedrive"); });
  afterEach(async () => { await crm.close(); });

  it("sends the token in the x-api-token header, never in the URL", async () => {
    await adapter.apply(crm.conn, dealOp("Qualified", {}), {});
    expect(crm.requests.length).toBeGreaterThan(3);
    for (const r of crm.requests) { expect(r.headers["x-api-token"]).toBe(crm.token); expect(r.query.api_token).toBeUndefined(); }
  });

  it("uses x-ratelimit-reset when a 429 has no Retry-After", async () => {
    crm.inject({ type: "rate-limit", retryAfter: null });
    const e = await caught(adapter.apply(crm.conn, dealOp("Qualified", {}), {}));
    expect(e.opts).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000 });
  });

  it("accepts a numeric stage id and refuses an unknown stage name without retrying", async () => {
    const r = await adapter.apply(crm.conn, dealOp("3", {}), {});
    expect(crm.records.deals.get(r.ids.deal!)!.stage_id).toBe(3);
    const e = await caught(adapter.apply(crm.conn, dealOp("Signed in blood", {}), r.ids));
    expect(e.opts.retryable).toBe(false);
    expect(e.message).toMatch(/Signed in blood/);
  });

  it("links the first contact to the deal and files persons under the organization", async () => {
    const r = await adapter.apply(crm.conn, dealOp("Qualified", {}), {});
    const deal = crm.records.deals.get(r.ids.deal!)!;
    expect(String(deal.person_id)).toBe(r.ids.contacts!.p_ada);
    expect(String(deal.org_id)).toBe(r.ids.account);
    for (const id of Object.values(r.ids.contacts!)) expect(String(crm.records.contacts.get(id)!.org_id)).toBe(r.ids.account);
  });

  it("a validation failure is a non-retryable 400 carrying Pipedrive's error body", async () => {
    const e = await caught(adapter.apply(crm.conn, dealOp("Qualified", {}, { closeDate: "18/12/2026" }), {}));
    expect(e.opts).toMatchObject({ status: 400, retryable: false });
    expect(JSON.parse(e.opts.body!)).toMatchObject({ success: false });
  });
});

describe("pipedrive paging when looking for an unrecorded note or activity", () => {
  it("walks note offsets and activity cursors to find Baton's item on a later page", async () => {
    const crm = await startFakeCrm("pipedrive");
    try {
      const adapter = createPipedriveAdapter();
      const ids = (await adapter.apply(crm.conn, dealOp("Qualified", {}), {})).ids;
      const deal = Number(ids.deal);
      for (let i = 0; i < 150; i++) crm.records.notes.set(String(90_000 + i), { id: String(90_000 + i), content: `Other note ${i}`, deal_id: deal });
      crm.records.notes.set("99999", { id: "99999", content: "old text https://baton.example/deals/deal_1/recaps/recap_1", deal_id: deal });
      for (let i = 0; i < 120; i++) crm.records.tasks.set(String(80_000 + i), { id: String(80_000 + i), subject: "Call", type: "task", deal_id: deal, done: false, note: "someone else's" });
      crm.records.tasks.set("88888", { id: "88888", subject: "Send the security questionnaire", type: "task", deal_id: deal, done: false, note: "Tracked in Baton (c_1)" });
      const note = await adapter.apply(crm.conn, noteOp("new text"), ids);
      expect(note.ids.notes?.recap_1).toBe("99999");
      const task = await adapter.apply(crm.conn, taskOp(true), ids);
      expect(task.ids.tasks?.c_1).toBe("88888");
      expect(crm.records.notes.size).toBe(151);
      expect(crm.records.tasks.size).toBe(121);
      expect(crm.requests.filter((r) => r.path === "/v1/notes" && r.method === "GET").map((r) => r.query.start)).toEqual(["0", "100"]);
      expect(crm.requests.filter((r) => r.path === "/api/v2/activities" && r.method === "GET").length).toBe(2);
    } finally { await crm.close(); }
  });
});
