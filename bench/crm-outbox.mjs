#!/usr/bin/env node
// CRM outbox on PostgreSQL: (1) the time enqueueCrmSync (the sync marker) adds to the transaction that changes a
// deal (median over 200 changes to a deal with calls, items and a ledger, interleaved with the same change
// without it; target ≤ 2 ms), (2) delivery throughput of 4 workers to a local signed-webhook receiver (2,000
// upserts over 200 deals; target ≥ 200 deliveries/s).
//   node bench/crm-outbox.mjs [--json]     (BENCH_DATABASE_URL or TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// A fresh database is created and dropped. Runs the TypeScript sources directly (Node ≥ 23.6 strips types).
import { createServer } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { sql } from "kysely";
import { createDb } from "../src/db/client.ts";
import { createDeal, CreateDealSchema } from "../src/modules/deals/index.ts";
import { importDealFolder, readDealFolder } from "../src/modules/ingest/index.ts";
import { createConnection, createOutboxWorker, enqueueCrmSync, expandPendingSyncs, resolveCrmAdapter, verifyWebhookSignature } from "../src/modules/crm/index.ts";
import { cliActor } from "../src/shared/deps.ts";
import { systemClock } from "../src/shared/clock.ts";
import { randomIds } from "../src/shared/ids.ts";

const asJson = process.argv.includes("--json");
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
process.env.BATON_SECRET_KEY ??= "bench-crm-outbox-secret-key-0123456789";
const DEALS = 200, CHANGES_PER_DEAL = 10, ENQUEUE_RUNS = 200, WORKERS = 4;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const log = (m) => { if (!asJson) process.stderr.write(`[crm-outbox] ${m}\n`); };

const dbName = `baton_bench_crm_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const u = new URL(adminUrl);
u.pathname = `/${dbName}`;
const database = await createDb({ url: u.toString(), poolSize: 10 });

const secret = "whsec_bench_0123456789abcdef";
const seen = new Set();
let raw = 0;
const receiver = createServer(async (req, res) => {
  let body = "";
  for await (const c of req) body += c;
  if (req.method === "POST") {
    if (!verifyWebhookSignature(secret, req.headers["x-baton-signature"], body)) { res.writeHead(400).end(); return; }
    raw++;
    seen.add(req.headers["x-baton-idempotency-key"]);
  }
  res.writeHead(200, { "content-type": "application/json" }).end("{\"ok\":true}");
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;

try {
  const deps = { db: database.db, clock: systemClock, ids: randomIds };
  const { deal } = await importDealFolder(deps, cliActor, readDealFolder(join(import.meta.dirname, "..", "test", "fixtures", "deals", "tiny-deal")));
  await createConnection(deps, { kind: "webhook", name: "Bench receiver", side: "ours", baseUrl: url, signingSecret: secret });

  // (1) Added transaction time: the same deal change with and without the enqueue, interleaved, after a warm-up.
  // A third variant adds a bare SELECT 1: the cost of any one extra round trip on this machine, for reference.
  const change = async (i, extra) => {
    const t0 = performance.now();
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable("deals").set({ amount: 10_000 + i, updated_at: new Date() }).where("id", "=", deal.id).execute();
      if (extra === "outbox") await enqueueCrmSync({ db: trx, clock: systemClock }, { dealId: deal.id, reason: "bench" });
      if (extra === "select1") await sql`SELECT 1`.execute(trx);
    });
    return performance.now() - t0;
  };
  for (let i = 0; i < 20; i++) { await change(i, null); await change(100_000 + i, "outbox"); await change(i, "select1"); }
  const plain = [], withOutbox = [], withSelect = [];
  for (let i = 0; i < ENQUEUE_RUNS; i++) {
    plain.push(await change(200_000 + i, null)); withOutbox.push(await change(300_000 + i, "outbox")); withSelect.push(await change(400_000 + i, "select1"));
  }
  const added = median(withOutbox) - median(plain);
  const roundTrip = median(withSelect) - median(plain);
  log(`transaction: ${median(plain).toFixed(2)} ms plain, ${median(withOutbox).toFixed(2)} ms with enqueueCrmSync → +${added.toFixed(2)} ms (one bare round trip: +${roundTrip.toFixed(2)} ms)`);
  await deps.db.deleteFrom("crm_outbox").execute();

  // (2) Throughput: 2,000 changes over 200 deals, delivered by 4 workers.
  const ids = [];
  for (let d = 0; d < DEALS; d++) ids.push((await createDeal(deps, cliActor, CreateDealSchema.parse({ name: `Bench deal ${d}`, stage: "discovery" }))).id);
  // Each round's markers are expanded before the next round, so every change becomes its own upsert row.
  for (let c = 0; c < CHANGES_PER_DEAL; c++) {
    await Promise.all(ids.map((id, d) => deps.db.transaction().execute(async (trx) => {
      await trx.updateTable("deals").set({ amount: c * 1000 + d }).where("id", "=", id).execute();
      await enqueueCrmSync({ db: trx, clock: systemClock }, { dealId: id, reason: "bench" });
    })));
    await expandPendingSyncs(deps);
  }
  await deps.db.deleteFrom("crm_outbox").where("op", "=", "sync-deal").execute();
  const total = Number((await sql`SELECT count(*)::int AS n FROM crm_outbox`.execute(deps.db)).rows[0].n);
  log(`enqueued ${total} changes; delivering with ${WORKERS} workers`);
  const worker = createOutboxWorker({ deps, adapterFor: resolveCrmAdapter, workerId: "bench", workers: WORKERS, batch: 16, pollMs: 20 });
  const t0 = performance.now();
  worker.start();
  for (;;) {
    const r = await sql`SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM crm_outbox`.execute(deps.db);
    if (r.rows[0].done + r.rows[0].dead >= total) { if (r.rows[0].dead) throw new Error(`${r.rows[0].dead} rows dead`); break; }
    await new Promise((w) => setTimeout(w, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  const perSecond = total / seconds;
  log(`delivered ${total} in ${seconds.toFixed(2)} s → ${perSecond.toFixed(0)} deliveries/s (receiver: ${raw} requests, ${seen.size} distinct keys)`);
  const out = {
    enqueueAddedMs: Math.round(added * 100) / 100, roundTripMs: Math.round(roundTrip * 100) / 100, txPlainMs: Math.round(median(plain) * 100) / 100, txWithOutboxMs: Math.round(median(withOutbox) * 100) / 100,
    deliveriesPerSecond: Math.round(perSecond), deliveries: total, distinctKeys: seen.size, rawRequests: raw, workers: WORKERS,
  };
  if (asJson) console.log(JSON.stringify(out));
  else console.log(`enqueueCrmSync adds ${out.enqueueAddedMs} ms per transaction (target ≤ 2); ${out.deliveriesPerSecond} deliveries/s with ${WORKERS} workers (target ≥ 200)`);
} finally {
  receiver.close();
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
}
