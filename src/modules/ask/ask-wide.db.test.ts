// Ask over a wide scope (many deals): bounded candidate sets must still find the answers a single deal gives.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDb, testDeps } from "../../../test/db.ts";
import type { Database } from "../../db/client.ts";
import { cliActor } from "../../shared/deps.ts";
import { importDealFolder, readDealFolder } from "../ingest/index.ts";
import { askDeal, askWorkspace } from "./index.ts";
import { inBatches, listFulfilmentsOf, listItemsWide, searchUtterancesWide } from "./ask.repo.ts";

const dir = fileURLToPath(new URL("../../../test/fixtures/ask/deal", import.meta.url));
let database: Database;
let deps: ReturnType<typeof testDeps>;
let dealId: string;
const copyId = "ask-wide-copy";

/** A second deal with the same conversations, a year later (so "first" and "last" mean something across deals). */
async function copyDeal(from: string, to: string, years = 1) {
  const s = `_${to}`;
  await sql`INSERT INTO deals (id, workspace_id, slug, name, buyer_org_id, motion, stage, amount, owner_id, backup_owner_id, partner_owner_id, timezone)
    SELECT ${to}, workspace_id, slug || ${s}, name || ${s}, buyer_org_id, motion, stage, amount, owner_id, backup_owner_id, partner_owner_id, timezone FROM deals WHERE id = ${from}`.execute(deps.db);
  await sql`INSERT INTO deal_people (deal_id, person_id) SELECT ${to}, person_id FROM deal_people WHERE deal_id = ${from}`.execute(deps.db);
  await sql`INSERT INTO conversations (id, deal_id, kind, role, title, source_file, source_format, started_at, duration_ms, content_hash, language, languages, email, utterance_count)
    SELECT id || ${s}, ${to}, kind, role, title, source_file, source_format, started_at + make_interval(years => ${years}), duration_ms, content_hash, language, languages, email, utterance_count
    FROM conversations WHERE deal_id = ${from}`.execute(deps.db);
  await sql`INSERT INTO utterances (conversation_id, seq, speaker_label, person_id, side, start_ms, end_ms, line, text, is_internal)
    SELECT u.conversation_id || ${s}, u.seq, u.speaker_label, u.person_id, u.side, u.start_ms, u.end_ms, u.line, u.text, u.is_internal
    FROM utterances u JOIN conversations c ON c.id = u.conversation_id WHERE c.deal_id = ${from}`.execute(deps.db);
  await sql`INSERT INTO items (id, deal_id, conversation_id, kind, local_id, fingerprint, data, utterance_seq, at_ms, speaker, quote, review, is_internal)
    SELECT id || ${s}, ${to}, conversation_id || ${s}, kind, local_id, fingerprint, data, utterance_seq, at_ms, speaker, quote, review, is_internal
    FROM items WHERE deal_id = ${from}`.execute(deps.db);
}

beforeAll(async () => {
  database = await openTestDb();
  deps = testDeps(database);
  dealId = (await importDealFolder(deps, cliActor, readDealFolder(dir))).deal.id;
  await copyDeal(dealId, copyId);
});
afterAll(async () => { await database.close(); });

const wide = { wideAbove: 0 };
const quotes = (a: { evidence: Array<{ quote: string }> }) => a.evidence.map((e) => e.quote);

describe("askWorkspace over a wide scope", () => {
  it("finds the first mention in the earlier deal and the last one in the later deal", async () => {
    const one = await askDeal(deps, { dealId, question: "When did the buyer first mention the integration requirement?" });
    const first = await askWorkspace(deps, { question: "When did the buyer first mention the integration requirement?", ...wide });
    expect(first.confidence).toBe("strong");
    expect(quotes(first)).toEqual(quotes(one));
    expect(first.evidence[0]!.conversationId.endsWith(copyId)).toBe(false);
    const last = await askWorkspace(deps, { question: "When was the historian last mentioned?", ...wide });
    expect(last.evidence[0]!.conversationId.endsWith(copyId)).toBe(true);
  });

  it("answers a named person's words and says not found as a single deal does", async () => {
    const a = await askWorkspace(deps, { question: "What did Petra say about the price?", ...wide });
    expect(a.evidence[0]).toMatchObject({ speaker: "Petra Novak", at: "00:00:33.000" });
    const none = await askWorkspace(deps, { question: "What did they decide about the zebra enclosure?", ...wide });
    expect(none.confidence).toBe("none");
  });

  it("lists the same commitments as the deal does, from both deals", async () => {
    const q = "What did we commit to on the calls?";
    const one = await askDeal(deps, { dealId, question: q });
    const all = await askWorkspace(deps, { question: q, ...wide, limit: 10 });
    expect(one.evidence.length).toBeGreaterThan(0);
    expect(new Set(quotes(all))).toEqual(new Set(quotes(one)));
    expect(new Set(all.evidence.map((e) => e.conversationId.endsWith(copyId))).size).toBe(2);
  });

  it("hides internal utterances from an audience in a wide scope too", async () => {
    await sql`UPDATE utterances SET is_internal = true WHERE text LIKE 'Whatever we buy%'`.execute(deps.db);
    try {
      const partner = await askWorkspace(deps, { question: "When did the buyer first mention the integration requirement?", audience: {}, ...wide });
      expect(partner.evidence.map((e) => e.quote).join(" ")).not.toContain("Wonderware");
    } finally {
      await sql`UPDATE utterances SET is_internal = false`.execute(deps.db);
    }
  });
});

