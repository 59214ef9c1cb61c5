// Ask benchmarks: one deal with 20 one-hour calls (imported through the real pipeline, so the record has its items),
// and a workspace of 2,000 one-hour calls: four such deals imported for real, then copied in bulk with
// INSERT … SELECT (the utterances' tsvector is computed by the database as on a real import). Everything is
// deterministic (bench/generate.mjs seeds); the PGlite workspace is cached under node_modules/.cache.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { FORMATS, writeDealFolder } from "./generate.mjs";

export const CALLS_PER_DEAL = 20;
const calls = (n) => Array.from({ length: n }, (_, i) => ({ format: FORMATS[i % FORMATS.length], minutes: 60 }));

/** Writes and imports one deal folder with `n` one-hour calls; returns the deal id and the generated spec. */
export async function importBenchDeal(lib, deps, dir, id, n = CALLS_PER_DEAL) {
  const f = writeDealFolder(dir, id, calls(n));
  const r = await lib.importDealFolder(deps, lib.cliActor, lib.readDealFolder(f.dir));
  return { dealId: r.deal.id, spec: f.spec, cues: f.cues };
}

const TOPICS = ["the security questionnaire", "the reference architecture", "the SOC 2 report", "the pilot success criteria", "the data processing addendum",
  "the integration runbook", "the migration plan", "the pricing breakdown", "a revised quote", "a sample dashboard"];
const SYSTEMS = ["Snowflake", "the SAP instance", "Salesforce", "the data warehouse", "ServiceNow", "Okta", "the billing system"];

/**
 * Distinct questions of every kind Ask answers (commitments, objections, risks, stakeholders, first/last mention,
 * a named person's words, "dropped" and a not-found one). Each is asked once: identical SQL would be served from
 * the PGlite read cache and measure nothing.
 */
