// The behaviour every CRM adapter must show against its local server; each <vendor>.test.ts runs it with the
// vendor's own readers (how that CRM stores amount, stage, done, …).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CrmError, type CrmAdapter, type CrmIds, type CrmOperation } from "../../src/modules/crm/crm.types.ts";
import { startFakeCrm, type FakeCrm, type FakeCrmKind, type FakeRecord } from "./index.ts";

export interface DealView { name: string; amount: number | null; stage: string | null; closeDate: string | null; nextStep?: string | null; custom: Record<string, unknown> }

export interface ContractOptions {
  kind: FakeCrmKind;
  make: (opts: { timeoutMs?: number }) => CrmAdapter;
  /** Two stage values the CRM accepts, as the field mapping would hand them over. */
  stages: [string, string];
  /** The deal's custom fields, keyed by this CRM's field names. */
  custom: Record<string, string | number | boolean | null>;
  readDeal: (rec: FakeRecord) => DealView;
  readNote: (rec: FakeRecord) => string;
  isTaskDone: (rec: FakeRecord) => boolean;
  taskOwner?: (rec: FakeRecord) => unknown;
  /** The CRM user id the fake knows for owner@vendor.example. */
  ownerId?: string;
  /** Whether the vendor stores the next step in a standard field (else it goes through `custom`). */
  hasNextStep?: boolean;
}

export function dealOp(stage: string, custom: Record<string, string | number | boolean | null>, patch: Partial<{ amount: number; closeDate: string; nextStep: string }> = {}): CrmOperation {
  return {
    op: "upsert-deal", idempotencyKey: "deal-1:v1",
    account: { batonId: "org_acme", name: "Acme Logistics", domain: "acme.example" },
    contacts: [
      { batonId: "p_ada", name: "Ada Lovelace", email: "ada@acme.example", title: "CTO" },
      { batonId: "p_bob", name: "Bob Stone", email: "bob@acme.example", title: null },
    ],
    deal: {
      batonId: "deal_1", name: "Acme Logistics — route optimisation", stage, amount: patch.amount ?? 48000, currency: "USD",
      nextStep: patch.nextStep ?? "Security review", closeDate: patch.closeDate ?? "2026-12-18", custom, url: "https://baton.example/deals/deal_1",
    },
  };
}

export const noteOp = (body: string): CrmOperation => ({
  op: "upsert-note", idempotencyKey: "note-1", dealBatonId: "deal_1",
  note: { batonId: "recap_1", title: "Recap: discovery call 20 Nov", body, at: "2026-11-20T15:00:00Z", url: "https://baton.example/deals/deal_1/recaps/recap_1" },
});

export const taskOp = (done: boolean): CrmOperation => ({
  op: "upsert-task", idempotencyKey: `task-1:${done}`, dealBatonId: "deal_1",
  task: { batonId: "c_1", subject: "Send the security questionnaire", dueDate: "2026-11-30", ownerEmail: "owner@vendor.example", done },
});

export const counts = (crm: FakeCrm) => ({ accounts: crm.records.accounts.size, contacts: crm.records.contacts.size, deals: crm.records.deals.size, notes: crm.records.notes.size, tasks: crm.records.tasks.size });

export async function caught(p: Promise<unknown>): Promise<CrmError> {
  try { await p; } catch (e) { if (e instanceof CrmError) return e; throw e; }
  throw new Error("expected a CrmError");
}