describe("wide-scope reads", () => {
  const convIds = async () => (await deps.db.selectFrom("conversations").select("id").where("role", "is distinct from", "intro").orderBy("started_at").execute()).map((c) => c.id);

  it("searches every concept together first, and any term only when those are too few", async () => {
    const base = { dealIds: [dealId, copyId], excludeInternal: false, cap: 50 };
    const both = await searchUtterancesWide(deps, { ...base, tiers: [[["historian"], ["sync"]], [["historian", "sync"]]], want: 1 });
    expect(both.length).toBeGreaterThan(0);
    for (const u of both) expect(u.text).toMatch(/historian/i);
    for (const u of both) expect(u.text).toMatch(/sync/i);
    const wider = await searchUtterancesWide(deps, { ...base, tiers: [[["historian"], ["sync"]], [["historian", "sync"]]], want: 50 });
    expect(wider.length).toBeGreaterThan(both.length);
    expect(new Set(wider.map((u) => `${u.conversationId}#${u.seq}`)).size).toBe(wider.length);
    expect(await searchUtterancesWide(deps, { ...base, tiers: [[["historian"]]], want: 50, cap: 1 })).toHaveLength(1);
  });

  it("in time order, reads the conversations whose words hold every concept, oldest or newest first", async () => {
    const later = ["ask-wide-2", "ask-wide-3", "ask-wide-4", "ask-wide-5"];
    for (const [k, id] of later.entries()) await copyDeal(dealId, id, k + 2);
    const ordered = await convIds();
    expect(ordered).toHaveLength(6);
    // Four conversations at a time: the oldest four, or the newest four.
    const base = { dealIds: [dealId, copyId, ...later], excludeInternal: false, cap: 50, tiers: [[["historian"], ["sync"]]] };
    const first = await searchUtterancesWide(deps, { ...base, order: "asc", want: 1 });
    expect(new Set(first.map((u) => u.conversationId))).toEqual(new Set(ordered.slice(0, 4)));
    const last = await searchUtterancesWide(deps, { ...base, order: "desc", want: 1 });
    expect(new Set(last.map((u) => u.conversationId))).toEqual(new Set(ordered.slice(2)));
    const newer = ordered.at(-1);
    // The copied utterances' words were recorded by the insert trigger.
    const terms = await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversation_terms WHERE conversation_id = ${newer!} AND lexemes @@ to_tsquery('english', 'historian & wonderware')`.execute(deps.db);
    expect(terms.rows[0]!.n).toBe(1);
    expect(await searchUtterancesWide(deps, { ...base, tiers: [[["historian"], ["zebra"]]], order: "asc", want: 1 })).toEqual([]);
  });

  it("reads conversations batch by batch in the given order until enough", async () => {
    const seen: Array<string[] | null> = [];
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const rows = await inBatches(ids, 1000, async ({ conversationIds, room }) => { seen.push(conversationIds); return conversationIds ? conversationIds.slice(0, Math.min(2, room)) : ["rest"]; }, (xs) => xs.length >= 3);
    expect(seen.map((s) => s?.length ?? null)).toEqual([16, 112]);
    expect(seen[0]![0]).toBe("c0");
    expect(rows).toEqual(["c0", "c1", "c16", "c17"]);
    const all: Array<string[] | null> = [];
    await inBatches(ids, 1000, async ({ conversationIds, seen: before }) => { all.push(conversationIds); if (!conversationIds) expect(before).toHaveLength(128); return []; }, () => false);
    expect(all.at(-1)).toBeNull();
    // A list that is all there is: no query past it, unless more conversations may match.
    const ten = ids.slice(0, 10);
    for (const more of [false, true]) {
      const calls: Array<number | null> = [];
      await inBatches(ten, 1000, async ({ conversationIds }) => { calls.push(conversationIds?.length ?? null); return []; }, () => false, [4, 16, 64], more);
      expect(calls).toEqual(more ? [4, 6, null] : [4, 6]);
    }
  });

  it("filters items in SQL and finds a commitment's fulfilments within its deal", async () => {
    const cs = await listItemsWide(deps, { dealIds: [dealId, copyId], kinds: ["commitment"], excludeInternal: false, limit: 100 });
    expect(cs.length).toBeGreaterThan(0);
    expect(new Set(cs.map((c) => c.kind))).toEqual(new Set(["commitment"]));
    const words = await listItemsWide(deps, { dealIds: [dealId, copyId], kinds: ["commitment"], excludeInternal: false, limit: 100, words: [["zebra"]] });
    expect(words).toEqual([]);
    const one = await listItemsWide(deps, { dealIds: [copyId], kinds: ["commitment"], excludeInternal: false, limit: 1 });
    expect(one).toHaveLength(1);
    expect(one[0]!.conversationId.endsWith(copyId)).toBe(true);
    await sql`INSERT INTO items (id, deal_id, conversation_id, kind, local_id, fingerprint, data, utterance_seq, at_ms, quote)
      SELECT 'ful_wide', deal_id, conversation_id, 'fulfilment', 'f1', 'ful-wide', jsonb_build_object('commitmentRef', '01-discovery.vtt#' || local_id), utterance_seq, at_ms, quote
      FROM items WHERE id = ${one[0]!.id}`.execute(deps.db);
    try {
      const ref = `01-discovery.vtt#${one[0]!.localId}`;
      expect((await listFulfilmentsOf(deps, { refs: [{ dealId: copyId, ref }], excludeInternal: false })).map((f) => f.id)).toEqual(["ful_wide"]);
      expect(await listFulfilmentsOf(deps, { refs: [{ dealId, ref }], excludeInternal: false })).toEqual([]);
      const open = await listItemsWide(deps, { dealIds: [copyId], kinds: ["commitment"], excludeInternal: false, limit: 100, openOnly: true });
      expect(open.map((c) => c.id)).not.toContain(one[0]!.id);
    } finally {
      await deps.db.deleteFrom("items").where("id", "=", "ful_wide").execute();
    }
  });
});
