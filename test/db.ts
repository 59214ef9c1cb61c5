// Test databases: embedded PGlite from the migrated snapshot by default; with TEST_DATABASE_URL,
// a fresh PostgreSQL database per test file, created WITH TEMPLATE from one migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Database } from "../src/db/client.ts";
import { hashMigrations, loadMigrations, runMigrations } from "../src/db/migrate.ts";
import { fixedClock } from "../src/shared/clock.ts";
import { sequentialIds } from "../src/shared/ids.ts";
import type { Deps } from "../src/shared/deps.ts";

export const testDbKind = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureTemplate(admin: pg.Client, baseUrl: string): Promise<string> {
  const name = `baton_tpl_${hashMigrations(loadMigrations())}`;
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount) return name;
  const building = `${name}_${randomBytes(3).toString("hex")}`;
  await admin.query(`CREATE DATABASE "${building}"`);
  const pool = new pg.Pool({ connectionString: withDatabase(baseUrl, building), max: 1 });
  await runMigrations(pool);
  await pool.end();
  try {
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
  } catch {
    await admin.query(`DROP DATABASE IF EXISTS "${building}"`); // another file won the race
  }
  return name;
}

/** A fresh, migrated database for one test file. Close it in afterAll. */
export async function openTestDb(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return createDb({ memory: true });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const template = await ensureTemplate(admin, url);
    const name = `baton_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    for (let i = 0; ; i++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (e) {
        // "source database is being accessed by other users" while another file copies it.
        if (i > 20) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const db = await createDb({ url: withDatabase(url, name), poolSize: 5, migrate: false });
    const close = db.close;
    db.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {});
      await a.end();
    };
    return db;
  } finally {
    await admin.end();
  }
}

export function testDeps(database: Database, at = "2026-03-10T15:00:00Z"): Deps & { clock: ReturnType<typeof fixedClock> } {
  return { db: database.db, clock: fixedClock(at), ids: sequentialIds() };
}
