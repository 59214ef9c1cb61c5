#!/usr/bin/env node
// Trains the embedded action-item classifier (src/modules/extraction/action-item-model.ts) and writes its
// weights to src/modules/extraction/models/ami-action-items.json.
//
// Data: AMI Meeting Corpus manual annotations 1.6.2 (University of Edinburgh, the AMI Consortium), licence
// CC BY 4.0 -- Carletta et al., "The AMI Meeting Corpus: A Pre-announcement", MLMI 2005. Converted to JSON lines
// under ../shared/external/ami (see its README.md). Only the TRAIN split is read here; dev is never fitted on,
// and the decision threshold and hyper-parameters are picked on held-out folds of train (grouped by meeting
// series, so the four meetings of one team never straddle a fold).
//
// Model: logistic regression over sparse binary features (actionItemFeatures() in the model module, so training
// and inference share one featurizer), mini-batch SGD with L2, seeded shuffling, class-weighted loss.
//
//   node scripts/train-ami.mjs [--quick] [--max-features N]
//
// Deterministic: same data + same script => byte-identical JSON.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.env.BATON_SHARED ?? join(root, "..", "shared"));
const data = join(shared, "external", "ami", "ami-train-dev.jsonl");
const modelPath = join(root, "src", "modules", "extraction", "models", "ami-action-items.json");
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const QUICK = args.includes("--quick");
const MAX_FEATURES = Number(opt("--max-features", "10000"));
const SEED = 20051110;

const SOURCE = "AMI Meeting Corpus manual annotations 1.6.2 (University of Edinburgh, the AMI Consortium), CC BY 4.0; "
  + "Carletta et al., \"The AMI Meeting Corpus: A Pre-announcement\", MLMI 2005. Weights trained by scripts/train-ami.mjs "
  + "on the scenario-only train split (98 meetings) only; NXT XML converted to JSON lines, DA text rebuilt from the word layer.";

if (!existsSync(data)) {
  console.error(`train-ami: ${data} not found (set BATON_SHARED)`);
  process.exit(1);
}
// The model module imports the weights file statically; give it a neutral stub on a first run.
if (!existsSync(modelPath)) {
  mkdirSync(dirname(modelPath), { recursive: true });
  writeFileSync(modelPath, JSON.stringify({ _source: SOURCE, version: 0, threshold: 0.5, bias: 0, weights: {} }) + "\n");
}
const { actionItemFeatures } = await import(pathToFileURL(join(root, "src", "modules", "extraction", "action-item-model.ts")).href);

// ---- deterministic RNG ----
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle(arr, rnd) {
  for (let i = arr.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [arr[i], arr[j]] = [arr[j], arr[i]]; }
  return arr;
}

// ---- data ----
const meetings = readFileSync(data, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.split === "train");
const series = (id) => id.slice(0, -1);
/** One example per DA: features with and without the optional position/role context, label, meeting series. */
const examples = [];
for (const m of meetings) {
  const gold = new Set(m.actions.flatMap((a) => a.utterances));
  const us = m.utterances, n = us.length;
  for (let k = 0; k < n; k++) {
    const u = us[k];
    const ctx = { prev: k > 0 ? us[k - 1].text : undefined, next: k + 1 < n ? us[k + 1].text : undefined };
    const textOnly = actionItemFeatures(u.text, ctx);
    const full = actionItemFeatures(u.text, { ...ctx, position: n > 1 ? k / (n - 1) : 0, role: m.speakers[u.speaker]?.role });
    examples.push({ y: gold.has(u.i) ? 1 : 0, series: series(m.id), textOnly, extra: full.filter((f) => !textOnly.includes(f)) });
  }
}
const P = examples.filter((e) => e.y).length;
console.log(`train: ${meetings.length} meetings, ${examples.length} DAs, ${P} positive (${((100 * P) / examples.length).toFixed(2)}%)`);

