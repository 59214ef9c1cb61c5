// `baton export`: --json keeps the gold.json shape; --audience/--format give the shared record, audited as the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { openTestDb, testDeps } from "../../../test/db.ts";
import { ALL_MARKERS, seedSharedDeal, type SharedDeal } from "../../../test/fixtures/sharing/shared-deal.ts";
import { runExport } from "./export.ts";

let database: Database;
let deps: ReturnType<typeof testDeps>;
let s: SharedDeal;
beforeAll(async () => {
  process.env.BATON_SECRET_KEY = "test-secret-key-for-cli-export-01";
  database = await openTestDb();
  deps = testDeps(database, "2026-05-20T09:00:00Z");
  s = await seedSharedDeal(deps);
});
afterAll(async () => { await database?.close(); });

describe("baton export", () => {
  it("--json alone is still the gold.json record", async () => {
    const gold = JSON.parse(await runExport(deps, s.dealSlug, { json: true }));
    expect(Object.keys(gold)).toEqual(["deal", "brief", "speakers", "conversations", "ledger", "attribution"]);
    expect(gold.deal.id).toBe(s.dealSlug);
  });

  it("--audience partner leaves internal content out in every format; ours keeps it", async () => {
    for (const format of ["md", "html", "json"] as const) {
      const partner = await runExport(deps, s.dealSlug, { audience: "partner", format });
      for (const m of ALL_MARKERS) expect(partner, `${format} ${m}`).not.toContain(m);
      const ours = await runExport(deps, s.dealSlug, { audience: "ours", format });
      for (const m of ALL_MARKERS) expect(ours, `${format} ${m}`).toContain(m);
    }
    expect(JSON.parse(await runExport(deps, s.dealSlug, { audience: "buyer", json: true })).audience).toBe("buyer");
    expect(await runExport(deps, s.dealSlug, { audience: "partner" })).toMatch(/^# Fjord Dairy Forecasting/);
  });

  it("is audited as a CLI export", async () => {
    await runExport(deps, s.dealSlug, { audience: "partner", format: "html" });
    const row = await deps.db.selectFrom("audit_log").selectAll().where("action", "=", "export").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: "cli", actor_kind: "cli", deal_id: s.dealId, data: { format: "html", audience: "partner" } });
  });
});
