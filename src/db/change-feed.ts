// A change counter per database handle, for caches of read results that must never outlive a write they depend on.
//
// The counter moves after every write this process makes through Kysely (and after the COMMIT or ROLLBACK of a
// transaction that wrote), so a read that follows a write here never sees an older answer. On PostgreSQL, other
// processes (a second server, the CLI) write too: the record's tables NOTIFY `baton_changes` from statement
// triggers (migration 202611271400_change_notify.sql), which PostgreSQL delivers after the commit, and a listening
// connection moves the counter when one arrives. Until that connection listens (or after it drops) there is no
// counter: generation() is null and callers read from the database. On PGlite one process owns the data dir (lock
// file): its writes are all there is.
//
// (Behind a pooler in transaction mode, e.g. PgBouncer, LISTEN does not hold: connect the server to PostgreSQL
// directly or through session pooling, or other processes' writes reach these caches only with the next local write.)
//
// A cache entry is tagged with the counter as it was when its read STARTED and is used only while the counter
// still has that value; a read that overlapped any write is not kept.
import type { Kysely, PostgresPool, PostgresPoolClient } from "kysely";
import pg from "pg";

export const CHANGE_CHANNEL = "baton_changes";

export class ChangeFeed {
  #generation = 0;
  #live: boolean;
  constructor(live: boolean) { this.#live = live; }
  /** The current counter, or null while changes made elsewhere could go unnoticed (cache nothing then). */
  generation(): number | null { return this.#live ? this.#generation : null; }
  /** Something changed (or may have). */
  bump(): void { this.#generation++; }
  setLive(live: boolean): void { this.#generation++; this.#live = live; }
}

const feeds = new WeakMap<object, ChangeFeed>();
export function registerChangeFeed(db: Kysely<any>, feed: ChangeFeed): void { feeds.set(db, feed); }

/** The feed of this handle and its counter; null inside a transaction, for an unknown handle, or while it isn't reliable. */
function current(db: Kysely<any>): { feed: ChangeFeed; generation: number } | null {
  if (db.isTransaction) return null;
  const feed = feeds.get(db);
  const generation = feed?.generation() ?? null;
  return feed && generation !== null ? { feed, generation } : null;
}
export function changeGeneration(db: Kysely<any>): number | null {
  return current(db)?.generation ?? null;
}

/**
 * Remembers values by key (per database) until the next change to that database (see above). Values are shared
 * between callers: keep them immutable (strings, frozen objects) or copy them out.
 */
export class ChangeCache<V> {
  #byFeed = new WeakMap<ChangeFeed, { generation: number; entries: Map<string, V> }>();
  readonly maxEntries: number;
  constructor(maxEntries = 200) { this.maxEntries = maxEntries; }

  async get(db: Kysely<any>, key: string, load: () => Promise<V>, keep: (v: V) => boolean = () => true): Promise<V> {
    const at = current(db);
    if (!at) return load();
    let slot = this.#byFeed.get(at.feed);
    if (!slot || slot.generation !== at.generation) this.#byFeed.set(at.feed, (slot = { generation: at.generation, entries: new Map() }));
    const hit = slot.entries.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    // Kept only if nothing changed while it was read.
    if (at.feed.generation() === at.generation && this.#byFeed.get(at.feed) === slot && keep(value)) {
      if (slot.entries.size >= this.maxEntries) slot.entries.delete(slot.entries.keys().next().value!);
      slot.entries.set(key, value);
    }
    return value;
  }
}

export type Statement = "read" | "volatile" | "begin" | "end" | "write";
// Reads whose result depends on more than the stored rows (clock, randomness, sequences, locks, session state).
const VOLATILE = /\b(now|random|nextval|currval|setval|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|txid_\w+|pg_\w+|gen_random_uuid)\s*\(|\bcurrent_(date|time|timestamp|user|setting)\b|\blocaltime(stamp)?\b|\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;
/** What a SQL text does, for the caches of read results: this file's change counter and PGlite's read cache (client.ts). */
export function classifyStatement(text: string): Statement {
  const head = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "";
  if (head === "select") return /\bset_config\s*\(/i.test(text) ? "write" : VOLATILE.test(text) ? "volatile" : "read";
  if (head === "begin" || head === "start") return "begin";
  // Savepoints live inside a transaction: they neither start nor end one (their writes already counted).
  if (head === "savepoint" || head === "release" || /^\s*rollback\s+to\b/i.test(text)) return "volatile";
  if (head === "commit" || head === "rollback" || head === "end" || head === "abort") return "end";
  if (head === "show" || head === "explain") return "volatile";
  return "write"; // insert, update, delete, with, set, create, alter, truncate, copy, vacuum, …
}
/** The audit log is appended on every view and never read by a cached query: appending it is no change here. */
export const AUDIT_LOG_INSERT = /^\s*insert\s+into\s+"?audit_log"?[\s(]/i;
const UNCHANGED_WHEN_NO_ROWS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);
/**
 * Did a write that succeeded change anything? A DML statement that touched no rows did not: the job and CRM-outbox
 * workers' idle polls (an UPDATE … RETURNING claiming nothing, several times a second) must not empty the caches.
 */
export const changedRows = (r: { command: string; rowCount: number | null }) => !(r.rowCount === 0 && UNCHANGED_WHEN_NO_ROWS.has(r.command));
/** A SELECT that moves a sequence: the change counter counts it as a write. */
const SEQUENCE_WRITE = /\b(nextval|setval)\s*\(/i;

/**
 * PostgreSQL: the pool Kysely uses, moving `feed` after each write statement outside a transaction and after the
 * end of a transaction that wrote (whether it committed or not: a failed COMMIT may still have committed).
 */
export function changeTrackingPool(pool: pg.Pool, feed: ChangeFeed): PostgresPool {
  return {
    options: pool.options,
    async connect() {
      const real = await pool.connect();
      let inTransaction = false;
      let wrote = false;
      const query = async (text: string, params: readonly unknown[] | undefined) => {
        const classified = classifyStatement(text);
        const kind = classified === "volatile" && SEQUENCE_WRITE.test(text) ? "write" : classified;
        if (kind === "write" && AUDIT_LOG_INSERT.test(text)) return real.query(text, params as unknown[]);
        try {
          const r = await real.query(text, params as unknown[]);
          if (kind === "write" && changedRows(r)) {
            if (inTransaction) wrote = true;
            else feed.bump();
          }
          return r;
        } catch (e) {
          if (kind === "write" || kind === "end") {
            if (inTransaction) wrote = true;
            else feed.bump();
          }
          throw e;
        } finally {
          if (kind === "begin") { inTransaction = true; wrote = false; }
          else if (kind === "end") {
            if (wrote) feed.bump();
            inTransaction = false;
            wrote = false;
          }
        }
      };
      return {
        query: ((textOrCursor: unknown, params?: readonly unknown[]) => {
          if (typeof textOrCursor === "string") return query(textOrCursor, params);
          return real.query(textOrCursor as never); // a cursor (streaming read)
        }) as unknown as PostgresPoolClient["query"],
        release: (destroy?: boolean) => {
          if (inTransaction && wrote) feed.bump(); // released mid-transaction: the connection's fate is unknown
          inTransaction = false;
          wrote = false;
          real.release(destroy);
        },
      };
    },
    end: () => pool.end(),
  };
}

/**
 * PostgreSQL: one connection that LISTENs on CHANGE_CHANNEL and moves `feed` on each notification; the feed is
 * live only while it listens. Reconnects with backoff after an error. Resolves once the first attempt settled.
 */
export async function listenForChanges(config: pg.ClientConfig, feed: ChangeFeed): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let delay = 100;
  const drop = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    feed.setLive(false);
    c.end().catch(() => {});
    if (!closed) {
      timer = setTimeout(() => { timer = null; void connect(); }, delay);
      timer.unref();
      delay = Math.min(delay * 2, 5000);
    }
  };
  const connect = async () => {
    const c = new pg.Client(config);
    client = c;
    c.on("error", () => drop(c));
    c.on("end", () => drop(c));
    c.on("notification", (n) => { if (n.channel === CHANGE_CHANNEL) feed.bump(); });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      // Never what keeps a process alive (a CLI command that forgot to close its database still exits).
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      if (closed || client !== c) { await c.end().catch(() => {}); return; }
      delay = 100;
      feed.setLive(true);
    } catch {
      drop(c);
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      feed.setLive(false);
      await c?.end().catch(() => {});
    },
  };
}
