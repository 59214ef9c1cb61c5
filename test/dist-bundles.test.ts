// The shipped bundles (dist/cli.mjs, dist/server.mjs) bundle their dependencies (scripts/build.mjs): check that
// what `npm start`, `baton analyze` and the benchmarks run really starts and answers, not only the sources.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_DEAL_DIR } from "./fixture-folders.ts";

const root = join(import.meta.dirname, "..");
const newestSource = (dir: string): number => {
  let t = 0;
  for (const e of spawnSync("find", [dir, "-type", "f", "-newer", join(root, "dist", "cli.mjs")], { encoding: "utf8" }).stdout.split("\n")) if (e) t++;
  return t;
};

beforeAll(() => {
  // Build when missing or older than a source file (scripts/test.mjs has usually built it already).
  if (!existsSync(join(root, "dist", "cli.mjs")) || !existsSync(join(root, "dist", "server.mjs")) || newestSource(join(root, "src")) > 0) {
    const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--no-web"], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
}, 120_000);

describe("dist bundles", () => {
  it("dist/cli.mjs analyzes a deal folder into a record with evidence", () => {
    const r = spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "analyze", TINY_DEAL_DIR, "--json", "--ask", "Who owns the rollout plan?"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const record = JSON.parse(r.stdout) as { deal: { id: string }; conversations: Record<string, { commitments: Array<{ evidence: { quote: string } }> }>; answers: unknown[] };
    expect(record.deal.id).toBe("fjord-dairy-forecasting");
    const commitments = Object.values(record.conversations).flatMap((c) => c.commitments);
    expect(commitments.length).toBeGreaterThan(0);
    expect(commitments.every((c) => c.evidence.quote.length > 0)).toBe(true);
    expect(record.answers).toHaveLength(1);
  });

  it("dist/cli.mjs analyze names the broken line of a folder's deal.json (parsed while the database starts) and prints no record", () => {
    const tmp = mkdtempSync(join(tmpdir(), "baton-analyze-bad-"));
    try {
      cpSync(TINY_DEAL_DIR, tmp, { recursive: true });
      writeFileSync(join(tmp, "deal.json"), "{\n  \"id\": \"x\",\n  oops\n}\n");
      const r = spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "analyze", tmp, "--json"], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/deal\.json is not valid JSON \(line 3\)/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("dist/cli.mjs shows the progress of one folder with many files, file by file, on stderr", () => {
    const tmp = mkdtempSync(join(tmpdir(), "baton-long-"));
    try {
      const dir = join(tmp, "long");
      cpSync(TINY_DEAL_DIR, dir, { recursive: true });
      const deal = JSON.parse(readFileSync(join(dir, "deal.json"), "utf8")) as { conversations: Array<{ file: string; start: string }> };
      // Three more calls on later days, with the discovery call's words (other bytes: a NOTE block); days apart, each
      // is its own call.
      for (const day of [20, 21, 22]) {
        const file = `04-call-${day}.vtt`;
        writeFileSync(join(dir, file), `${readFileSync(join(dir, "01-discovery.vtt"), "utf8").trimEnd()}\n\nNOTE call of May ${day}\n`);
        deal.conversations.push({ ...deal.conversations[0]!, file, start: `2026-05-${day}T10:00:00+02:00` });
      }
      writeFileSync(join(dir, "deal.json"), JSON.stringify(deal));
      const r = spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "import", dir], {
        cwd: root, encoding: "utf8", timeout: 90_000, env: { ...process.env, BATON_DATA_DIR: join(tmp, "data"), DATABASE_URL: "" },
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain("import long: storing 04-call-22.vtt 6/7");
      expect(r.stderr).toContain("import long: extracting 6/7");
      expect(r.stdout).toContain("[1/1] fjord-dairy-forecasting: created; conversations added 7");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it("dist/cli.mjs imports several folders (parsed ahead in dist/folder-worker.mjs) and stops at a broken one, keeping the others", () => {
    expect(existsSync(join(root, "dist", "folder-worker.mjs"))).toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), "baton-multi-"));
    try {
      const folders = ["north", "south", "east"].map((name) => {
        const dir = join(tmp, name);
        cpSync(TINY_DEAL_DIR, dir, { recursive: true });
        const deal = JSON.parse(readFileSync(join(dir, "deal.json"), "utf8")) as { id: string };
        writeFileSync(join(dir, "deal.json"), JSON.stringify({ ...deal, id: `${deal.id}-${name}` }));
        return dir;
      });
      writeFileSync(join(folders[2]!, "deal.json"), "{\n  \"id\": \"broken\",\n  oops\n}\n");
      const env = { ...process.env, BATON_DATA_DIR: join(tmp, "data"), DATABASE_URL: "" };
      const run = (paths: string[]) => spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "import", ...paths], { cwd: root, encoding: "utf8", timeout: 90_000, env });
      const first = run(folders);
      expect(first.stdout).toContain("[1/3] fjord-dairy-forecasting-north: created; conversations added 4");
      expect(first.stdout).toContain("[2/3] fjord-dairy-forecasting-south: created; conversations added 4");
      expect(first.stderr).toMatch(/deal\.json is not valid JSON \(line 3\)/);
      expect(first.status).toBe(2);
      // The two good folders were stored; importing them again changes nothing.
      const again = run(folders.slice(0, 2));
      expect(again.status).toBe(0);
      expect(again.stdout).toContain("[1/2] fjord-dairy-forecasting-north: unchanged (already imported)");
      expect(again.stdout).toContain("[2/2] fjord-dairy-forecasting-south: unchanged (already imported)");
      expect(again.stdout).toMatch(/^imported 2 deal folders \(2 unchanged\), 0 conversations added in \d+\.\d s$/m);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it("dist/cli.mjs intake names the file it was given: one that is no email by its name, a missing one as not found", () => {
    const tmp = mkdtempSync(join(tmpdir(), "baton-intake-"));
    try {
      writeFileSync(join(tmp, "forwarded-note.eml"), "just a note, no headers\n");
      const env = { ...process.env, BATON_DATA_DIR: join(tmp, "data"), DATABASE_URL: "" };
      const run = (path: string) => spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "intake", path], { cwd: root, encoding: "utf8", timeout: 60_000, env });
      const bad = run(join(tmp, "forwarded-note.eml"));
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("forwarded-note.eml, line 1: not an e-mail");
      expect(bad.stderr).not.toContain("intro.eml");
      const missing = run(join(tmp, "nowhere.eml"));
      expect(missing.status).toBe(3);
      expect(missing.stderr).toContain(`${join(tmp, "nowhere.eml")} cannot be read`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  describe("dist/server.mjs", () => {
    let dataDir: string;
    let child: ReturnType<typeof spawn> | null = null;
    beforeAll(() => { dataDir = mkdtempSync(join(tmpdir(), "baton-dist-")); });
    afterAll(() => { child?.kill("SIGTERM"); rmSync(dataDir, { recursive: true, force: true }); });

    it("starts on an embedded database with the demo workspace and signs the demo user in", async () => {
      const port = await new Promise<number>((resolve) => { const s = createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
      child = spawn(process.execPath, [join(root, "dist", "server.mjs"), "--demo"], {
        cwd: root, stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, BATON_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", BATON_LOG: "silent", DATABASE_URL: "" },
      });
      let stderr = "";
      child.stderr!.on("data", (d) => { stderr += d; });
      const base = `http://127.0.0.1:${port}`;
      let healthy = false;
      for (let i = 0; i < 240 && !healthy && child.exitCode === null; i++) {
        healthy = await fetch(`${base}/health`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 250));
      }
      expect(stderr).toBe("");
      expect(healthy).toBe(true);
      const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "demo@baton.local", password: "baton-demo-2026" }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const deals = await (await fetch(`${base}/api/deals`, { headers: { cookie } })).json() as { deals: Array<{ name: string }> };
      expect(deals.deals.length).toBeGreaterThan(0);
      expect(statSync(join(dataDir, "pgdata")).isDirectory()).toBe(true);
    }, 90_000);
  });
});
