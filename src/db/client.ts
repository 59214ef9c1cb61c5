// createDb(config): PGlite (embedded, default) or PostgreSQL, one Kysely over one pg.Pool either way.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { AUDIT_LOG_INSERT, ChangeFeed, changedRows, changeTrackingPool, classifyStatement, listenForChanges, registerChangeFeed } from "./change-feed.ts";
import { acquireDataDirLock, type DataDirLock } from "./lock.ts";
import { hashMigrations, loadMigrations, runMigrations } from "./migrate.ts";
import { findPackageRoot } from "./paths.ts";
import { AppError } from "../shared/errors.ts";
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
  | { memory: true; searchIndex?: boolean };

const EXTENSIONS = { pg_trgm };

function wrap(kind: DbKind, pool: pg.Pool, extra: { pglite?: PGlite; lock?: DataDirLock; feed?: ChangeFeed; listener?: { close(): Promise<void> } } = {}): Database {
  // The change counter caches of read results go by (src/db/change-feed.ts); on PGlite this process's writes are all there are.
  const feed = extra.feed ?? new ChangeFeed(true);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: kind === "pglite" ? readCachingPool(pool, feed) : changeTrackingPool(pool, feed) }) });
  registerChangeFeed(db, feed);
  let closed = false;
  return {
    kind, db, pool, pglite: extra.pglite,
    async close() {
      if (closed) return;
      closed = true;
      await extra.listener?.close();
      await db.destroy();
      if (extra.pglite) await extra.pglite.close();
      extra.lock?.release();
    },
  };
}

/**
 * Callers own the rows they get (and may change them): a copy per hit. A spread per row plus a deep copy of only the
 * columns that hold objects (dates, arrays, json) is several times cheaper than structuredClone of the whole result.
 */
interface CachedRows { rows: Array<Record<string, unknown>>; objectKeys: string[] }
function copyValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) return v.slice();
  return structuredClone(v);
}
function copyRows({ rows, objectKeys }: CachedRows): Array<Record<string, unknown>> {
  return rows.map((row) => {
    const copy = { ...row };
    for (const k of objectKeys) copy[k] = copyValue(copy[k]);
    return copy;
  });
}
function toCached(rows: Array<Record<string, unknown>>): CachedRows {
  const keys = new Set<string>();
  for (const row of rows) for (const k in row) if (row[k] !== null && typeof row[k] === "object") keys.add(k);
  const objectKeys = [...keys];
  return { rows: copyRows({ rows, objectKeys }), objectKeys };
}

/** The audit log is read by nobody on a hot path: a query of it never uses the cache. */
const AUDIT_LOG_READ = /\baudit_log\b/i;

/**
 * PGlite only: one process owns the data dir (lock file) and the pool has one connection, so every write goes
 * through here and a read's result stays valid until the next write. Remembers plain SELECT results outside
 * transactions and forgets all of them on any write. The PostgreSQL path never uses this (other processes write there).
 * A client handed to Kysely takes the real connection only when it has to run something: a remembered read doesn't
 * wait behind another request's query. Reads inside a transaction always run.
 */
function readCachingPool(pool: pg.Pool, feed: ChangeFeed, maxEntries = 500, maxRows = 5000): PostgresPool {
  type Result = { command: string; rowCount: number | null; rows: Array<Record<string, unknown>> };
  const cache = new Map<string, { command: string; rowCount: number | null; rows: CachedRows }>();
  return {
    options: pool.options,
    async connect() {
      let real: pg.PoolClient | null = null;
      let inTransaction = false;
      const run = async (text: string, params: readonly unknown[]) => {
        real ??= await pool.connect();
        return real.query(text, params as unknown[]);
      };
      const query = async (text: string, params: readonly unknown[]): Promise<Result> => {
        const kind = classifyStatement(text);
        // Append-only logs nobody reads on a hot path: writing one keeps the cache, reading one never uses it.
        if (kind === "write" && AUDIT_LOG_INSERT.test(text)) return run(text, params);
        if (kind === "read" && !inTransaction && !AUDIT_LOG_READ.test(text)) {
          const key = `${text}\u0000${JSON.stringify(params)}`;
          const hit = cache.get(key);
          if (hit) return { command: hit.command, rowCount: hit.rowCount, rows: copyRows(hit.rows) };
          const r = await run(text, params);
          if (r.rows.length <= maxRows) {
            if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
            cache.set(key, { command: r.command, rowCount: r.rowCount, rows: toCached(r.rows) });
          }
          return r;
        }
        if (kind === "write") {
          // Reads and writes take turns on the one connection, so forgetting after the write is enough: a read that
          // answers from memory meanwhile is ordered before it. A failed write forgets too (a multi-statement text
          // may have changed something before it failed); one that touched no rows changed nothing (changedRows).
          let r: Result;
          try {
            r = await run(text, params);
          } catch (e) {
            cache.clear();
            feed.bump();
            throw e;
          }
          if (changedRows(r)) {
            cache.clear();
            feed.bump();
          }
          return r;
        }
        try {
          return await run(text, params);
        } finally {
          if (kind === "begin") inTransaction = true;
          else if (kind === "end") inTransaction = false;
        }
      };
      return {
        query: ((textOrCursor: unknown, params?: readonly unknown[]) => {
          if (typeof textOrCursor === "string") return query(textOrCursor, params ?? []);
          throw new Error("streaming queries are not supported on the embedded database");
        }) as PostgresPoolClient["query"],
        release: (destroy?: boolean) => {
          const r = real;
          real = null;
          inTransaction = false;
          r?.release(destroy);
        },
      };
    },
    end: () => pool.end(),
  };
}