export function askQuestions(people) {
  const first = (side, k = 0) => people.filter((p) => p.side === side)[k]?.name.split(" ")[0] ?? "they";
  const qs = [];
  TOPICS.forEach((t, i) => {
    qs.push(`Who owns ${t}?`);
    qs.push(i % 2 ? `What did ${first("buyer", i % 3)} say about ${t.replace(/^(the|a) /, "")}?` : `When did the buyer first mention ${t.replace(/^(the|a) /, "")}?`);
  });
  for (const s of SYSTEMS) qs.push(`When was ${s} last mentioned?`);
  qs.push("What did we commit to on the calls?", "What is still open on the partner's side?", "Which objections came up about pricing?",
    "Which objections came up when the partner presented pricing?", "What risks could delay this deal?", "Which commitment fell between the teams?",
    "Who has to approve the budget?", "Who is our champion?", `What did ${first("partner")} commit to?`, "What concerns did the buyer raise about security?",
    "What did they decide about the zebra enclosure?", `What did ${first("ours")} promise about single sign-on?`, "Which risks are about the timeline?");
  return qs;
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/** Asks every question once (after `warmup` unrecorded ones); returns per-question times. */
export async function timeQuestions(ask, questions, warmup = []) {
  for (const q of warmup) await ask(q);
  const runs = [];
  for (const q of questions) {
    const t0 = performance.now();
    const a = await ask(q);
    runs.push({ q, ms: performance.now() - t0, confidence: a.confidence, evidence: a.evidence.length });
  }
  const ms = runs.map((r) => r.ms);
  return { runs, p95: pct(ms, 95), p50: pct(ms, 50), max: Math.max(...ms) };
}

// ── the 2,000-call workspace ─────────────────────────────────────────────────────────────────────────────────────
export const WORKSPACE = { baseDeals: 4, copies: 25 }; // 4 × 25 deals × 20 calls = 2,000 one-hour calls

/** Copies deal `dealId` (its people links, partners, conversations, utterances and items) as deal `newId`. */
async function copyDeal(sql, db, dealId, suffix) {
  const s = `_${suffix}`;
  await db.transaction().execute(async (trx) => {
    await sql`INSERT INTO deals (id, workspace_id, slug, name, buyer_org_id, motion, stage, amount, owner_id, backup_owner_id, partner_owner_id, timezone)
      SELECT id || ${s}, workspace_id, slug || ${s}, name || ' ' || ${suffix}, buyer_org_id, motion, stage, amount, owner_id, backup_owner_id, partner_owner_id, timezone
      FROM deals WHERE id = ${dealId}`.execute(trx);
    await sql`INSERT INTO deal_people (deal_id, person_id) SELECT deal_id || ${s}, person_id FROM deal_people WHERE deal_id = ${dealId}`.execute(trx);
    await sql`INSERT INTO deal_partners (deal_id, org_id) SELECT deal_id || ${s}, org_id FROM deal_partners WHERE deal_id = ${dealId}`.execute(trx);
    await sql`INSERT INTO conversations (id, deal_id, kind, role, title, source_file, source_format, started_at, duration_ms, content_hash, language, languages, email, utterance_count)
      SELECT id || ${s}, deal_id || ${s}, kind, role, title, source_file, source_format, started_at, duration_ms, content_hash, language, languages, email, utterance_count
      FROM conversations WHERE deal_id = ${dealId}`.execute(trx);
    await sql`INSERT INTO conversation_speakers (conversation_id, label, person_id, side, method, confidence, consent)
      SELECT cs.conversation_id || ${s}, cs.label, cs.person_id, cs.side, cs.method, cs.confidence, cs.consent
      FROM conversation_speakers cs JOIN conversations c ON c.id = cs.conversation_id WHERE c.deal_id = ${dealId}`.execute(trx);
    await sql`INSERT INTO utterances (conversation_id, seq, speaker_label, person_id, side, start_ms, end_ms, line, text, is_internal)
      SELECT u.conversation_id || ${s}, u.seq, u.speaker_label, u.person_id, u.side, u.start_ms, u.end_ms, u.line, u.text, u.is_internal
      FROM utterances u JOIN conversations c ON c.id = u.conversation_id WHERE c.deal_id = ${dealId}`.execute(trx);
    await sql`INSERT INTO items (id, deal_id, conversation_id, kind, local_id, fingerprint, data, utterance_seq, at_ms, speaker, quote, review, is_internal)
      SELECT id || ${s}, deal_id || ${s}, conversation_id || ${s}, kind, local_id, fingerprint, data, utterance_seq, at_ms, speaker, quote, review, is_internal
      FROM items WHERE deal_id = ${dealId}`.execute(trx);
  });
}

/** Fills an empty database with the 2,000-call workspace. Returns { deals, calls, utterances, people }. */
export async function buildWorkspace(lib, deps, sql, dir, log) {
  const base = [];
  for (let b = 0; b < WORKSPACE.baseDeals; b++) {
    const t0 = performance.now();
    base.push(await importBenchDeal(lib, deps, dir, `bench-ask-ws-${b + 1}`));
    log(`  imported base deal ${b + 1}/${WORKSPACE.baseDeals} (${CALLS_PER_DEAL} calls) in ${Math.round(performance.now() - t0)} ms`);
  }
  const t0 = performance.now();
  for (const d of base) for (let k = 1; k < WORKSPACE.copies; k++) await copyDeal(sql, deps.db, d.dealId, `c${k}`);
  log(`  copied ${base.length * (WORKSPACE.copies - 1)} deals in ${Math.round(performance.now() - t0)} ms`);
  // After a bulk load, as PostgreSQL's documentation advises: a workspace that grew over months has been vacuumed and
  // analyzed by autovacuum long ago. Measuring straight after the copy would time autovacuum racing the questions and
  // the first reads setting hint bits on a million fresh rows, not Ask.
  const t1 = performance.now();
  await sql`VACUUM ANALYZE`.execute(deps.db);
  log(`  vacuumed and analyzed in ${Math.round(performance.now() - t1)} ms`);
  return { people: base[0].spec.people, ...(await workspaceCounts(sql, deps.db)) };
}

export async function workspaceCounts(sql, db) {
  const r = await sql`SELECT (SELECT count(*) FROM deals) AS deals, (SELECT count(*) FROM conversations WHERE kind = 'call') AS calls,
    (SELECT coalesce(sum(utterance_count), 0) FROM conversations) AS utterances, (SELECT count(*) FROM items) AS items`.execute(db);
  const row = r.rows[0];
  return { deals: Number(row.deals), calls: Number(row.calls), utterances: Number(row.utterances), items: Number(row.items) };
}

/**
 * A key for the cached PGlite workspace: the generator and the workspace shape (bump WORKSPACE_DATA when buildWorkspace
 * changes what it writes). Migrations added later run when the cached data dir is opened.
 */
const WORKSPACE_DATA = "v1";
export function workspaceCacheKey(root) {
  const h = createHash("sha256").update(`${WORKSPACE_DATA} ${JSON.stringify(WORKSPACE)} ${CALLS_PER_DEAL}`);
  h.update(readFileSync(join(root, "bench", "generate.mjs")));
  return h.digest("hex").slice(0, 16);
}

/** The cached data dir for this key (older ones removed); `ready` when a finished build is there. */
export function cachedWorkspaceDir(root) {
  const cacheRoot = join(root, "node_modules", ".cache", "baton-bench");
  const key = workspaceCacheKey(root);
  if (existsSync(cacheRoot)) for (const d of readdirSync(cacheRoot)) if (d.startsWith("ask-workspace-") && d !== `ask-workspace-${key}`) rmSync(join(cacheRoot, d), { recursive: true, force: true });
  const dir = join(cacheRoot, `ask-workspace-${key}`);
  const marker = join(dir, "built.json");
  return {
    dir, ready: existsSync(marker), info: existsSync(marker) ? JSON.parse(readFileSync(marker, "utf8")) : null,
    markBuilt: (info) => writeFileSync(marker, JSON.stringify(info)),
    reset: () => rmSync(dir, { recursive: true, force: true }),
  };
}
