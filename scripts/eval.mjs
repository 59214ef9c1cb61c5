#!/usr/bin/env node
// npm run eval: runs `baton analyze` on every deal of ../shared/corpus/dev, scores the outputs with the
// corpus scorer, prints the table, writes .eval/score.json, and fails when a score drops below eval-floors.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.env.BATON_SHARED ?? join(root, "..", "shared"));
const corpus = join(shared, "corpus", "dev");
if (!existsSync(corpus)) {
  console.error(`eval: ${corpus} not found (set BATON_SHARED); nothing to evaluate`);
  process.exit(process.env.CI ? 1 : 0);
}
const out = join(root, ".eval", "dev");
mkdirSync(out, { recursive: true });
const deals = readdirSync(corpus).filter((d) => existsSync(join(corpus, d, "deal.json"))).sort();
const t0 = Date.now();
for (const [i, deal] of deals.entries()) {
  const gold = JSON.parse(readFileSync(join(corpus, deal, "gold.json"), "utf8"));
  const asks = (gold.questions ?? []).flatMap((q) => ["--ask", q.q]);
  const r = spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "analyze", join(corpus, deal), "--json", ...asks], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.error(`[${i + 1}/${deals.length}] ${deal}: analyze failed\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(join(out, `${deal}.json`), r.stdout);
  console.error(`[${i + 1}/${deals.length}] ${deal}`);
}
const wall = Date.now() - t0;
const scoreJson = join(root, ".eval", "score.json");
const s = spawnSync(process.execPath, [join(shared, "corpus", "score.mjs"), "--gold", corpus, "--out", out, "--json", scoreJson], { encoding: "utf8" });
process.stdout.write(s.stdout);
if (s.status !== 0) { process.stderr.write(s.stderr); process.exit(1); }
console.log(`analyze over ${deals.length} deals: ${wall} ms`);

// Floors: "category.metric" or "category.fields.name" → minimum. Raise them as Baton improves; never lower them to pass.
const summary = JSON.parse(readFileSync(scoreJson, "utf8")).summary;
const floors = JSON.parse(readFileSync(join(root, "eval-floors.json"), "utf8"));
const failures = [];
// Field names may hold dots themselves ("brief.fields.buyer_contact.name"): match the longest key first.
function lookup(o, parts) {
  if (!parts.length) return o;
  for (let n = parts.length; n > 0; n--) {
    const k = parts.slice(0, n).join(".");
    if (o != null && typeof o === "object" && k in o) return lookup(o[k], parts.slice(n));
  }
  return undefined;
}
for (const [key, min] of Object.entries(floors)) {
  if (key.startsWith("_") || key.startsWith("qmsum.")) continue; // checked by scripts/eval-qmsum.mjs below
  const v = lookup(summary, key.split("."));
  if (typeof v !== "number" || v + 1e-9 < min) failures.push(`${key} = ${typeof v === "number" ? v.toFixed(3) : v} < floor ${min}`);
}
// Ask on real meetings (QMSum validation): Baton's margin over plain BM25 must stay above its `qmsum.*` floors.
const qmsum = spawnSync(process.execPath, [join(root, "scripts", "eval-qmsum.mjs")], { encoding: "utf8" });
process.stdout.write(qmsum.stdout);
if (qmsum.status !== 0) failures.push(`QMSum: ${qmsum.stderr.trim() || `eval-qmsum exited ${qmsum.status}`}`);
writeFileSync(join(root, ".eval", "result.json"), JSON.stringify({ summary, wallMs: wall, failures }, null, 2));
if (failures.length) {
  console.error(`eval: below the floor:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`eval: all ${Object.keys(floors).filter((k) => !k.startsWith("_")).length} floors met (QMSum margins included)`);
