import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { findPackageRoot } from "./paths.ts";

export interface Migration { name: string; sql: string }

/** Plain-SQL, forward-only migrations from src/db/migrations, applied in name order. */
export function loadMigrations(dir = join(findPackageRoot(), "src", "db", "migrations")): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

export function hashMigrations(migrations: Migration[]): string {
  const h = createHash("sha256");
  for (const m of migrations) h.update(m.name).update("\0").update(m.sql).update("\0");
  return h.digest("hex").slice(0, 16);
}

/** Applies pending migrations, each in its own transaction, under an advisory lock so two servers on one Postgres don't race. */
export async function runMigrations(pool: pg.Pool, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name));
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [m.name]);
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
    client.release();
  }
  return applied;
}
