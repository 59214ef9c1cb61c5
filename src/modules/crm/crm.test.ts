// Pure rules of CRM sync: backoff with full jitter, failure outcomes, MEDDICC from evidence, what a partner's
// CRM may receive, stable idempotency keys, Retry-After parsing.
import { describe, expect, it } from "vitest";
import { CrmError } from "./crm.types.ts";
import { parseRetryAfter } from "./adapters/webhook.ts";
import { buildMeddicc, defaultFieldMapping, type MeddiccItem } from "./meddicc.ts";
import { backoffDelayMs, failureOutcome } from "./outbox-worker.ts";
import { idempotencyKey, planDealSync, type DealSnapshot } from "./sync-plan.ts";

describe("backoff", () => {
  it("doubles from 1 s up to the 10 min cap, scaled by a uniform draw (full jitter)", () => {
    const top = (n: number) => backoffDelayMs(n, undefined, () => 0.999999);
    expect([1, 2, 3, 4, 10, 11, 20].map(top)).toEqual([999, 1999, 3999, 7999, 511999, 599999, 599999]);
    expect(backoffDelayMs(5, undefined, () => 0)).toBe(0);
    expect(backoffDelayMs(3, undefined, () => 0.25)).toBe(1000);
  });
  it("retries 5xx and network errors, honours Retry-After, dead-letters 4xx and the 8th failure", () => {
    const half = () => 0.5;
    expect(failureOutcome(new CrmError("503", { status: 503, retryable: true }), 1, undefined, half)).toEqual({ status: "pending", delayMs: 500 });
    expect(failureOutcome(new CrmError("429", { status: 429, retryable: true, retryAfterMs: 7000 }), 3, undefined, half)).toEqual({ status: "pending", delayMs: 7000 });
    expect(failureOutcome(new CrmError("400", { status: 400, retryable: false }), 1)).toEqual({ status: "dead" });
    expect(failureOutcome(new Error("socket hang up"), 7, undefined, half)).toEqual({ status: "pending", delayMs: 32000 });
    expect(failureOutcome(new Error("socket hang up"), 8)).toEqual({ status: "dead" });
  });
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", Date.parse("2026-11-26T12:00:00Z"))).toBe(30000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

const item = (id: string, kind: MeddiccItem["kind"], data: Record<string, unknown>, quote: string): MeddiccItem =>
  ({ id, kind, data, quote, speaker: "Dag", conversationId: "c1", seq: Number(id.replace(/\D/g, "")) || 1 });

describe("MEDDICC", () => {
  it("fills each field only from evidence and keeps the quotes; the rest stays empty", () => {
    const m = buildMeddicc([
      item("i1", "stakeholder", { name: "Olga Berg", title: "CFO", role: "economic_buyer" }, "Olga signs anything above budget"),
      item("i2", "stakeholder", { name: "Dag Halvorsen", title: null, role: "champion" }, "I'll push this internally"),
      item("i3", "objection", { topic: "competition" }, "we also look at Anaplan"),
      item("i4", "objection", { topic: "security" }, "we need SSO and a pen test"),
      item("i5", "decision", { text: "Pilot with two plants first" }, "let's do a pilot with two plants"),
      item("i6", "commitment", { text: "Send the MSA redlines" }, "I'll send the MSA redlines by Friday"),
      item("i7", "risk", { type: "budget", text: "Forecasting is manual today" }, "today it's all manual spreadsheets, we lose 20% of planner time"),
    ]);
    expect(m.economicBuyer).toEqual({ value: "Olga Berg (CFO)", evidence: [expect.objectContaining({ itemId: "i1", quote: "Olga signs anything above budget" })] });
    expect(m.champion?.value).toBe("Dag Halvorsen");
    expect(m.competition?.evidence.map((e) => e.itemId)).toEqual(["i3"]);
    expect(m.decisionCriteria?.value).toBe("security: we need SSO and a pen test");
    expect(m.decisionProcess?.value).toBe("Pilot with two plants first");
    expect(m.paperProcess?.value).toBe("Send the MSA redlines");
    expect(m.metrics?.evidence.map((e) => e.itemId)).toEqual(["i7"]);
    expect(m.identifyPain?.evidence.map((e) => e.itemId)).toEqual(["i7"]);
    expect(buildMeddicc([])).toEqual({ metrics: null, economicBuyer: null, decisionCriteria: null, decisionProcess: null, paperProcess: null, identifyPain: null, champion: null, competition: null });
  });
  it("has default CRM field names per kind", () => {
    expect(defaultFieldMapping("hubspot")["meddicc.economicBuyer"]).toBe("meddicc_economic_buyer");
    expect(defaultFieldMapping("salesforce")["meddicc.economicBuyer"]).toBe("Economic_Buyer__c");
    expect(defaultFieldMapping("freshsales")["attribution.sourcedPartner"]).toBe("cf_partner_sourced_partner");
    expect(defaultFieldMapping("webhook")["meddicc.champion"]).toBe("meddicc.champion");
  });
});

describe("sync plan", () => {
  const snapshot: DealSnapshot = {
    deal: { id: "d1", slug: "acme", name: "Acme", stage: "discovery", amount: 100, currency: "EUR", url: "https://b/deals/acme" },
    buyer: { id: "o1", name: "Acme", domain: "acme.com" },
    contacts: [{ batonId: "p1", name: "Dag", email: "dag@acme.com", title: null, side: "buyer" }, { batonId: "p2", name: "Ada", email: "ada@us.io", title: null, side: "ours" }],
    items: [
      { ...item("i1", "stakeholder", { name: "SECRET-EB", role: "economic_buyer" }, "SECRET-EB decides"), isInternal: true },
      { ...item("i2", "stakeholder", { name: "Dag", role: "champion" }, "SECRET-UTT I'll champion it"), seq: 9, isInternal: false },
      { ...item("c1", "commitment", { text: "Ours task" }, "I'll send it"), isInternal: false },
      { ...item("c2", "commitment", { text: "Partner task" }, "we'll scope it"), isInternal: false },
      { ...item("c3", "commitment", { text: "SECRET-CONV partner task" }, "on our internal prep call"), conversationId: "c-int", isInternal: false },
    ],
    internalUtterances: new Set(["c1#9"]),
    internalConversations: new Set(["c-int"]),
    commitments: [
      { itemId: "c1", text: "Ours task", owner: "Ada", side: "ours", due: "2026-06-01", status: "open" },
      { itemId: "c2", text: "Partner task", owner: "Clara", side: "partner", due: null, status: "done" },
      { itemId: "c3", text: "SECRET-CONV partner task", owner: "Clara", side: "partner", due: null, status: "open" },
    ],
    recaps: [{ id: "r2", conversationId: "c-int", title: "Prep", at: "2026-05-04T08:00:00.000Z", status: "agreed", version: 1, lines: [{ section: "discussed", text: "SECRET-PREP", internal: false }] },
      { id: "r1", conversationId: "c1", title: "Call", at: "2026-05-05T08:00:00.000Z", status: "agreed", version: 2, lines: [{ section: "discussed", text: "pricing", internal: false }, { section: "discussed", text: "SECRET-LINE", internal: true }] }],
    attribution: { classification: "sourced", partnerName: "Brightpath" },
  };
  it("gives the partner's CRM no internal item, utterance or recap line, and only its own tasks", () => {
    const partner = planDealSync(snapshot, { id: "k2", side: "partner", fieldMapping: defaultFieldMapping("webhook") });
    const ours = planDealSync(snapshot, { id: "k1", side: "ours", fieldMapping: defaultFieldMapping("webhook") });
    expect(JSON.stringify(partner)).not.toMatch(/SECRET/);
    expect(JSON.stringify(ours)).toMatch(/SECRET-EB/);
    expect(JSON.stringify(ours)).toMatch(/SECRET-UTT/);
    expect(JSON.stringify(ours)).toMatch(/SECRET-LINE/);
    expect(partner.filter((p) => p.op === "upsert-task").map((p) => p.batonId)).toEqual(["c2"]);
    expect(ours.filter((p) => p.op === "upsert-task").map((p) => p.batonId)).toEqual(["c1"]);
    const deal = ours[0].operation as unknown as { deal: { nextStep: string; custom: Record<string, unknown> }; contacts: unknown[] };
    expect(deal.deal.nextStep).toBe("Ours task");
    expect(deal.deal.custom["attribution.sourcedPartner"]).toBe("Brightpath");
    expect(deal.contacts).toHaveLength(1);
  });
  it("maps stages and switches fields off through the connection's mapping", () => {
    const [d] = planDealSync(snapshot, { id: "k", side: "ours", fieldMapping: { ...defaultFieldMapping("hubspot"), "meddicc.champion": "", "stage:discovery": "qualifiedtobuy" } });
    const deal = (d.operation as unknown as { deal: { stage: string; custom: Record<string, unknown> } }).deal;
    expect(deal.stage).toBe("qualifiedtobuy");
    expect(Object.keys(deal.custom)).not.toContain("meddicc_champion");
    expect(Object.keys(deal.custom)).toContain("meddicc_economic_buyer");
  });
  it("keys a change by its content and predecessor", () => {
    const p = { op: "upsert-deal" as const, batonId: "d1", contentHash: "h1" };
    expect(idempotencyKey("k", p, null)).toBe(idempotencyKey("k", p, null));
    expect(idempotencyKey("k", p, null)).not.toBe(idempotencyKey("k", p, "bt_prev"));
    expect(idempotencyKey("k", p, null)).not.toBe(idempotencyKey("k2", p, null));
  });
});