// ---- training ----
/** Feature list for an example: text features always; position/role dropped with probability `drop`. */
function featuresOf(e, drop, rnd) {
  return drop >= 1 || (drop > 0 && rnd() < drop) ? e.textOnly : e.textOnly.concat(e.extra);
}

/**
 * Fits a logistic regression on `train` examples. Returns { vocab: Map<name, idx>, w: Float64Array, b }.
 * cfg: { l2, posWeight, epochs, lr, minCount, drop, batch }.
 */
function fit(train, cfg, seed) {
  const rnd = mulberry32(seed);
  // Vocabulary: features present in >= minCount training DAs (counted on the full feature set).
  const counts = new Map();
  for (const e of train) for (const f of e.textOnly.concat(e.extra)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts].filter(([, c]) => c >= cfg.minCount).map(([f]) => f).sort();
  const vocab = new Map(names.map((f, i) => [f, i]));
  const D = names.length;
  const w = new Float64Array(D);
  let b = Math.log(P / (examples.length - P));
  const g = new Float64Array(D);
  const touched = new Int32Array(D);
  const order = train.map((_, i) => i);
  const N = train.length;
  for (let ep = 0; ep < cfg.epochs; ep++) {
    shuffle(order, rnd);
    const lr = cfg.lr / (1 + ep * 0.3);
    for (let s = 0; s < N; s += cfg.batch) {
      const end = Math.min(N, s + cfg.batch);
      let nt = 0, gb = 0;
      for (let q = s; q < end; q++) {
        const e = train[order[q]];
        const feats = featuresOf(e, cfg.drop, rnd);
        const idx = [];
        let z = b;
        for (const f of feats) { const j = vocab.get(f); if (j !== undefined) { idx.push(j); z += w[j]; } }
        const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        const grad = (e.y ? cfg.posWeight : 1) * (p - e.y);
        gb += grad;
        for (const j of idx) { if (g[j] === 0) touched[nt++] = j; g[j] += grad; }
      }
      const scale = lr / (end - s);
      b -= scale * gb;
      // L2 on the whole weight vector, per batch, scaled to the batch's share of an epoch.
      const decay = 1 - lr * cfg.l2 * ((end - s) / N);
      if (decay !== 1) for (let j = 0; j < D; j++) w[j] *= decay;
      for (let t = 0; t < nt; t++) { const j = touched[t]; w[j] -= scale * g[j]; g[j] = 0; }
    }
  }
  return { vocab, w, b };
}

/** Keeps the MAX_FEATURES largest |weights| (as shipped), so held-out scores reflect the pruned model. */
function prune(model) {
  const kept = [...model.vocab].map(([f, j]) => [f, model.w[j]]).filter(([, v]) => Math.abs(v) >= 5e-4)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_FEATURES)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { vocab: new Map(kept.map(([f], i) => [f, i])), w: Float64Array.from(kept.map(([, v]) => v)), b: model.b, kept, size: model.vocab.size };
}

function predict(model, feats) {
  let z = model.b;
  for (const f of feats) { const j = model.vocab.get(f); if (j !== undefined) z += model.w[j]; }
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Best-F1 threshold over (score, label) pairs; ties broken towards the higher threshold. */
function bestThreshold(pairs) {
  const sorted = [...pairs].sort((a, b) => b[0] - a[0]);
  const pos = sorted.filter((p) => p[1]).length;
  let tp = 0, fp = 0, best = { f1: 0, t: 1, p: 0, r: 0 };
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i][1]) tp++; else fp++;
    if (i + 1 < sorted.length && sorted[i + 1][0] === sorted[i][0]) continue;
    const p = tp / (tp + fp), r = tp / pos, f1 = p + r ? (2 * p * r) / (p + r) : 0;
    if (f1 > best.f1) {
      const nextScore = i + 1 < sorted.length ? sorted[i + 1][0] : 0;
      best = { f1, t: (sorted[i][0] + nextScore) / 2, p, r };
    }
  }
  return best;
}
function prf(pairs, t) {
  let tp = 0, fp = 0, fn = 0;
  for (const [s, y] of pairs) { if (s >= t) { if (y) tp++; else fp++; } else if (y) fn++; }
  const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp, fp, fn };
}

