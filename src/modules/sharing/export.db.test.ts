// Exports per audience on a real database: planted internal markers appear in our export and never in the
// partner's or the buyer's, in every format; partner users are held to the partner audience; HTML is
// self-contained and escaped; every export is audited.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openSharedDealApp, type SharedDealApp } from "../../../test/fixtures/sharing/app.ts";
import { ALL_MARKERS } from "../../../test/fixtures/sharing/shared-deal.ts";
import { listUtterances } from "../conversations/index.ts";
import { buildSharedRecord } from "./index.ts";

let database: Database;
let deps: SharedDealApp["deps"];
let s: SharedDealApp["s"];
let call: SharedDealApp["call"];
const SCRIPT = `<script>alert("x")</script> & <b>bold</b>`;

beforeAll(async () => {
  ({ database, deps, s, call } = await openSharedDealApp("test-secret-key-for-sharing-0001"));
  // Markup in a (shared) utterance must come out as text.
  const last = (await listUtterances(deps, s.technicalId)).at(-1)!;
  await sql`INSERT INTO utterances (conversation_id, seq, speaker_label, side, start_ms, end_ms, text) VALUES (${s.technicalId}, ${last.seq + 1}, ${last.speakerLabel}, 'buyer', ${last.endMs + 1}, ${last.endMs + 2}, ${SCRIPT})`.execute(deps.db);
});
afterAll(async () => { await database?.close(); });

const FORMATS = ["md", "html", "json"] as const;
const exportAs = (token: string, format: string, audience?: string) =>
  call("GET", `/api/deals/${s.dealId}/export?format=${format}${audience ? `&audience=${audience}` : ""}`, { token });

describe("exports per audience", () => {
  it("our export carries every planted internal marker, labelled internal (so the other checks can fail)", async () => {
    for (const format of FORMATS) {
      const r = await exportAs(s.users.admin.token, format, "ours");
      expect(r.status).toBe(200);
      for (const m of ALL_MARKERS) expect(r.text, `${format} ${m}`).toContain(m);
    }
    expect((await exportAs(s.users.admin.token, "md", "ours")).text).toContain("**[Internal]**");
  });

  it("the partner's and the buyer's exports never carry internal content, in any format", async () => {
    for (const audience of ["partner", "buyer"]) {
      for (const format of FORMATS) {
        const r = await exportAs(s.users.admin.token, format, audience);
        expect(r.status).toBe(200);
        expect(r.headers.get("x-baton-audience")).toBe(audience);
        for (const m of ALL_MARKERS) expect(r.text, `${audience} ${format} ${m}`).not.toContain(m);
        expect(r.text).not.toMatch(/\[Internal\]|class="internal"/);
      }
    }
  });

  it("holds partner users to the partner audience whatever they ask for", async () => {
    for (const audience of ["ours", "buyer", undefined]) {
      const r = await exportAs(s.users.partner.token, "json", audience);
      expect(r.status).toBe(200);
      expect(r.body.audience).toBe("partner");
      for (const m of ALL_MARKERS) expect(r.text).not.toContain(m);
    }
  });

  it("the partner record keeps the shared conversation and items; the buyer record only agreed recaps and buyer commitments", async () => {
    const partner = await buildSharedRecord(deps, s.dealId, "partner");
    const ours = await buildSharedRecord(deps, s.dealId, "ours");
    expect(partner.conversations.map((c) => c.title)).toEqual(ours.conversations.map((c) => c.title));
    const discovery = (r: typeof ours) => r.conversations.find((c) => c.title === "Discovery")!.utterances.length;
    expect(discovery(partner)).toBe(discovery(ours) - 1);
    expect(partner.decisions.length).toBe(ours.decisions.length - 1);
    expect(partner.recaps).toHaveLength(1);
    // A recap line that is not internal but cites the internal utterance keeps the line, loses that quote.
    const cited = ours.recaps[0].lines.filter((l) => !l.internal && l.evidence.some((e) => e.internal));
    expect(cited.length).toBeGreaterThan(0);
    for (const l of cited) {
      const p = partner.recaps[0].lines.find((x) => x.text === l.text)!;
      expect(p.evidence.length).toBe(l.evidence.filter((e) => !e.internal).length);
    }
    const buyer = await buildSharedRecord(deps, s.dealId, "buyer");
    expect(buyer.conversations).toEqual([]);
    expect(buyer.decisions).toEqual([]);
    expect(buyer.stakeholders).toEqual([]);
    expect(buyer.deal.amount).toBeNull();
    expect(buyer.commitments.length).toBeGreaterThan(0);
    expect(buyer.commitments.every((c) => c.side === "buyer" && ["open", "overdue"].includes(c.status))).toBe(true);
    expect(buyer.recaps[0].lines.every((l) => !l.internal && l.evidence.length === 0)).toBe(true);
  });

  it("HTML is self-contained, escaped and printable", async () => {
    const r = await exportAs(s.users.admin.token, "html", "partner");
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="${s.dealSlug}-partner.html"`);
    expect(r.text).toMatch(/^<!doctype html>/);
    expect(r.text).toContain("<style>");
    expect(r.text).toContain("@media print");
    expect(r.text).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect(r.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    const md = await exportAs(s.users.admin.token, "md", "partner");
    expect(md.text).toContain("\\<script\\>");
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
  });

  it("validates the query and scopes partner users to their deals", async () => {
    expect((await exportAs(s.users.admin.token, "pdf")).status).toBe(400);
    expect((await exportAs(s.users.admin.token, "md", "everyone")).status).toBe(400);
    expect((await call("GET", "/api/deals/nope/export", { token: s.users.admin.token })).status).toBe(404);
  });

  it("audits every export with format and audience (asked and given)", async () => {
    const before = await deps.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).where("action", "=", "export").executeTakeFirstOrThrow();
    await exportAs(s.users.partner.token, "md", "ours");
    const rows = await deps.db.selectFrom("audit_log").selectAll().where("action", "=", "export").orderBy("id").execute();
    expect(rows.length).toBe(Number(before.n) + 1);
    expect(rows.at(-1)).toMatchObject({ actor_id: s.users.partner.id, actor_kind: "user", entity: "deal", deal_id: s.dealId, data: { format: "md", audience: "partner", asked: "ours" } });
  });
});
