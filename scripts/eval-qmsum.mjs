#!/usr/bin/env node
// QMSum retrieval check: on the validation split, rank each meeting's turns for every specific query with
// (a) plain BM25 over single turns and (b) Baton's retrieval (src/modules/ask/retrieval.ts, bundled on the fly),
// and report hit@1 / hit@5 (a cited turn inside a gold span). Writes .eval/qmsum.json. On the validation split it fails
// when Baton's margin over BM25 (same run) drops below a `qmsum.*` floor of eval-floors.json (scripts/eval.mjs runs it too).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.env.BATON_SHARED ?? join(root, "..", "shared"));
const file = join(shared, "external", "qmsum", "qmsum-train-val.jsonl");
if (!existsSync(file)) {
  console.error(`eval-qmsum: ${file} not found (set BATON_SHARED)`);
  process.exit(process.env.CI ? 1 : 0);
}
const split = process.argv.includes("--train") ? "train" : "validation";
mkdirSync(join(root, ".eval"), { recursive: true });
const bundle = join(root, ".eval", "ask-retrieval.mjs");
await build({ entryPoints: [join(root, "src", "modules", "ask", "retrieval.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "error" });
const { rankTurns, bm25 } = await import(`${pathToFileURL(bundle).href}?t=${Date.now()}`);

// The file holds train then validation, each sorted by id: validation starts where the order restarts.
const meetings = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
let cut = meetings.findIndex((m, i) => i > 0 && m.id < meetings[i - 1].id);
if (cut < 0) cut = meetings.length;
const chosen = split === "train" ? meetings.slice(0, cut) : meetings.slice(cut);

const t0 = Date.now();
const systems = { bm25: { h1: 0, h5: 0 }, baton: { h1: 0, h5: 0 } };
const byDomain = {};
let n = 0;
for (const m of chosen) {
  const turns = m.utterances.map((u) => ({ i: u.i, speaker: u.speaker, text: u.text }));
  const docs = turns.map((t) => ({ group: "m", seq: t.i, text: t.text.replace(/\{[a-z_]+\}/gi, " ") }));
  for (const q of m.queries) {
    if (q.type !== "specific" || !q.spans?.length) continue;
    const inSpan = (i) => q.spans.some(([a, b]) => i >= a && i <= b);
    const ranks = { bm25: bm25(docs, q.q).map((r) => r.doc.seq), baton: rankTurns(turns, q.q) };
    n++;
    const d = (byDomain[m.domain] ??= { n: 0, bm25: { h1: 0, h5: 0 }, baton: { h1: 0, h5: 0 } });
    d.n++;
    for (const [name, r] of Object.entries(ranks)) {
      const h1 = r.slice(0, 1).some(inSpan) ? 1 : 0, h5 = r.slice(0, 5).some(inSpan) ? 1 : 0;
      systems[name].h1 += h1; systems[name].h5 += h5; d[name].h1 += h1; d[name].h5 += h5;
    }
  }
}
const ms = Date.now() - t0;
const pct = (x, of) => (of ? (100 * x / of).toFixed(1) : "-");
console.log(`QMSum ${split}: ${chosen.length} meetings, ${n} specific queries, ${ms} ms`);
console.log(`${"system".padEnd(10)}${"hit@1".padStart(8)}${"hit@5".padStart(8)}`);
for (const [name, s] of Object.entries(systems)) console.log(`${name.padEnd(10)}${pct(s.h1, n).padStart(8)}${pct(s.h5, n).padStart(8)}`);
for (const [dom, d] of Object.entries(byDomain)) {
  console.log(`  ${dom.padEnd(24)} n=${String(d.n).padEnd(4)} bm25 ${pct(d.bm25.h1, d.n)}/${pct(d.bm25.h5, d.n)}  baton ${pct(d.baton.h1, d.n)}/${pct(d.baton.h5, d.n)}`);
}
const result = { split, meetings: chosen.length, queries: n, ms,
  bm25: { hit1: systems.bm25.h1 / n, hit5: systems.bm25.h5 / n }, baton: { hit1: systems.baton.h1 / n, hit5: systems.baton.h5 / n }, byDomain };
result.margin = { hit1: result.baton.hit1 - result.bm25.hit1, hit5: result.baton.hit5 - result.bm25.hit5 };
console.log(`margin over bm25: hit@1 ${(100 * result.margin.hit1).toFixed(1)}, hit@5 ${(100 * result.margin.hit5).toFixed(1)} points`);
writeFileSync(join(root, ".eval", "qmsum.json"), JSON.stringify(result, null, 2));

// Floors ("qmsum.margin_hit1" / "qmsum.margin_hit5": Baton minus BM25, as fractions), for the validation split only.
if (split === "validation") {
  const floors = JSON.parse(readFileSync(join(root, "eval-floors.json"), "utf8"));
  const failures = [];
  for (const [key, min] of Object.entries(floors)) {
    const m = /^qmsum\.margin_(hit1|hit5)$/.exec(key);
    if (m && result.margin[m[1]] + 1e-9 < min) failures.push(`${key} = ${result.margin[m[1]].toFixed(3)} < floor ${min}`);
  }
  if (failures.length) {
    console.error(`eval-qmsum: below the floor:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
}
