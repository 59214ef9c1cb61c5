import { describe, expect, it } from "vitest";
import { buildLedger, checkTransition, foldCommitment, localDate, type CommitmentIn, type FulfilmentIn, type LedgerEventIn } from "./ledger.ts";
import { assembleWalk } from "./walk.ts";
import { renderWalkBlocks, renderWalkEmail } from "./walk-render.ts";
import { isoWeekOf, startOfDay, weekDays, weekRange } from "./week.ts";

const conv = { id: "conv_1", file: "01-call.vtt", title: "Discovery", startedAt: "2026-05-05T08:00:00.000Z" };
const conv2 = { id: "conv_2", file: "02-call.vtt", title: "Follow-up", startedAt: "2026-05-12T08:00:00.000Z" };
const c = (o: Partial<CommitmentIn> = {}): CommitmentIn => ({
  itemId: "item_1", dealId: "deal_1", localId: "c1", conversation: conv, text: "Send the <SOW> & pricing", owner: "Clara Moe", ownerPersonId: "p_clara",
  side: "partner", due: "2026-05-08", dueText: "by Friday", ownerUnclear: false, confidence: 0.9, seq: 4, atMs: 61_500, speaker: "Clara Moe",
  quote: "I'll send the SOW by Friday", recordedAt: "2026-05-05T09:00:00.000Z", ...o,
});
const f = (o: Partial<FulfilmentIn> = {}): FulfilmentIn => ({
  itemId: "item_f", dealId: "deal_1", commitmentRef: "01-call.vtt#c1", conversation: conv2, seq: 2, atMs: 5000, speaker: "Clara Moe",
  quote: "I sent the SOW yesterday", recordedAt: "2026-05-12T09:00:00.000Z", ...o,
});
let n = 0;
const ev = (type: LedgerEventIn["type"], at: string, o: Partial<LedgerEventIn> = {}): LedgerEventIn => ({
  id: String(++n), dealId: "deal_1", itemId: "item_1", type, actor: "user_1", personId: null, personName: null, personSide: null, due: null, note: null, at, ...o,
});

