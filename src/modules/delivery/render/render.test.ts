// Channel renderers: Block Kit limits (50 blocks, 3000 characters per section, 150 per header) with "…",
// mrkdwn and HTML escaping, and the audience rules of the recap and the intro alert.
import { describe, expect, it } from "vitest";
import { validateSlackPayload } from "../../../../test/fake-slack-server.ts";
import type { Brief } from "../../briefs/index.ts";
import type { Walk, WalkItem } from "../../ledger/index.ts";
import { assertNoInternal, at, emptyIndex } from "../redact.ts";
import { briefForPartner } from "./brief.ts";
import { walkForPartner } from "./walk.ts";
import type { DeliveryDoc } from "./doc.ts";
import { renderDocEmail } from "./email.ts";
import { recapDoc } from "./recap.ts";
import { clampSlackMessage, renderDocSlack } from "./slack.ts";
import { slaDoc, type SlaInput } from "./sla.ts";

describe("Slack rendering", () => {
  it("keeps a huge document within Block Kit limits, cutting with …", () => {
    const doc: DeliveryDoc = {
      title: `A very long title ${"x".repeat(300)}`,
      intro: "Intro <b>&</b>",
      sections: Array.from({ length: 80 }, (_, i) => ({ title: `Section ${i}`, lines: Array.from({ length: 60 }, (_, j) => `Line ${j} ${"word ".repeat(20)}`) })),
      context: "ctx", link: { label: "Open", url: "https://baton.example.com/deals/d1" },
    };
    const m = renderDocSlack(doc);
    expect(validateSlackPayload(m)).toBeNull();
    expect(m.blocks.length).toBe(50);
    const header = m.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith("…")).toBe(true);
    const sections = m.blocks.filter((b) => b.type === "section") as Array<{ text: { text: string } }>;
    expect(sections.every((s) => s.text.text.length <= 3000)).toBe(true);
    expect(sections[1].text.text).toMatch(/…and \d+ more$/);
    expect(JSON.stringify(m.blocks.at(-1))).toContain("https://baton.example.com/deals/d1");
    expect(sections[0].text.text).toBe("Intro &lt;b&gt;&amp;&lt;/b&gt;");
    expect(m.blocks.some((b) => JSON.stringify(b).includes("more sections"))).toBe(true);
  });

  it("clamps renderings built elsewhere", () => {
    const m = clampSlackMessage({ text: "t", blocks: Array.from({ length: 70 }, () => ({ type: "section", text: { type: "mrkdwn", text: "y".repeat(4000) } })) });
    expect(validateSlackPayload(m)).toBeNull();
  });

  it("escapes HTML in email", () => {
    const e = renderDocEmail({ title: "<script>", sections: [{ title: "S", lines: ["a & b <i>"] }] });
    expect(e.html).not.toContain("<script>");
    expect(e.html).toContain("a &amp; b &lt;i&gt;");
    expect(e.text).toContain("a & b <i>");
  });
});

const line = (id: string, text: string, internal: boolean) => ({ id, section: "commitments" as const, text, evidence: [], internal, support: "grounded" as const, basis: text });

describe("audience rules", () => {
  const recap = { id: "r1", version: 2, isAgreed: true, conversation: { id: "c1", title: "Discovery", startedAt: "2026-05-05T08:00:00Z" },
    lines: [line("l1", "Ben: send the architecture", false), line("l2", "Ada: discount floor SECRET-1", true)] };
  it("marks internal recap lines for our side and drops them for the others", () => {
    expect(recapDoc({ audience: "ours", dealName: "D", recap }).sections.flatMap((s) => s.lines)).toContain("[internal] Ada: discount floor SECRET-1");
    for (const audience of ["partner", "buyer"] as const) expect(JSON.stringify(recapDoc({ audience, dealName: "D", recap }))).not.toContain("SECRET-1");
  });

  it("gives the partner a gentle intro note without our notes, and the buyer nothing", () => {
    const s: SlaInput = { deal: { id: "d1", name: "Fjord" }, workspaceName: "Tidewell", partnerName: "Brightpath", buyerName: "Fjord Dairy", introducedBy: "Clara",
      receivedAt: "2026-05-01T08:00:00Z", owner: "Ada Lindqvist", backup: "Ben", clock: { elapsedMs: 9 * 3600_000, targetMs: 8 * 3600_000, status: "breached" },
      firstActionAt: null, escalations: [{ level: 1, at: "2026-05-02T08:00:00Z", delivery: "sent", note: null }], notes: [{ label: "Expected next step", value: "NOTE-XYZ" }] };
    const partner = slaDoc(s, "partner");
    expect(partner.title).toBe("Your intro: Fjord Dairy");
    expect(partner.intro).toContain("It is with Ada Lindqvist");
    expect(JSON.stringify(partner)).not.toMatch(/NOTE-XYZ|Ben|Level 1|breached/);
    expect(JSON.stringify(slaDoc(s, "ours"))).toContain("NOTE-XYZ");
    expect(() => slaDoc(s, "buyer")).toThrow(/not the buyer/);
  });

  it("refuses a partner payload that carries internal words, even shortened", () => {
    const idx = emptyIndex();
    idx.texts.push("Our walk-away price for this account is forty thousand euros, keep it between us.");
    expect(() => assertNoInternal(idx, "partner", { t: "Note: Our walk-away price for this account is forty thou…" })).toThrow(/internal-only content/);
    expect(() => assertNoInternal(idx, "ours", { t: "Our walk-away price for this account is forty thousand euros" })).not.toThrow();
    expect(() => assertNoInternal(idx, "buyer", { t: "Nothing to see" })).not.toThrow();
  });
});

