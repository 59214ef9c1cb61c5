// `baton import` of several folders on PostgreSQL stores two at once (src/cli/commands/import.ts): the shipped CLI
// against a fresh database on the TEST_DATABASE_URL server. Skipped without it (PGlite stores one at a time, and
// dist-bundles.test.ts covers that path).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_DEAL_DIR } from "./fixture-folders.ts";

const root = join(import.meta.dirname, "..");
const serverUrl = process.env.TEST_DATABASE_URL;
let databaseUrl = "";
let name = "";

beforeAll(async () => {
  if (!serverUrl) return;
  if (!existsSync(join(root, "dist", "cli.mjs"))) {
    const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs"), "--no-web"], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
  name = `baton_cli_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  databaseUrl = u.toString();
}, 120_000);

afterAll(async () => {
  if (!serverUrl || !name) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe.skipIf(!serverUrl)("baton import of several folders on PostgreSQL", () => {
  it("stores them two at a time, reports them in order, makes shared people once and stops at a broken folder", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "baton-pg-multi-"));
    try {
      // Five copies of one deal under other ids: the same vendor, partner, buyer and people in all of them, all new.
      const ids = ["a", "b", "c", "d", "e"];
      const folders = ids.map((id) => {
        const dir = join(tmp, id);
        cpSync(TINY_DEAL_DIR, dir, { recursive: true });
        const deal = JSON.parse(readFileSync(join(dir, "deal.json"), "utf8")) as { id: string };
        writeFileSync(join(dir, "deal.json"), JSON.stringify({ ...deal, id: `deal-${id}` }));
        return dir;
      });
      writeFileSync(join(folders[3]!, "deal.json"), "{\n  \"id\": \"broken\",\n  oops\n}\n");
      const env = { ...process.env, BATON_DATA_DIR: join(tmp, "data"), DATABASE_URL: databaseUrl };
      const run = (paths: string[]) => spawnSync(process.execPath, [join(root, "bin", "baton.mjs"), "import", ...paths], { cwd: root, encoding: "utf8", timeout: 90_000, env });

      const first = run(folders);
      expect(first.status).toBe(2);
      expect(first.stderr).toMatch(/deal\.json is not valid JSON \(line 3\)/);
      const lines = first.stdout.split("\n").filter((l) => l.startsWith("["));
      // In the order given, whichever finished first; the folder after the broken one may have been stored meanwhile,
      // and then it is reported too.
      expect(lines.slice(0, 3)).toEqual([
        "[1/5] deal-a: created; conversations added 4, unchanged 0",
        "[2/5] deal-b: created; conversations added 4, unchanged 0",
        "[3/5] deal-c: created; conversations added 4, unchanged 0",
      ]);
      const storedAfter = lines.slice(3);
      expect(storedAfter.length === 0 || (storedAfter.length === 1 && storedAfter[0] === "[5/5] deal-e: created; conversations added 4, unchanged 0")).toBe(true);

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const q = async (sql: string) => (await client.query(sql)).rows;
        expect(await q("SELECT slug FROM deals ORDER BY slug")).toEqual(["deal-a", "deal-b", "deal-c", ...(storedAfter.length ? ["deal-e"] : [])].map((slug) => ({ slug })));
        expect(await q("SELECT count(*)::int AS n FROM workspaces")).toEqual([{ n: 1 }]);
        expect(await q("SELECT name FROM organisations ORDER BY name")).toEqual([{ name: "Brightpath Consulting" }, { name: "Fjord Dairy" }, { name: "Tidewell Analytics" }]);
        // Five people in deal.json, each once, each on every stored deal.
        expect(await q("SELECT name, count(dp.deal_id)::int AS deals FROM people p LEFT JOIN deal_people dp ON dp.person_id = p.id GROUP BY p.id, name ORDER BY name"))
          .toEqual(["Ada Lindqvist", "Ben Okoro", "Clara Moe", "Dag Halvorsen", "Eva Strand"].map((n) => ({ name: n, deals: 3 + storedAfter.length })));
      } finally {
        await client.end();
      }

      const again = run(folders.slice(0, 3));
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/^imported 3 deal folders \(3 unchanged\), 0 conversations added in \d+\.\d s$/m);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