describe("ledger status", () => {
  it.each([
    ["open before the due day (deal timezone)", [], [], "2026-05-08", "open"],
    ["overdue the day after", [], [], "2026-05-09", "overdue"],
    ["done by a fulfilment found in a later conversation", [f()], [], "2026-05-20", "done"],
    ["dropped by a person", [], [ev("drop", "2026-05-10T10:00:00.000Z")], "2026-05-20", "dropped"],
    ["reopened after the fulfilment was recorded", [f()], [ev("reopen", "2026-05-13T10:00:00.000Z")], "2026-05-20", "overdue"],
    ["closed again by a fulfilment imported after the reopen", [f({ recordedAt: "2026-05-14T09:00:00.000Z" })], [ev("reopen", "2026-05-13T10:00:00.000Z")], "2026-05-20", "done"],
    ["re-dated past today", [], [ev("redate", "2026-05-09T10:00:00.000Z", { due: "2026-06-01" })], "2026-05-20", "open"],
  ] as const)("%s", (_name, fs, es, today, status) => {
    expect(foldCommitment(c(), [...fs], [...es], { today }).status).toBe(status);
  });

  it("keeps the proof and the history, who and when", () => {
    const e = foldCommitment(c({ ownerUnclear: true, owner: null, ownerPersonId: null }), [f()], [
      ev("take", "2026-05-06T10:00:00.000Z", { personId: "p_ada", personName: "Ada Lindqvist", personSide: "ours" }),
      ev("redate", "2026-05-07T10:00:00.000Z", { due: "2026-05-15", note: "after legal" }),
    ], { today: "2026-05-20" });
    expect(e).toMatchObject({ status: "done", owner: "Ada Lindqvist", ownerPersonId: "p_ada", side: "ours", ownerUnclear: false, due: "2026-05-15", ref: "01-call.vtt#c1" });
    expect(e.fulfilment).toMatchObject({ source: "conversation", evidence: { conversationId: "conv_2", seq: 2, quote: "I sent the SOW yesterday" } });
    expect(e.evidence).toMatchObject({ at: "00:01:01.500", occurredAt: "2026-05-05T08:01:01.500Z", speaker: "Clara Moe" });
    expect(e.history.map((h) => h.type)).toEqual(["created", "take", "redate", "fulfilled"]);
    expect(e.history[1]).toMatchObject({ by: "user_1", previousOwner: null, personName: "Ada Lindqvist" });
    expect(e.history[2]).toMatchObject({ previousDue: "2026-05-08", due: "2026-05-15", note: "after legal" });
    expect(e.closedAt).toBe("2026-05-12T09:00:00.000Z");
  });

  it("lists unclear owners first and matches fulfilments by ref", () => {
    const entries = buildLedger({
      commitments: [c(), c({ itemId: "item_2", localId: "c2", ownerUnclear: true, owner: null })],
      fulfilments: [f({ commitmentRef: "01-call.vtt#c2" })], events: [], today: "2026-05-06",
    });
    expect(entries.map((e) => [e.localId, e.status])).toEqual([["c2", "done"], ["c1", "open"]]);
  });

  it("refuses no-op changes", () => {
    expect(checkTransition("done", "done")).toMatch(/already done/);
    expect(checkTransition("overdue", "reopen")).toMatch(/already open/);
    expect(checkTransition("overdue", "done")).toBeNull();
  });

  it("reads the calendar day in the deal timezone", () => {
    expect(localDate(new Date("2026-05-08T22:30:00Z"), "Europe/Oslo")).toBe("2026-05-09");
    expect(localDate(new Date("2026-05-09T03:00:00Z"), "America/Los_Angeles")).toBe("2026-05-08");
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-05-20", "2026-W21"], ["2021-01-03", "2020-W53"], ["2024-12-30", "2025-W01"], ["2026-01-01", "2026-W01"],
  ])("%s is in %s", (day, week) => { expect(isoWeekOf(day)).toBe(week); });
  it("turns a week into days and instants in a zone", () => {
    expect(weekDays("2026-W21")).toEqual({ monday: "2026-05-18", sunday: "2026-05-24" });
    expect(weekRange("2026-W21", "Europe/Oslo").start.toISOString()).toBe("2026-05-17T22:00:00.000Z");
    expect(startOfDay("2026-03-29", "Europe/Oslo").toISOString()).toBe("2026-03-28T23:00:00.000Z"); // DST day
    expect(startOfDay("2026-11-02", "America/New_York").toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(() => weekDays("2026-W54")).toThrow(/no week 54/);
    expect(() => weekDays("2026-21")).toThrow(/2026-W21/);
  });
});

describe("weekly walk", () => {
  const deal = { id: "deal_1", slug: "fjord", name: "Fjord <Dairy>" };
  const entries = buildLedger({
    commitments: [
      c(), c({ itemId: "item_2", localId: "c2", due: "2026-05-20", owner: "Ada", ownerPersonId: "p_ada", side: "ours", text: "Book the demo" }),
      c({ itemId: "item_3", localId: "c3", due: null, owner: null, ownerUnclear: true, text: "Someone sends the DPA" }),
      c({ itemId: "item_4", localId: "c4", text: "Share the deck" }),
    ],
    fulfilments: [f({ commitmentRef: "01-call.vtt#c4", recordedAt: "2026-05-19T09:00:00.000Z" })], events: [], today: "2026-05-20",
  });
  const walk = assembleWalk({
    scope: { kind: "deal", id: "deal_1", name: deal.name }, week: "2026-W21", monday: "2026-05-18", sunday: "2026-05-24", timezone: "Europe/Oslo",
    asOf: new Date("2026-05-20T10:00:00Z"), since: new Date("2026-05-17T22:00:00Z"), lastWalkAt: null,
    deals: [{ deal, entries, risks: [{ itemId: "r1", dealId: "deal_1", conversation: conv2, type: "budget", text: "Budget frozen until Q3", seq: 7, atMs: 9000, speaker: "Dag", quote: "budget is frozen", recordedAt: "2026-05-19T09:00:00.000Z" }] }],
  });

  it("groups open by side and owner and lists overdue, due this week, done since the last walk and new risks", () => {
    expect(walk.counts).toEqual({ open: 3, overdue: 1, dueThisWeek: 1, doneSinceLastWalk: 1, newRisks: 1, unclearOwner: 1 });
    expect(walk.openByOwner.map((g) => [g.side, g.owner, g.items.length])).toEqual([["ours", "Ada", 1], ["partner", null, 1], ["partner", "Clara Moe", 1]]);
    expect(walk.overdue[0]).toMatchObject({ itemId: "item_1", link: "/conversations/conv_1#seq-4" });
    expect(walk.doneSinceLastWalk[0]?.itemId).toBe("item_4");
    expect(walk.newRisks[0]).toMatchObject({ type: "budget", link: "/conversations/conv_2#seq-7" });
  });

  it("renders Slack blocks with escaped text and absolute links", () => {
    const { text, blocks } = renderWalkBlocks(walk, { baseUrl: "https://baton.example.com/" });
    expect(text).toContain("Ledger walk · Fjord <Dairy> · 2026-W21");
    expect(blocks[0]).toMatchObject({ type: "header" });
    const body = JSON.stringify(blocks);
    expect(body).toContain("<https://baton.example.com/conversations/conv_1#seq-4|Send the &lt;SOW&gt; &amp; pricing>");
    expect(body).toContain("*New risks* (1)");
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it("renders an email with HTML and text parts", () => {
    const m = renderWalkEmail(walk, { baseUrl: "https://baton.example.com" });
    expect(m.subject).toBe("Ledger walk · Fjord <Dairy> · 2026-W21: 1 overdue, 1 due this week");
    expect(m.html).toContain("Fjord &lt;Dairy&gt;");
    expect(m.html).toContain(`<a href="https://baton.example.com/conversations/conv_1#seq-4">Send the &lt;SOW&gt; &amp; pricing</a>`);
    expect(m.text).toContain("Overdue (1)\n  - Send the <SOW> & pricing [Clara Moe, Partner] was due 2026-05-08");
    expect(m.text).toContain("https://baton.example.com/conversations/conv_2#seq-7");
  });
});
