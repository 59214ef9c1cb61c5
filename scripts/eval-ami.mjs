#!/usr/bin/env node
// AMI action-item check: runs Baton's commitment detector over the AMI Meeting Corpus (CC BY 4.0, see
// ../shared/external/ami/README.md) and scores positive-class precision/recall/F1 over dialogue acts.
// A DA is predicted positive when a commitment's evidence cites it; gold positives are the DAs linked to
// the meeting's action items. Published reference (test split): BERT 38.18, best 43.12.
//
//   node scripts/eval-ami.mjs [--split dev|train] [--misses N]
//
// Bundles src/modules/extraction/index.ts on the fly (esbuild) to .eval/extraction.mjs and imports it.
// Also scores the embedded action-item model (src/modules/extraction/action-item-model.ts, trained on AMI train
// only by scripts/train-ami.mjs, bundled to .eval/action-item-model.mjs) at its stored threshold, with full context
// (prev/next DA, position in meeting, AMI role) and text-only context (prev/next DA), alone and OR-ed with the rules.
// Writes .eval/ami.json (or .eval/ami-<split>.json for other splits): top-level fields are the rules' row (as
// before), `rows` holds every row.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.env.BATON_SHARED ?? join(root, "..", "shared"));
const data = join(shared, "external", "ami", "ami-train-dev.jsonl");
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const split = opt("--split", "dev");
const showMisses = Number(opt("--misses", "0"));
if (!existsSync(data)) {
  console.error(`eval-ami: ${data} not found (set BATON_SHARED); nothing to evaluate`);
  process.exit(process.env.CI ? 1 : 0);
}

const t0 = Date.now();
mkdirSync(join(root, ".eval"), { recursive: true });
const bundle = join(root, ".eval", "extraction.mjs");
await build({
  entryPoints: [join(root, "src", "modules", "extraction", "index.ts")],
  outfile: bundle, bundle: true, format: "esm", platform: "node", target: "node22",
  packages: "external", logLevel: "warning",
});
const { extractConversation } = await import(`${pathToFileURL(bundle).href}?t=${Date.now()}`);
const modelBundle = join(root, ".eval", "action-item-model.mjs");
await build({
  entryPoints: [join(root, "src", "modules", "extraction", "action-item-model.ts")],
  outfile: modelBundle, bundle: true, format: "esm", platform: "node", target: "node22",
  packages: "external", logLevel: "warning",
});
const aim = await import(`${pathToFileURL(modelBundle).href}?t=${Date.now()}`);
const modelJson = JSON.parse(readFileSync(join(root, "src", "modules", "extraction", "models", "ami-action-items.json"), "utf8"));
const tFull = aim.ACTION_ITEM_THRESHOLD, tText = aim.ACTION_ITEM_TEXT_ONLY_THRESHOLD;
/** Per-row counts; `pairs` keeps (score, gold) for the threshold-free ceiling line. */
const rowNames = ["rules", "model", "model (text only)", "rules OR model", "rules OR model (text only)"];
const rows = Object.fromEntries(rowNames.map((n) => [n, { tp: 0, fp: 0, fn: 0 }]));
const pairsFull = [], pairsText = [];
const count = (row, predicted, gold) => {
  let m = 0;
  for (const i of predicted) if (gold.has(i)) m++;
  row.tp += m; row.fp += predicted.size - m; row.fn += gold.size - m;
};

