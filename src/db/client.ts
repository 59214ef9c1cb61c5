// createDb(config): PGlite (embedded, default) or PostgreSQL, one Kysely over one pg.Pool either way.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./lock.ts";
import { hashMigrations, loadMigrations, runMigrations } from "./migrate.ts";
import { findPackageRoot } from "./paths.ts";
import type { DB } from "./schema.ts";

// Dates as 'YYYY-MM-DD' strings, numerics as strings: no timezone shifts on calendar dates.
pg.types.setTypeParser(1082, (v: string) => v);
const parseTextArray = pg.types.getTypeParser(1009 as never) as (v: string) => string[];
pg.types.setTypeParser(1182 as never, (v: string) => parseTextArray(v));

export type DbKind = "pglite" | "postgres";
export interface Database {
  kind: DbKind;
  db: Kysely<DB>;
  pool: pg.Pool;
  /** Only for PGlite: the underlying instance (dump, raw queries in tests). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export type DbConfig =
  | { url: string; poolSize?: number; migrate?: boolean }
  | { dataDir: string; migrate?: boolean }
  | { memory: true };

const EXTENSIONS = { pg_trgm };

function wrap(kind: DbKind, pool: pg.Pool, extra: { pglite?: PGlite; lock?: DataDirLock } = {}): Database {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind, db, pool, pglite: extra.pglite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (extra.pglite) await extra.pglite.close();
      extra.lock?.release();
    },
  };
}

export async function createDb(config: DbConfig): Promise<Database> {
  if ("url" in config) {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    pool.on("error", () => { /* idle client errors are retried by the pool */ });
    if (config.migrate !== false) await runMigrations(pool);
    return wrap("postgres", pool);
  }
  if ("memory" in config) {
    // In memory nothing outlives the process, so durability buys nothing.
    const pglite = await PGlite.create({ extensions: EXTENSIONS, loadDataDir: await loadEmptySnapshot(), relaxedDurability: true });
    const pool = new pg.Pool(createPgConfig(pglite));
    await runMigrations(pool); // no-op when the snapshot is current
    return wrap("pglite", pool, { pglite });
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const pgdata = join(config.dataDir, "pgdata");
    const fresh = !existsSync(join(pgdata, "PG_VERSION"));
    const pglite = await PGlite.create({
      dataDir: pgdata, extensions: EXTENSIONS,
      ...(fresh ? { loadDataDir: await loadEmptySnapshot() } : {}),
    });
    const pool = new pg.Pool(createPgConfig(pglite));
    if (config.migrate !== false) await runMigrations(pool);
    return wrap("pglite", pool, { pglite, lock });
  } catch (e) {
    lock.release();
    throw e;
  }
}

/**
 * A dump of an empty, fully migrated PGlite database, keyed by the migrations' hash.
 * Loading it skips initdb and the migrations: `baton analyze` and each test file start in a fraction of the time.
 */
export async function loadEmptySnapshot(): Promise<Blob> {
  const migrations = loadMigrations();
  const dir = join(findPackageRoot(), "node_modules", ".cache", "baton");
  const file = join(dir, `empty-${hashMigrations(migrations)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pglite = await PGlite.create({ extensions: EXTENSIONS });
  const pool = new pg.Pool(createPgConfig(pglite));
  await runMigrations(pool, migrations);
  await pool.end();
  // Uncompressed: loading it is ~20% faster than gzip, and it lives in node_modules/.cache, not in git.
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const bytes = Buffer.from(await dump.arrayBuffer());
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch { /* read-only install: rebuild next time */ }
  return new Blob([bytes]);
}
