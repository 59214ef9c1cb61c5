#!/usr/bin/env node
// Fits the learned turn ranking of Ask (src/modules/ask/retrieval.ts, TURN_FEATURES) on the QMSum TRAIN split only:
// a linear score over each candidate's features, fitted so that a turn inside a gold span comes first (listwise softmax loss).
// Prints the weights and train hit@1/hit@5; `--write` stores them in src/modules/ask/retrieval-weights.ts.
// The validation split is never read here: report it with `node scripts/eval-qmsum.mjs`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.env.BATON_SHARED ?? join(root, "..", "shared"));
const file = join(shared, "external", "qmsum", "qmsum-train-val.jsonl");
if (!existsSync(file)) { console.error(`train-qmsum: ${file} not found (set BATON_SHARED)`); process.exit(1); }
mkdirSync(join(root, ".eval"), { recursive: true });
const bundle = join(root, ".eval", "ask-retrieval-train.mjs");
await build({ entryPoints: [join(root, "src", "modules", "ask", "retrieval.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "error" });
const { turnCandidates, rankTurns, TURN_FEATURES } = await import(`${pathToFileURL(bundle).href}?t=${Date.now()}`);

const meetings = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
let cut = meetings.findIndex((m, i) => i > 0 && m.id < meetings[i - 1].id);
if (cut < 0) cut = meetings.length;
const train = meetings.slice(0, cut);

const queries = [];
for (const m of train) {
  const turns = m.utterances.map((u) => ({ i: u.i, speaker: u.speaker, text: u.text }));
  for (const q of m.queries) {
    if (q.type !== "specific" || !q.spans?.length) continue;
    const inSpan = (i) => q.spans.some(([a, b]) => i >= a && i <= b);
    const c = turnCandidates(turns, q.q);
    queries.push({ m, turns, q, inSpan, c, y: c ? c.ids.map((i) => (inSpan(i) ? 1 : 0)) : [] });
  }
}
const F = TURN_FEATURES.length;
const usable = queries.filter((x) => x.c && x.y.some((v) => v) && x.y.some((v) => !v));
console.log(`train: ${queries.length} specific queries, ${usable.length} with both in- and out-of-span candidates`);

// Listwise objective: per query, the softmax probability mass on its in-span candidates (push one of them to the top),
// with L2; full-batch Adam.
const epochs = Number(process.env.EPOCHS ?? 300), lr = Number(process.env.LR ?? 0.05);
function fit(set, l2) {
  const w = new Array(F).fill(0);
  w[1] = 1; // start from the plain score
  const m = new Array(F).fill(0), v = new Array(F).fill(0);
  for (let e = 0; e < epochs; e++) {
    const g = new Array(F).fill(0);
    let loss = 0;
    for (const { c, y } of set) {
      const s = c.features.map((x) => x.reduce((a, val, j) => a + val * w[j], 0));
      const mx = Math.max(...s);
      const ex = s.map((z) => Math.exp(z - mx));
      const Z = ex.reduce((a, b) => a + b, 0);
      const P = ex.reduce((a, b, k) => a + (y[k] ? b : 0), 0);
      loss -= Math.log(P / Z) / set.length;
      for (let k = 0; k < s.length; k++) {
        const coef = (ex[k] / Z - (y[k] ? ex[k] / P : 0)) / set.length;
        if (coef) for (let j = 0; j < F; j++) g[j] += coef * c.features[k][j];
      }
    }
    for (let j = 0; j < F; j++) {
      const gj = g[j] + l2 * w[j];
      m[j] = 0.9 * m[j] + 0.1 * gj; v[j] = 0.999 * v[j] + 0.001 * gj * gj;
      w[j] -= (lr * (m[j] / (1 - 0.9 ** (e + 1)))) / (Math.sqrt(v[j] / (1 - 0.999 ** (e + 1))) + 1e-8);
    }
    if (process.env.VERBOSE && (e % 50 === 0 || e === epochs - 1)) console.log(`epoch ${e}: loss ${loss.toFixed(4)}`);
  }
  return w.map((x) => Math.round(x * 1000) / 1000);
}

function hits(weights, set = queries) {
  let h1 = 0, h5 = 0;
  for (const { turns, q, inSpan } of set) {
    const r = rankTurns(turns, q.q, { weights });
    h1 += r.slice(0, 1).some(inSpan) ? 1 : 0; h5 += r.slice(0, 5).some(inSpan) ? 1 : 0;
  }
  return { h1: (100 * h1) / set.length, h5: (100 * h5) / set.length };
}
const fmt = (h) => `hit@1 ${h.h1.toFixed(1)} hit@5 ${h.h5.toFixed(1)}`;

// The regularisation is chosen by two-fold cross-validation over train meetings (still never the validation split).
const l2s = (process.env.L2 ?? "0.001,0.01,0.1").split(",").map(Number);
let l2 = l2s[0], cvNote = "";
if (l2s.length > 1) {
  const fold = (x) => train.indexOf(x.m) % 2;
  let best = -1;
  for (const cand of l2s) {
    const res = [0, 1].map((f) => {
      const w = fit(usable.filter((x) => fold(x) !== f), cand);
      return hits(w, queries.filter((x) => fold(x) === f));
    });
    const h = { h1: (res[0].h1 + res[1].h1) / 2, h5: (res[0].h5 + res[1].h5) / 2 };
    console.log(`l2 ${cand}: two-fold CV ${fmt(h)}`);
    if (h.h1 + h.h5 > best) { best = h.h1 + h.h5; l2 = cand; cvNote = `: ${fmt(h)}`; }
  }
  const plain = [0, 1].map((f) => hits(null, queries.filter((x) => fold(x) === f)));
  const p = { h1: (plain[0].h1 + plain[1].h1) / 2, h5: (plain[0].h5 + plain[1].h5) / 2 };
  console.log(`plain score, same folds: ${fmt(p)}`);
  cvNote += ` vs ${fmt(p)} for the plain score`;
}
const rounded = fit(usable, l2);
console.log(`l2 ${l2}; weights`, JSON.stringify(Object.fromEntries(TURN_FEATURES.map((f, j) => [f, rounded[j]]))));
console.log(`train, plain score: ${fmt(hits(null))}`);
console.log(`train, learned:     ${fmt(hits(rounded))}`);
if (process.argv.includes("--write")) {
  writeFileSync(join(root, "src", "modules", "ask", "retrieval-weights.ts"), `// Weights of the learned turn ranking, one per TURN_FEATURES entry in retrieval.ts (${TURN_FEATURES.join(", ")}).
// Fitted by scripts/train-qmsum.mjs on the QMSum train split only (listwise softmax loss; L2 ${l2} chosen by two-fold
// cross-validation over train meetings${cvNote}). null: rank by the plain concept-group score.
export const LEARNED_WEIGHTS: readonly number[] | null = [${rounded.join(", ")}];
`);
  console.log("wrote src/modules/ask/retrieval-weights.ts");
}