const meetings = readFileSync(data, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.split === split);
// Speakers become roster people with names that never occur in speech, so no word is taken for a name.
const ROLE = { PM: "project manager", ID: "industrial designer", UI: "user interface designer", ME: "marketing expert" };
let tp = 0, fp = 0, fn = 0, das = 0, items = 0;
const perMeeting = [];
const misses = [], falseAlarms = [];
for (const m of meetings) {
  const labels = Object.keys(m.speakers).sort();
  const roster = labels.map((l) => ({
    id: `spk-${l}`, name: `Zq${l} Ami`, emails: [`${l.toLowerCase()}@ami.invalid`], title: ROLE[m.speakers[l].role] ?? m.speakers[l].role, side: "ours", orgName: null,
  }));
  const utterances = m.utterances.map((u) => ({
    seq: u.i, startMs: Math.round(u.start * 1000), endMs: Math.round(u.end * 1000), speakerLabel: u.speaker,
    personId: `spk-${u.speaker}`, speakerName: `Zq${u.speaker} Ami`, side: "ours", text: u.text,
  }));
  const input = {
    conversation: { file: `${m.id}.json`, kind: "call", startedAt: "2005-01-10T10:00:00+00:00", timezone: "Europe/London", language: "en" },
    utterances, roster, orgs: [],
  };
  const result = extractConversation(input);
  const predicted = new Set(result.commitments.map((c) => c.evidence.seq));
  const gold = new Set(m.actions.flatMap((a) => a.utterances));
  let mtp = 0;
  for (const i of predicted) if (gold.has(i)) mtp++;
  tp += mtp; fp += predicted.size - mtp; fn += gold.size - mtp;
  das += m.utterances.length; items += m.actions.length;
  perMeeting.push({ id: m.id, das: m.utterances.length, gold: gold.size, predicted: predicted.size, matched: mtp });
  const byI = new Map(m.utterances.map((u) => [u.i, u]));
  for (const i of gold) if (!predicted.has(i)) misses.push(`${m.id}#${i} ${byI.get(i)?.speaker}: ${byI.get(i)?.text}`);
  for (const i of predicted) if (!gold.has(i)) falseAlarms.push(`${m.id}#${i} ${byI.get(i)?.speaker}: ${byI.get(i)?.text}`);
  const us = m.utterances, n = us.length;
  const full = new Set(), text = new Set();
  for (let k = 0; k < n; k++) {
    const ctx = { prev: k > 0 ? us[k - 1].text : undefined, next: k + 1 < n ? us[k + 1].text : undefined };
    const sFull = aim.scoreActionItem(us[k].text, { ...ctx, position: n > 1 ? k / (n - 1) : 0, role: m.speakers[us[k].speaker]?.role });
    const sText = aim.scoreActionItem(us[k].text, ctx);
    if (sFull >= tFull) full.add(us[k].i);
    if (sText >= tText) text.add(us[k].i);
    pairsFull.push([sFull, gold.has(us[k].i)]); pairsText.push([sText, gold.has(us[k].i)]);
  }
  count(rows.rules, predicted, gold);
  count(rows.model, full, gold);
  count(rows["model (text only)"], text, gold);
  count(rows["rules OR model"], new Set([...predicted, ...full]), gold);
  count(rows["rules OR model (text only)"], new Set([...predicted, ...text]), gold);
}
const P = tp + fp ? tp / (tp + fp) : 0, R = tp + fn ? tp / (tp + fn) : 0, F = P + R ? (2 * P * R) / (P + R) : 0;
const wallMs = Date.now() - t0;
const pct = (x) => (100 * x).toFixed(2);
console.log(`AMI ${split}: ${meetings.length} meetings, ${das} dialogue acts, ${items} action items, ${tp + fn} positive DAs`);
console.log(`${"rules".padEnd(27)} P ${pct(P)}  R ${pct(R)}  F1 ${pct(F)}   (tp ${tp}, fp ${fp}, fn ${fn})`);
const score = (r) => {
  const p = r.tp + r.fp ? r.tp / (r.tp + r.fp) : 0, rc = r.tp + r.fn ? r.tp / (r.tp + r.fn) : 0;
  return { ...r, precision: p, recall: rc, f1: p + rc ? (2 * p * rc) / (p + rc) : 0 };
};
for (const n of rowNames) rows[n] = score(rows[n]);
rows.model.threshold = tFull; rows["model (text only)"].threshold = tText;
for (const n of rowNames.slice(1)) {
  const r = rows[n];
  console.log(`${n.padEnd(27)} P ${pct(r.precision)}  R ${pct(r.recall)}  F1 ${pct(r.f1)}   (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})${r.threshold !== undefined ? `  t ${r.threshold}` : ""}`);
}
// Ceiling only (threshold picked on this split, so NOT a result): how much is lost to threshold transfer.
const oracle = (pairs) => {
  const sorted = [...pairs].sort((a, b) => b[0] - a[0]), pos = sorted.filter((p) => p[1]).length;
  let tp = 0, best = 0;
  sorted.forEach(([, y], i) => { if (y) tp++; const p = tp / (i + 1), r = tp / pos; if (p + r) best = Math.max(best, (2 * p * r) / (p + r)); });
  return best;
};
const ceiling = { model: oracle(pairsFull), textOnly: oracle(pairsText) };
console.log(`(ceiling with a threshold tuned on ${split} itself, not a result: model F1 ${pct(ceiling.model)}, text only ${pct(ceiling.textOnly)})`);
console.log(`published (test split, DA-level F1): BERT 38.18, best 43.12   wall ${wallMs} ms`);
if (showMisses) {
  console.log(`\n-- missed positives (first ${showMisses})\n${misses.slice(0, showMisses).join("\n")}`);
  console.log(`\n-- false alarms (first ${showMisses})\n${falseAlarms.slice(0, showMisses).join("\n")}`);
}
const out = join(root, ".eval", split === "dev" ? "ami.json" : `ami-${split}.json`);
writeFileSync(out, JSON.stringify({ split, meetings: meetings.length, dialogueActs: das, actionItems: items, tp, fp, fn, precision: P, recall: R, f1: F, wallMs, reference: { bert: 0.3818, best: 0.4312 }, rows, modelCeilingTunedOnSplit: ceiling, modelTraining: modelJson.training, perMeeting }, null, 2));
