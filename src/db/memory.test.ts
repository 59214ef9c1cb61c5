import { afterEach, describe, expect, it } from "vitest";
import { createDb, type Database } from "./client.ts";

let open: Database[] = [];
afterEach(async () => { await Promise.all(open.map((d) => d.close())); open = []; });

async function storeOneUtterance(database: Database) {
  const p = database.pglite!;
  await p.exec(`INSERT INTO workspaces (id, name, domains, timezone, holidays) VALUES ('ws', 'W', '{}', 'UTC', '{}');
    INSERT INTO organisations (id, workspace_id, name, side, domains) VALUES ('org', 'ws', 'Buyer', 'buyer', '{}');
    INSERT INTO deals (id, workspace_id, slug, name, buyer_org_id, motion, stage, timezone) VALUES ('deal', 'ws', 'd', 'D', 'org', 'co-sell', 'discovery', 'UTC');
    INSERT INTO conversations (id, deal_id, kind, title, started_at, duration_ms, source_format, content_hash) VALUES ('conv', 'deal', 'call', 'T', now(), 1000, 'vtt', 'h');
    INSERT INTO utterances (conversation_id, seq, speaker_label, start_ms, end_ms, line, text) VALUES ('conv', 0, 'A', 0, 1000, 1, 'We will send the security questionnaires');`);
  return (await p.query<{ tsv: string | null }>("SELECT tsv::text AS tsv FROM utterances")).rows[0].tsv;
}

describe("in-memory database (baton analyze)", () => {
  it("keeps the utterances' stemmed tsvector when a question will search it", async () => {
    const d = await createDb({ memory: true, searchIndex: true });
    open.push(d);
    expect(await storeOneUtterance(d)).toContain("'questionnair'");
    expect((await d.pglite!.query<{ n: number }>("SELECT count(*)::int AS n FROM conversation_terms")).rows[0].n).toBe(1);
  });
  it("computes no tsvector and keeps no full-text index when nothing will search", async () => {
    const d = await createDb({ memory: true, searchIndex: false });
    open.push(d);
    expect(await storeOneUtterance(d)).toBeNull();
    const idx = await d.pglite!.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE indexname IN ('utterances_tsv', 'items_words')");
    expect(idx.rows).toEqual([]);
    expect((await d.pglite!.query("SELECT 1 FROM conversation_terms")).rows).toEqual([]);
  });
});
