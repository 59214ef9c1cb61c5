#!/usr/bin/env node
// Builds dist/: the server and CLI bundles (esbuild) and the web app (vite).
//   node scripts/build.mjs [--if-needed] [--no-web]
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const ifNeeded = args.includes("--if-needed");
const noWeb = args.includes("--no-web");

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const srcTime = Math.max(newest(join(root, "src")), mtime(join(root, "package.json")), mtime(join(root, "vite.config.ts")));

const EXTERNAL = [
  "@electric-sql/pglite", "@electric-sql/pglite/*", "pg-native", "sherpa-onnx-node",
  "jsforce", "@hubspot/api-client", "@slack/web-api", "ai", "@ai-sdk/*",
];
const bundles = [
  { entry: "src/server/main.ts", out: "dist/server.mjs" },
  { entry: "src/cli/main.ts", out: "dist/cli.mjs" },
  // The worker thread a multi-folder `baton import` parses folders in (src/modules/ingest/folder-reader.ts finds it
  // beside dist/cli.mjs).
  { entry: "src/modules/ingest/folder-worker.ts", out: "dist/folder-worker.mjs" },
];
const needJs = !ifNeeded || bundles.some((b) => mtime(join(root, b.out)) < srcTime);
const needWeb = !noWeb && existsSync(join(root, "vite.config.ts")) && (!ifNeeded || mtime(join(root, "dist/web/index.html")) < srcTime);

if (needJs) {
  const { build } = await import("esbuild");
  const t = Date.now();
  await Promise.all(bundles.map((b) => build({
    entryPoints: [join(root, b.entry)], outfile: join(root, b.out), bundle: true, platform: "node", format: "esm",
    target: "node22", sourcemap: true, logLevel: "warning",
    // Dependencies are bundled too: resolving and loading hundreds of package files one by one was half of the
    // CLI's start (0.50 → 0.24 s of CPU to import dist/cli.mjs), which every `baton analyze` pays. Left outside:
    // PGlite (it reads its .wasm and data files beside its own modules), optional native packages, and the vendor
    // SDKs Baton imports lazily (only a connected CRM, Slack app or language model loads them).
    external: EXTERNAL,
    // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
    banner: { js: "import { createRequire as __batonCreateRequire } from 'node:module'; const require = __batonCreateRequire(import.meta.url);" },
  })));
  console.error(`built server and CLI in ${Date.now() - t} ms`);
}
if (needWeb) {
  const r = spawnSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.error("built web app");
}
