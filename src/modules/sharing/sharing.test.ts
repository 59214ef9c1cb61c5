// Pure parts of sharing: the signed buyer-link token, what each audience keeps, and the escaping renderers.
import { describe, expect, it } from "vitest";
import { isBuyerLinkSignatureValid, readBuyerLinkToken, signBuyerLinkToken } from "./buyer-link-token.ts";
import { renderHtml, renderMarkdown } from "./render.ts";
import { isBuyerVisibleLine, narrowRecord, type SharedRecord } from "./shared-record.ts";

const key = Buffer.alloc(32, 7);
const claims = { linkId: "bl_1", recapId: "rcp_1", expiresAt: new Date("2026-06-01T00:00:00Z") };

describe("buyer link tokens", () => {
  it("round-trips the claims and verifies only under the same key", () => {
    const t = signBuyerLinkToken(key, claims);
    const read = readBuyerLinkToken(t)!;
    expect(read).toMatchObject(claims);
    expect(isBuyerLinkSignatureValid(key, read)).toBe(true);
    expect(isBuyerLinkSignatureValid(Buffer.alloc(32, 8), read)).toBe(false);
  });
  it("rejects a changed payload and malformed tokens", () => {
    const [, sig] = signBuyerLinkToken(key, claims).split(".");
    const other = signBuyerLinkToken(key, { ...claims, recapId: "rcp_2" }).split(".")[0];
    expect(isBuyerLinkSignatureValid(key, readBuyerLinkToken(`${other}.${sig}`)!)).toBe(false);
    for (const bad of ["", "abc", "a.b", `${"x".repeat(20)}.${"y".repeat(43)}`, `${Buffer.from("{\"l\":1}").toString("base64url")}.${sig}`]) {
      expect(readBuyerLinkToken(bad)).toBeNull();
    }
  });
});

const ev = { at: "00:00:01.000", speaker: "Ada", quote: "q" };
const record = (): SharedRecord => ({
  audience: "ours", generatedAt: "2026-05-20T09:00:00.000Z",
  deal: { name: "D <1>", stage: "intro", motion: "co-sell", buyer: "B", partners: ["P"], amount: 10, currency: "EUR", timezone: "UTC" },
  conversations: [
    { title: "Call", kind: "call", startedAt: "2026-05-01T10:00:00Z", internal: false, speakers: [], utterances: [
      { at: "00:00:01.000", speaker: "Ada", side: "ours", text: "shared words", internal: false },
      { at: "00:00:02.000", speaker: "Ada", side: "ours", text: "SECRET-U", internal: true }] },
    { title: "SECRET-C", kind: "notes", startedAt: "2026-05-01T10:00:00Z", internal: true, speakers: [], utterances: [] },
  ],
  recaps: [{ title: "Call", date: "2026-05-01T10:00:00Z", version: 2, status: "agreed", internal: false, lines: [
    { section: "discussed", text: "Pricing", side: null, owner: null, due: null, internal: false, evidence: [{ speaker: "Ada", quote: "ok", internal: false }, { speaker: "Ada", quote: "SECRET-Q", internal: true }] },
    { section: "decisions", text: "SECRET-L", side: null, owner: null, due: null, internal: true, evidence: [] },
    { section: "commitments", text: "SECRET-P", side: "partner", owner: null, due: null, internal: false, partnerOnly: true, evidence: [] },
  ] }],
  commitments: [
    { conversation: "Call", internal: false, evidence: ev, text: "buyer open", owner: "Dag", side: "buyer", due: null, status: "open", occurredAt: null },
    { conversation: "Call", internal: false, evidence: ev, text: "buyer done", owner: "Dag", side: "buyer", due: null, status: "done", occurredAt: null },
    { conversation: "Call", internal: false, evidence: ev, text: "ours open", owner: "Ada", side: "ours", due: null, status: "open", occurredAt: null },
    { conversation: "Call", internal: true, evidence: ev, text: "SECRET-I", owner: "Dag", side: "buyer", due: null, status: "overdue", occurredAt: null },
  ],
  objections: [], decisions: [{ conversation: "Call", internal: true, evidence: ev, text: "SECRET-D" }], stakeholders: [], risks: [],
});

describe("narrowing for an audience", () => {
  it("ours keeps everything", () => {
    expect(JSON.stringify(narrowRecord(record(), "ours"))).toContain("SECRET-U");
  });
  it("the partner loses every internal piece, including internal quotes under shared lines", () => {
    const p = narrowRecord(record(), "partner");
    expect(JSON.stringify(p)).not.toMatch(/SECRET-[UCQLID]/);
    expect(p.recaps[0].lines.map((l) => l.text)).toEqual(["Pricing", "SECRET-P"]);
    expect(p.recaps[0].lines[0].evidence).toHaveLength(1);
  });
  it("the buyer keeps agreed recap lines without internal or partner-only ones, and only its own open commitments", () => {
    const b = narrowRecord(record(), "buyer");
    expect(JSON.stringify(b)).not.toContain("SECRET");
    expect(b.recaps[0].lines.map((l) => l.text)).toEqual(["Pricing"]);
    expect(b.commitments.map((c) => c.text)).toEqual(["buyer open"]);
    expect(b.deal.amount).toBeNull();
    expect(isBuyerVisibleLine({ internal: false, audience: "selling-sides" })).toBe(false);
  });
});

describe("renderers", () => {
  it("escape text in Markdown and HTML", () => {
    const r = narrowRecord(record(), "partner");
    expect(renderHtml(r)).toContain("<h1>D &lt;1&gt;</h1>");
    expect(renderMarkdown(r)).toContain("# D \\<1\\>");
  });
});
