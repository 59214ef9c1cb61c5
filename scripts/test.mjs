#!/usr/bin/env node
// npm test: unit + database tests on embedded PGlite; the database tests again on PostgreSQL when
// TEST_DATABASE_URL is set; then the browser journey (skipped with a message when Debian chromium is absent).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const dir = mkdtempSync(join(tmpdir(), "baton-test-"));
  const report = join(dir, "report.json");
  const r = spawnSync(process.execPath, [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
    { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += j.numPassedTests; totals.failed += j.numFailedTests; totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  }
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) ok = false;
}

const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--if-needed"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const { TEST_DATABASE_URL } = process.env;
run("unit + database tests (embedded PGlite)", [], { TEST_DATABASE_URL: "" });
if (TEST_DATABASE_URL) run("database tests (PostgreSQL)", ["db.test"], { TEST_DATABASE_URL });
else console.log("\n(TEST_DATABASE_URL not set: the database tests ran on PGlite only)");
run("browser journey (playwright-core + Debian chromium)", ["--config", "e2e/vitest.config.ts"], { TEST_DATABASE_URL: "" });

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