/** Errors that mean the server in DATABASE_URL cannot be used at all (not there, refuses us, no such database). */
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "28P01", "28000", "3D000"]);

/** A connection failure as an AppError naming DATABASE_URL (its password hidden); null for any other error. */
function unreachable(e: unknown, url: string): AppError | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string" || !CONNECT_ERRORS.has(code)) return null;
  let where = "the database";
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    where = u.toString();
  } catch { /* not a URL: pg read it as a connection string some other way */ }
  return new AppError("UPSTREAM_FAILED", `Cannot use the PostgreSQL database in DATABASE_URL (${where}): ${(e as Error).message}`, {
    details: [{ field: "DATABASE_URL", message: (e as Error).message }], cause: e,
  });
}

export async function createDb(config: DbConfig): Promise<Database> {
  if ("url" in config) {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    pool.on("error", () => { /* idle client errors are retried by the pool */ });
    try {
      if (config.migrate !== false) await runMigrations(pool);
      else (await pool.connect()).release();
    } catch (e) {
      await pool.end().catch(() => {});
      throw unreachable(e, config.url) ?? e;
    }
    const feed = new ChangeFeed(false);
    const listener = await listenForChanges(pool.options, feed);
    return wrap("postgres", pool, { feed, listener });
  }
  if ("memory" in config) {
    // In memory nothing outlives the process, so durability buys nothing. The slim snapshot has no pg_trgm (see
    // loadEmptySnapshot), so its library is not loaded; and 16 MB of shared buffers rather than 128 MB: zeroing
    // and linking those two were ~40% of starting the database, which `baton analyze` pays on every call.
    const pglite = await PGlite.create({
      loadDataDir: await loadEmptySnapshot({ slim: true }), relaxedDurability: true,
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
    });
    const pool = new pg.Pool(createPgConfig(pglite));
    await runMigrations(pool); // no-op when the snapshot is current
    // searchIndex false (one-shot `baton analyze` with no question): nothing will run a full-text search, so
    // neither the utterances' stored tsvector (computing to_tsvector was ~30% of the database time of storing
    // three 60-minute calls) nor the full-text GIN indexes over utterances and items, nor the per-conversation
    // word lists (conversation_terms), are kept up. Only Ask reads them (src/modules/ask/ask.repo.ts); the record
    // an export builds never does.
    if (config.searchIndex === false) {
      await pglite.exec(`DROP INDEX IF EXISTS utterances_tsv; DROP INDEX IF EXISTS items_words; ALTER TABLE utterances ALTER COLUMN tsv DROP EXPRESSION IF EXISTS;
        DROP TRIGGER IF EXISTS utterances_terms_insert ON utterances`);
    }
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
 * `slim` (in-memory databases only, nothing outlives them): without the template0/template1 databases, which
 * nothing here uses (no CREATE DATABASE), and with the unused zero tail of the WAL segment cut off: 19 MB instead
 * of 41 MB to read and unpack on every start.
 */
export async function loadEmptySnapshot(opts: { slim?: boolean } = {}): Promise<Blob> {
  const migrations = loadMigrations();
  const dir = join(findPackageRoot(), "node_modules", ".cache", "baton");
  const file = join(dir, `empty-${opts.slim ? "slim2-" : ""}${hashMigrations(migrations)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pglite = await PGlite.create({ extensions: EXTENSIONS });
  const pool = new pg.Pool(createPgConfig(pglite));
  await runMigrations(pool, migrations);
  await pool.end();
  if (opts.slim) {
    await pglite.exec("UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')");
    await pglite.exec("DROP DATABASE template0");
    await pglite.exec("DROP DATABASE template1");
    // pg_trgm only speeds up ILIKE searches of names (the people and deals lists); without it (and the indexes
    // using it) an in-memory database starts without loading the extension's library. Answers are the same.
    await pglite.exec("DROP INDEX people_name_trgm; DROP INDEX deals_name_trgm; DROP EXTENSION pg_trgm");
    await pglite.exec("CHECKPOINT");
  }
  // Uncompressed: loading it is ~20% faster than gzip, and it lives in node_modules/.cache, not in git.
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  let bytes = Buffer.from(await dump.arrayBuffer());
  if (opts.slim) bytes = Buffer.from(trimWalSegments(bytes));
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch { /* read-only install: rebuild next time */ }
  return new Blob([bytes]);
}

/**
 * Cuts the all-zero tail (whole 8 KiB pages) off each WAL segment in a tar. PostgreSQL reads WAL only up to the
 * end of what was written and extends the file when it writes on, so the tail is dead weight.
 */
export function trimWalSegments(tar: Buffer): Buffer {
  const out: Buffer[] = [];
  const field = (h: Buffer, from: number, len: number) => h.subarray(from, from + len).toString("latin1").replace(/\0[\s\S]*$/, "");
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = Buffer.from(tar.subarray(off, off + 512));
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const prefix = field(header, 345, 155);
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    let data = tar.subarray(off + 512, off + 512 + size);
    if (/(^|\/)pg_wal\/[0-9A-F]{24}$/.test(name)) {
      let end = data.length;
      while (end > 0 && data[end - 1] === 0) end--;
      data = data.subarray(0, Math.ceil(end / 8192) * 8192);
      header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124, 12, "latin1");
      header.fill(0x20, 148, 156);
      let sum = 0;
      for (const b of header) sum += b;
      header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "latin1");
    }
    out.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}