// ---- held-out folds of train, grouped by meeting series ----
const K = 5;
const allSeries = shuffle([...new Set(examples.map((e) => e.series))].sort(), mulberry32(SEED));
const foldOf = new Map(allSeries.map((s, i) => [s, i % K]));

const base = { epochs: 12, lr: 0.5, minCount: 2, batch: 32, drop: 0.5 };
const grid = QUICK
  ? [{ l2: 1e-4, posWeight: 30 }]
  : [1e-4, 3e-3, 3e-2].flatMap((l2) => [3, 10, 30].map((posWeight) => ({ l2, posWeight })));

const t0 = Date.now();
let best = null;
for (const hp of grid) {
  const cfg = { ...base, ...hp };
  const oofFull = [], oofText = [];
  for (let k = 0; k < K; k++) {
    const tr = examples.filter((e) => foldOf.get(e.series) !== k);
    const te = examples.filter((e) => foldOf.get(e.series) === k);
    const m = prune(fit(tr, cfg, SEED + k));
    for (const e of te) {
      oofFull.push([predict(m, e.textOnly.concat(e.extra)), e.y]);
      oofText.push([predict(m, e.textOnly), e.y]);
    }
  }
  const bf = bestThreshold(oofFull), bt = bestThreshold(oofText);
  console.log(`l2 ${cfg.l2}  posWeight ${cfg.posWeight}:  held-out F1 full ${(100 * bf.f1).toFixed(2)} (t ${bf.t.toFixed(3)}, P ${(100 * bf.p).toFixed(1)} R ${(100 * bf.r).toFixed(1)})   text-only ${(100 * bt.f1).toFixed(2)} (t ${bt.t.toFixed(3)})   ${Date.now() - t0} ms`);
  if (!best || bf.f1 > best.full.f1) best = { cfg, full: bf, text: bt, oofText };
}

// ---- final fit on all of train with the chosen config; threshold from the held-out folds ----
const final = prune(fit(examples, best.cfg, SEED));
const ranked = final.kept;
const round = (x) => Math.round(x * 1e4) / 1e4;
const textOnlyAtFullT = prf(best.oofText, best.full.t);
const out = {
  _source: SOURCE,
  _note: "Generated by scripts/train-ami.mjs; do not edit. Features: see actionItemFeatures() in action-item-model.ts.",
  version: 1,
  threshold: round(best.full.t),
  textOnlyThreshold: round(best.text.t),
  bias: round(final.b),
  training: {
    split: "train", meetings: meetings.length, dialogueActs: examples.length, positives: P, seed: SEED,
    folds: K, foldGrouping: "meeting series", ...best.cfg, vocabulary: final.size, keptWeights: ranked.length,
    heldOut: {
      full: { f1: round(best.full.f1), precision: round(best.full.p), recall: round(best.full.r) },
      textOnly: { f1: round(best.text.f1), precision: round(best.text.p), recall: round(best.text.r), threshold: round(best.text.t) },
      textOnlyAtFullThreshold: { f1: round(textOnlyAtFullT.f1), precision: round(textOnlyAtFullT.p), recall: round(textOnlyAtFullT.r) },
    },
  },
  weights: Object.fromEntries(ranked.map(([f, v]) => [f, round(v)])),
};
const json = JSON.stringify(out, null, 1) + "\n";
writeFileSync(modelPath, json);
console.log(`chosen l2 ${best.cfg.l2} posWeight ${best.cfg.posWeight}: threshold ${out.threshold} (held-out F1 ${(100 * best.full.f1).toFixed(2)}), text-only threshold ${out.textOnlyThreshold} (F1 ${(100 * best.text.f1).toFixed(2)})`);
console.log(`wrote ${modelPath}: ${ranked.length} weights of ${final.size}, ${(json.length / 1024).toFixed(0)} KB, ${Date.now() - t0} ms`);
