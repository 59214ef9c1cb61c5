import { Kysely, PostgresDialect, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKind } from "../../test/db.ts";
import { ChangeCache, ChangeFeed, changeGeneration, changeTrackingPool, registerChangeFeed } from "./change-feed.ts";
import type { DB } from "./schema.ts";

// The counter caches go by (the deal page, token lookups): it must move after every write this process makes,
// and only once a transaction that wrote has ended, so a read that follows a write never gets an older answer.
const database = await openTestDb();
afterAll(() => database.close());

describe("the change counter", () => {
  it("moves after a write, at the end of a transaction that wrote, and not for reads, no-op writes or audit entries", async () => {
    // Over the raw pool, with a feed of its own: only this process's statements move it (no NOTIFY listener here).
    const feed = new ChangeFeed(true);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: changeTrackingPool(database.pool, feed) }) });
    registerChangeFeed(db, feed);
    const g = () => changeGeneration(db);
    let last = g();
    const moved = () => { const now = g(); const m = now !== last; last = now; return m; };

    await db.insertInto("workspaces").values({ id: "ws_cf1", name: "A", domains: [], holidays: [] }).execute();
    expect(moved()).toBe(true);
    await db.selectFrom("workspaces").selectAll().execute();
    expect(moved()).toBe(false);
    expect((await db.updateTable("workspaces").set({ name: "x" }).where("id", "=", "ws_none").execute())[0].numUpdatedRows).toBe(0n);
    expect(moved()).toBe(false);
    await db.insertInto("audit_log").values({ workspace_id: "ws_cf1", actor_id: "u1", actor_kind: "user", action: "view", entity: "deal" }).execute();
    expect(moved()).toBe(false);

    await db.transaction().execute(async (trx) => {
      expect(changeGeneration(trx)).toBeNull(); // nothing is cached inside a transaction
      await trx.updateTable("workspaces").set({ name: "B" }).where("id", "=", "ws_cf1").execute();
      expect(moved()).toBe(false); // not committed yet: others still read the old row
    });
    expect(moved()).toBe(true);
    await db.transaction().execute(async (trx) => { await trx.selectFrom("workspaces").selectAll().execute(); });
    expect(moved()).toBe(false);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("workspaces").set({ name: "C" }).where("id", "=", "ws_cf1").execute();
      throw new Error("roll back");
    }).catch(() => {});
    expect(moved()).toBe(true);
    await expect(db.insertInto("workspaces").values({ id: "ws_cf1", name: "dup", domains: [], holidays: [] }).execute()).rejects.toThrow();
    expect(moved()).toBe(true); // a failed write may have changed something before it failed
    await sql`DELETE FROM workspaces WHERE id = 'ws_cf1'`.execute(db);
    expect(moved()).toBe(true);
  });

  it("is what the database handles are built with", async () => {
    expect(changeGeneration(database.db)).toEqual(expect.any(Number));
    const before = changeGeneration(database.db);
    await database.db.insertInto("workspaces").values({ id: "ws_cf2", name: "A", domains: [], holidays: [] }).execute();
    expect(changeGeneration(database.db)).not.toBe(before);
  });
});

describe("ChangeCache", () => {
  it("keeps a value until the next change, per database, and never one read while a change happened", async () => {
    const feed = new ChangeFeed(true);
    const other = new ChangeFeed(true);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: changeTrackingPool(database.pool, feed) }) });
    const db2 = new Kysely<DB>({ dialect: new PostgresDialect({ pool: changeTrackingPool(database.pool, other) }) });
    registerChangeFeed(db, feed);
    registerChangeFeed(db2, other);
    const cache = new ChangeCache<string>(10);
    let loads = 0;
    const load = (v: string) => async () => { loads++; return v; };
    expect(await cache.get(db, "k", load("a"))).toBe("a");
    expect(await cache.get(db, "k", load("b"))).toBe("a");
    expect(await cache.get(db2, "k", load("other db"))).toBe("other db"); // same key, another database
    feed.bump();
    expect(await cache.get(db, "k", load("c"))).toBe("c");
    // A change while the value is being read: answered, but not kept.
    expect(await cache.get(db, "k2", async () => { feed.bump(); return "during"; })).toBe("during");
    expect(await cache.get(db, "k2", load("after"))).toBe("after");
    expect(await cache.get(db, "k2", load("again"))).toBe("after");
    // No counter (e.g. PostgreSQL with no NOTIFY listener): nothing is kept.
    feed.setLive(false);
    expect(await cache.get(db, "k2", load("live off 1"))).toBe("live off 1");
    expect(await cache.get(db, "k2", load("live off 2"))).toBe("live off 2");
    expect(loads).toBe(6);
  });
});

describe.runIf(testDbKind === "postgres")("on PostgreSQL", () => {
  it("moves when another connection commits a change to the record's tables (NOTIFY), and only after the commit", async () => {
    // Earlier tests' own writes are announced too: let those notifications arrive first.
    let before = changeGeneration(database.db);
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const now = changeGeneration(database.db);
      if (now === before) break;
      before = now;
    }
    expect(before).toEqual(expect.any(Number));
    const pg = await database.pool.connect(); // behind Kysely's back, like another process
    try {
      await pg.query("BEGIN");
      await pg.query("INSERT INTO workspaces (id, name, domains, holidays) VALUES ('ws_cf3', 'Elsewhere', '{}', '{}')");
      await new Promise((r) => setTimeout(r, 200));
      expect(changeGeneration(database.db)).toBe(before);
      await pg.query("COMMIT");
    } finally {
      pg.release();
    }
    let moved = false;
    for (let i = 0; i < 100 && !moved; i++) {
      await new Promise((r) => setTimeout(r, 20));
      moved = changeGeneration(database.db) !== before;
    }
    expect(moved).toBe(true);
  });
});