describe("partner filtering of briefs and walks (whatever the source modules already dropped)", () => {
  const idx = emptyIndex();
  idx.locations.add(at("c1", 10));
  idx.itemIds.add("i-internal");
  idx.conversations.add("c-notes");
  const ev = (conversationId: string, seq: number) => ({ conversationId, conversation: "Discovery", seq, speaker: "Ada", quote: `q${seq}` });

  it("drops brief lines and topic evidence resting on internal evidence", () => {
    const b: Brief = {
      kind: "pre-call", deal: { id: "d1", name: "D" }, asOf: "2026-05-06T10:00:00Z", perspective: "ours", next: null,
      sections: [{ key: "open.ours", title: "Open", lines: [
        { text: "shared line", evidence: [ev("c1", 5)] }, { text: "internal line", evidence: [ev("c1", 10)] },
        { text: "mixed line", evidence: [ev("c1", 5), ev("c1", 10)] }, { text: "notes line", evidence: [ev("c-notes", 1)] },
      ] }],
      topicLeads: [
        { topic: "pricing", label: "Pricing", personId: null, name: "Ada", side: "ours", isSet: false, evidence: [ev("c1", 10)] },
        { topic: "data", label: "Data", personId: null, name: "Ben", side: "ours", isSet: false, evidence: [ev("c1", 10), ev("c1", 4)] },
      ],
    };
    const out = briefForPartner(b, idx);
    expect(out.sections[0].lines.map((l) => l.text)).toEqual(["shared line"]);
    expect(out.topicLeads.map((t) => [t.topic, t.evidence.map((e) => e.seq)])).toEqual([["data", [4]]]);
    expect(out.perspective).toBe("partner");
  });

  it("drops internal commitments and risks from the walk and recounts", () => {
    const item = (itemId: string, seq: number, extra: Partial<WalkItem> = {}): WalkItem => ({
      deal: { id: "d1", slug: "d", name: "D" }, itemId, ref: itemId, text: itemId, owner: "Ada", ownerPersonId: "p1", side: "ours", due: "2026-05-07",
      status: "open", ownerUnclear: false, closedAt: null, link: "/x",
      evidence: { conversationId: "c1", conversation: "f", title: "Discovery", seq, at: "00:00:01.000", occurredAt: "2026-05-05T08:00:00Z", speaker: "Ada", quote: "q" }, ...extra,
    });
    const shared = item("i-shared", 5), byId = item("i-internal", 6), byPlace = item("i-other", 10);
    const w: Walk = {
      scope: { kind: "partner", id: "o1", name: "P" }, week: "2026-W19", monday: "2026-05-04", sunday: "2026-05-10", timezone: "UTC",
      asOf: "2026-05-06T10:00:00Z", since: "2026-05-04T00:00:00Z", lastWalkAt: null, deals: [{ id: "d1", slug: "d", name: "D" }],
      counts: { open: 3, overdue: 0, dueThisWeek: 3, doneSinceLastWalk: 0, newRisks: 1, unclearOwner: 0 },
      openByOwner: [{ side: "ours", owner: "Ada", ownerPersonId: "p1", items: [shared, byId, byPlace] }],
      overdue: [], dueThisWeek: [shared, byId, byPlace], doneSinceLastWalk: [],
      newRisks: [{ deal: { id: "d1", slug: "d", name: "D" }, itemId: "r1", type: "budget", text: "risk", evidence: byPlace.evidence, link: "/x" }],
    };
    const out = walkForPartner(w, idx);
    expect(out.openByOwner[0].items.map((i) => i.itemId)).toEqual(["i-shared"]);
    expect(out.dueThisWeek.map((i) => i.itemId)).toEqual(["i-shared"]);
    expect(out.newRisks).toEqual([]);
    expect(out.counts).toMatchObject({ open: 1, dueThisWeek: 1, newRisks: 0 });
  });
});
