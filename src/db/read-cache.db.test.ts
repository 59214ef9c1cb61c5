import { afterAll, describe, expect, it } from "vitest";
import { openTestDb } from "../../test/db.ts";

// On PGlite, plain reads are remembered until the next write (src/db/client.ts); on PostgreSQL nothing is cached.
// Either way a reader must always see the committed state and may change the rows it gets.
const database = await openTestDb();
afterAll(() => database.close());
const { db } = database;

const nameOf = async (id: string) => (await db.selectFrom("workspaces").select("name").where("id", "=", id).executeTakeFirst())?.name;

describe("reads through the embedded database's cache", () => {
  it("see every committed write and none that was rolled back", async () => {
    await db.insertInto("workspaces").values({ id: "ws_rc1", name: "A", domains: [], holidays: [] }).execute();
    expect(await nameOf("ws_rc1")).toBe("A");
    expect(await nameOf("ws_rc1")).toBe("A");
    const err = await db.transaction().execute(async (trx) => {
      await trx.updateTable("workspaces").set({ name: "B" }).where("id", "=", "ws_rc1").execute();
      expect((await trx.selectFrom("workspaces").select("name").where("id", "=", "ws_rc1").executeTakeFirst())?.name).toBe("B");
      throw new Error("roll back");
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("roll back");
    expect(await nameOf("ws_rc1")).toBe("A");
    await db.updateTable("workspaces").set({ name: "C" }).where("id", "=", "ws_rc1").execute();
    expect(await nameOf("ws_rc1")).toBe("C");
    await db.transaction().execute((trx) => trx.updateTable("workspaces").set({ name: "D" }).where("id", "=", "ws_rc1").execute());
    expect(await nameOf("ws_rc1")).toBe("D");
  });

  it("hand each caller its own rows", async () => {
    await db.insertInto("workspaces").values({ id: "ws_rc2", name: "Own rows", domains: ["a.example"], holidays: [] }).execute();
    const read = () => db.selectFrom("workspaces").selectAll().where("id", "=", "ws_rc2").executeTakeFirstOrThrow();
    const first = await read();
    first.name = "changed";
    first.domains.push("b.example");
    const second = await read();
    second.domains.push("c.example");
    const third = await read();
    expect(third.name).toBe("Own rows");
    expect(third.domains).toEqual(["a.example"]);
  });

  it("keep remembered reads across an audit-log insert, yet always read the audit log itself fresh", async () => {
    await db.insertInto("workspaces").values({ id: "ws_rc3", name: "Before", domains: [], holidays: [] }).execute();
    expect(await nameOf("ws_rc3")).toBe("Before");
    const audits = async () => Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll().as("n")).where("entity_id", "=", "ws_rc3").executeTakeFirstOrThrow()).n);
    expect(await audits()).toBe(0);
    await db.insertInto("audit_log").values({ workspace_id: "ws_rc3", actor_id: "u1", actor_kind: "user", action: "view", entity: "workspace", entity_id: "ws_rc3" }).execute();
    expect(await audits()).toBe(1);
    // Any other write still forgets everything.
    await db.updateTable("workspaces").set({ name: "After" }).where("id", "=", "ws_rc3").execute();
    expect(await nameOf("ws_rc3")).toBe("After");
  });

  it("keep remembered reads across a write that touched no rows, and forget them on one that did", async () => {
    await db.insertInto("workspaces").values({ id: "ws_rc4", name: "Kept", domains: [], holidays: [] }).execute();
    expect(await nameOf("ws_rc4")).toBe("Kept");
    const ws = (await db.selectFrom("workspaces").select("id").where("id", "=", "ws_rc4").executeTakeFirstOrThrow()).id;
    // An idle worker poll: claims nothing.
    const claimed = await db.updateTable("workspaces").set({ name: "Never" }).where("id", "=", "ws_none").returningAll().execute();
    expect(claimed).toEqual([]);
    if (database.pglite) {
      // Only observable on the embedded database: a change made behind the cache's back stays unseen until a real write.
      await database.pglite.query("UPDATE workspaces SET name = 'Behind' WHERE id = $1", [ws]);
      expect(await nameOf("ws_rc4")).toBe("Kept");
    }
    await db.updateTable("workspaces").set({ name: "Changed" }).where("id", "=", "ws_rc4").execute();
    expect(await nameOf("ws_rc4")).toBe("Changed");
    await expect(db.insertInto("workspaces").values({ id: "ws_rc4", name: "Dup", domains: [], holidays: [] }).execute()).rejects.toThrow();
    expect(await nameOf("ws_rc4")).toBe("Changed");
  });
});
