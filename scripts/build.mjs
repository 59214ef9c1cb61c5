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

const bundles = [
  { entry: "src/server/main.ts", out: "dist/server.mjs" },
  { entry: "src/cli/main.ts", out: "dist/cli.mjs" },
];
const needJs = !ifNeeded || bundles.some((b) => mtime(join(root, b.out)) < srcTime);
const needWeb = !noWeb && existsSync(join(root, "vite.config.ts")) && (!ifNeeded || mtime(join(root, "dist/web/index.html")) < srcTime);

if (needJs) {
  const { build } = await import("esbuild");
  const t = Date.now();
  await Promise.all(bundles.map((b) => build({
    entryPoints: [join(root, b.entry)], outfile: join(root, b.out), bundle: true, platform: "node", format: "esm",
    target: "node22", packages: "external", sourcemap: true, logLevel: "warning",
  })));
  console.error(`built server and CLI in ${Date.now() - t} ms`);
}
if (needWeb) {
  const r = spawnSync(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.error("built web app");
}