export function describeAdapterContract(o: ContractOptions) {
  describe(`${o.kind} adapter against the local ${o.kind} server`, () => {
    let crm: FakeCrm;
    const adapter = o.make({});
    beforeEach(async () => { crm = await startFakeCrm(o.kind); });
    afterEach(async () => { await crm.close(); });

    async function syncDeal(): Promise<CrmIds> { return (await adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {})).ids; }

    it("creates account, contacts and deal, then repeats without duplicates", async () => {
      const first = await adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {});
      expect(first.ids.account).toBeTruthy();
      expect(first.ids.deal).toBeTruthy();
      expect(Object.keys(first.ids.contacts ?? {}).sort()).toEqual(["p_ada", "p_bob"]);
      expect(counts(crm)).toMatchObject({ accounts: 1, contacts: 2, deals: 1 });
      const view = o.readDeal(crm.records.deals.get(first.ids.deal!)!);
      expect(view).toMatchObject({ name: "Acme Logistics — route optimisation", amount: 48000, closeDate: "2026-12-18" });
      for (const [k, v] of Object.entries(o.custom)) expect(view.custom[k]).toEqual(v);
      if (o.hasNextStep) expect(view.nextStep).toBe("Security review");

      // Same operation, ids not stored yet (a lost answer): found, not created again.
      const again = await adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {});
      expect(again.ids.account).toBe(first.ids.account);
      expect(again.ids.deal).toBe(first.ids.deal);
      expect(again.ids.contacts).toEqual(first.ids.contacts);
      // And with the ids known.
      const known = await adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), first.ids);
      expect(known.ids).toMatchObject({ account: first.ids.account, deal: first.ids.deal, contacts: first.ids.contacts });
      expect(counts(crm)).toMatchObject({ accounts: 1, contacts: 2, deals: 1 });
    });

    // The CRM stored the write but the reply never came: the retry must find, not create again.
    it.each([
      ["the account", (path: string) => /compan|account|organization/i.test(path)],
      ["the deal", (path: string) => /deal|opportunit/i.test(path) && !/associations/.test(path)],
    ])("a lost answer on writing %s is retryable and the retry does not duplicate", async (_what, isTarget) => {
      const op = dealOp(o.stages[0], o.custom);
      // A dry run on an empty CRM lists the same requests a first apply sends, so it tells which request to lose.
      const plan = await adapter.plan(crm.conn, op, {});
      const at = plan.findIndex((r) => r.method !== "GET" && !/\/search$/.test(new URL(r.url).pathname) && isTarget(new URL(r.url).pathname));
      expect(at).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < at; i++) crm.inject({ type: "delay", ms: 0 });
      crm.inject({ type: "drop-after" });
      const e = await caught(adapter.apply(crm.conn, op, {}));
      expect(e.opts.retryable).toBe(true);
      expect(crm.requests[at].method).toBe(plan[at].method);
      const retry = await adapter.apply(crm.conn, op, {});
      expect(counts(crm)).toMatchObject({ accounts: 1, contacts: 2, deals: 1 });
      expect(crm.records.deals.has(retry.ids.deal!)).toBe(true);
    });

    it("updates stage, amount, close date and next step on the same deal", async () => {
      const ids = await syncDeal();
      const r = await adapter.apply(crm.conn, dealOp(o.stages[1], o.custom, { amount: 61000, closeDate: "2027-01-15", nextStep: "Pricing call" }), ids);
      expect(r.ids.deal).toBe(ids.deal);
      expect(crm.records.deals.size).toBe(1);
      const view = o.readDeal(crm.records.deals.get(ids.deal!)!);
      expect(view).toMatchObject({ amount: 61000, closeDate: "2027-01-15" });
      expect(view.stage).toBe(o.stages[1]);
      if (o.hasNextStep) expect(view.nextStep).toBe("Pricing call");
    });

    it("writes the recap note once and updates it on repeat", async () => {
      const ids = await syncDeal();
      const first = await adapter.apply(crm.conn, noteOp("We agreed on a pilot in January."), ids);
      const noteId = first.ids.notes?.recap_1;
      expect(noteId).toBeTruthy();
      expect(crm.records.notes.size).toBe(1);
      expect(o.readNote(crm.records.notes.get(noteId!)!)).toContain("We agreed on a pilot in January.");
      expect(o.readNote(crm.records.notes.get(noteId!)!)).toContain("https://baton.example/deals/deal_1/recaps/recap_1");
      const second = await adapter.apply(crm.conn, noteOp("We agreed on a pilot in February."), first.ids);
      expect(second.ids.notes?.recap_1).toBe(noteId);
      expect(crm.records.notes.size).toBe(1);
      expect(o.readNote(crm.records.notes.get(noteId!)!)).toContain("February");
    });

    it("creates a task, then closes it when done", async () => {
      const ids = await syncDeal();
      const created = await adapter.apply(crm.conn, taskOp(false), ids);
      const taskId = created.ids.tasks?.c_1;
      expect(taskId).toBeTruthy();
      expect(crm.records.tasks.size).toBe(1);
      const rec = crm.records.tasks.get(taskId!)!;
      expect(o.isTaskDone(rec)).toBe(false);
      if (o.taskOwner) expect(String(o.taskOwner(rec))).toBe(o.ownerId);
      const closed = await adapter.apply(crm.conn, taskOp(true), created.ids);
      expect(closed.ids.tasks?.c_1).toBe(taskId);
      expect(crm.records.tasks.size).toBe(1);
      expect(o.isTaskDone(crm.records.tasks.get(taskId!)!)).toBe(true);
    });

    it("finds a note or task it created when the id was never stored (worker died before saving it)", async () => {
      const ids = await syncDeal();
      const note = await adapter.apply(crm.conn, noteOp("First text."), ids);
      const again = await adapter.apply(crm.conn, noteOp("Second text."), ids);
      expect(again.ids.notes?.recap_1).toBe(note.ids.notes?.recap_1);
      expect(crm.records.notes.size).toBe(1);
      expect(o.readNote(crm.records.notes.get(note.ids.notes!.recap_1)!)).toContain("Second text.");
      const task = await adapter.apply(crm.conn, taskOp(false), ids);
      const closed = await adapter.apply(crm.conn, taskOp(true), ids);
      expect(closed.ids.tasks?.c_1).toBe(task.ids.tasks?.c_1);
      expect(crm.records.tasks.size).toBe(1);
      expect(o.isTaskDone(crm.records.tasks.get(task.ids.tasks!.c_1)!)).toBe(true);
    });

    it.each([["note", () => noteOp("Lost answer text.")], ["task", () => taskOp(false)]] as const)("a lost answer on creating the %s is retried without a duplicate", async (what, op) => {
      const ids = await syncDeal();
      const plan = await adapter.plan(crm.conn, op(), ids);
      const at = plan.findIndex((r) => r.method === "POST" && !/search|batch\/read/.test(r.url));
      expect(at).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < at; i++) crm.inject({ type: "delay", ms: 0 });
      crm.inject({ type: "drop-after" });
      const e = await caught(adapter.apply(crm.conn, op(), ids));
      expect(e.opts.retryable).toBe(true);
      const store = what === "note" ? crm.records.notes : crm.records.tasks;
      expect(store.size).toBe(1);
      const retry = await adapter.apply(crm.conn, op(), ids);
      expect(store.size).toBe(1);
      expect(store.has((what === "note" ? retry.ids.notes?.recap_1 : retry.ids.tasks?.c_1)!)).toBe(true);
    });

    it("a note before the deal is known is a retryable error", async () => {
      const e = await caught(adapter.apply(crm.conn, noteOp("x"), {}));
      expect(e.opts.retryable).toBe(true);
      expect(crm.records.notes.size).toBe(0);
    });

    it("maps a wrong token to a non-retryable 401 with the vendor's body", async () => {
      const e = await caught(adapter.apply({ ...crm.conn, accessToken: "wrong-token" }, dealOp(o.stages[0], o.custom), {}));
      expect(e.opts.status).toBe(401);
      expect(e.opts.retryable).toBe(false);
      expect(e.opts.body).toBeTruthy();
      expect(counts(crm)).toMatchObject({ accounts: 0, deals: 0 });
    });

    it("maps 429 to retryable with Retry-After in ms (seconds and HTTP date)", async () => {
      crm.inject({ type: "rate-limit", retryAfter: "7" });
      const e = await caught(adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(e.opts).toMatchObject({ status: 429, retryable: true, retryAfterMs: 7000 });
      crm.inject({ type: "rate-limit", retryAfter: new Date(Date.now() + 60_000).toUTCString() });
      const d = await caught(adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(d.opts.retryAfterMs).toBeGreaterThan(50_000);
      expect(d.opts.retryAfterMs).toBeLessThanOrEqual(60_000);
      // After the faults the same operation goes through, once.
      await adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {});
      expect(crm.records.deals.size).toBe(1);
    });

    it("maps 500 and dropped connections to retryable errors", async () => {
      crm.inject({ type: "server-error", status: 500 });
      const e = await caught(adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(e.opts).toMatchObject({ status: 500, retryable: true });
      crm.inject({ type: "drop" });
      const d = await caught(adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(d.opts.retryable).toBe(true);
      expect(d.opts.status).toBeUndefined();
    });

    it("never retries on its own: one failing answer is one request", async () => {
      crm.inject({ type: "server-error", status: 503, times: 3 });
      const before = crm.requests.length;
      await caught(adapter.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(crm.requests.length - before).toBe(1);
    });

    it("gives up on a slow answer after the timeout, retryable", async () => {
      const quick = o.make({ timeoutMs: 300 });
      crm.inject({ type: "delay", ms: 1500 });
      const e = await caught(quick.apply(crm.conn, dealOp(o.stages[0], o.custom), {}));
      expect(e.opts.retryable).toBe(true);
      expect(e.message).toMatch(/timed out/);
    });

    it("plan() lists the requests without sending them or showing the token", async () => {
      const before = crm.requests.length;
      const plan = await adapter.plan(crm.conn, dealOp(o.stages[0], o.custom), {});
      expect(plan.length).toBeGreaterThan(1);
      expect(crm.requests.length).toBe(before);
      expect(JSON.stringify(plan)).not.toContain(crm.token);
      expect(plan.some((r) => r.method !== "GET")).toBe(true);
      for (const r of plan) expect(r.url.startsWith(crm.url.replace(/\/$/, "")) || r.url.startsWith(new URL(crm.url).origin)).toBe(true);
      const notePlan = await adapter.plan(crm.conn, noteOp("Recap text"), { deal: "123" });
      expect(JSON.stringify(notePlan)).toContain("Recap text");
    });

    it("check() answers ok with the right token and not ok with a wrong one", async () => {
      expect((await adapter.check(crm.conn)).ok).toBe(true);
      const bad = await adapter.check({ ...crm.conn, accessToken: "nope" });
      expect(bad.ok).toBe(false);
      expect(bad.detail).toMatch(/401/);
    });
  });
}
