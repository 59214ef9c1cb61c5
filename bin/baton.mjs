#!/usr/bin/env node
// Runs the bundled CLI (dist/cli.mjs); builds it first when it is missing.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.mjs");
if (!existsSync(cli)) {
  const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed", "--no-web"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { runCli } = await import(cli);
process.exitCode = await runCli(process.argv);
