// utterances' references to conversations and people are kept by statement-level triggers (migration
// 202611271510_utterance_refs.sql) instead of foreign keys: the same rules, checked once per statement.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../../test/db.ts";
import type { Database } from "./client.ts";

let database: Database;
const run = (q: ReturnType<typeof sql>) => q.execute(database.db);
const count = async (where: ReturnType<typeof sql>) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM utterances WHERE ${where}`.execute(database.db)).rows[0]!.n);
const code = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string; detail?: string }) => `${e.code} ${e.detail ?? ""}`.trim());

beforeAll(async () => {
  database = await openTestDb();
  await run(sql`INSERT INTO workspaces (id, name) VALUES ('ws', 'W')`);
  await run(sql`INSERT INTO organisations (id, workspace_id, name, side) VALUES ('org', 'ws', 'Buyer', 'buyer')`);
  await run(sql`INSERT INTO people (id, workspace_id, org_id, name) VALUES ('per_a', 'ws', 'org', 'Ada'), ('per_b', 'ws', 'org', 'Ben')`);
  await run(sql`INSERT INTO deals (id, workspace_id, slug, name, buyer_org_id, motion, stage, timezone) VALUES ('deal', 'ws', 'd', 'D', 'org', 'co-sell', 'discovery', 'UTC')`);
  for (const id of ["c1", "c2"]) {
    await run(sql`INSERT INTO conversations (id, deal_id, kind, title, started_at, duration_ms, source_format, content_hash) VALUES (${id}, 'deal', 'call', 'T', now(), 1000, 'vtt', ${id})`);
  }
  await run(sql`INSERT INTO utterances (conversation_id, seq, person_id, start_ms, end_ms, text)
    SELECT c, s, CASE WHEN s % 2 = 0 THEN 'per_a' ELSE 'per_b' END, s * 1000, s * 1000 + 900, 'we will send the plan'
    FROM unnest(ARRAY['c1', 'c2']) c CROSS JOIN generate_series(0, 9) s`);
});
afterAll(async () => { await database?.close(); });

describe("utterance references (statement-level triggers)", () => {
  it("refuses utterances of a conversation or person that does not exist, and stores nothing of the statement", async () => {
    expect(await code(run(sql`INSERT INTO utterances (conversation_id, seq, start_ms, end_ms, text) VALUES ('c1', 100, 0, 1, 'ok'), ('nope', 0, 0, 1, 'x')`)))
      .toBe(`23503 Key (conversation_id)=(nope) is not present in table "conversations".`);
    expect(await code(run(sql`INSERT INTO utterances (conversation_id, seq, person_id, start_ms, end_ms, text) VALUES ('c1', 101, 'per_ghost', 0, 1, 'x')`)))
      .toBe(`23503 Key (person_id)=(per_ghost) is not present in table "people".`);
    expect(await code(run(sql`UPDATE utterances SET person_id = 'per_ghost' WHERE conversation_id = 'c1' AND seq = 0`))).toMatch(/^23503 /);
    expect(await count(sql`seq >= 100 OR person_id = 'per_ghost'`)).toBe(0);
    expect(await code(run(sql`UPDATE utterances SET person_id = 'per_b' WHERE conversation_id = 'c1' AND seq = 0`))).toBe("ok");
  });

  it("deleting a person unlinks their utterances; deleting a conversation, or its deal, deletes its utterances", async () => {
    await run(sql`DELETE FROM people WHERE id = 'per_a'`);
    expect(await count(sql`person_id = 'per_a'`)).toBe(0);
    expect(await count(sql`person_id IS NULL`)).toBe(9); // c1 seq 0 was moved to per_b above
    expect(await count(sql`person_id = 'per_b'`)).toBe(11);
    await run(sql`DELETE FROM conversations WHERE id = 'c1'`);
    expect(await count(sql`conversation_id = 'c1'`)).toBe(0);
    expect(await count(sql`conversation_id = 'c2'`)).toBe(10);
    await run(sql`DELETE FROM deals WHERE id = 'deal'`); // cascades to conversations, whose trigger takes the utterances
    expect(await count(sql`true`)).toBe(0);
  });
});
