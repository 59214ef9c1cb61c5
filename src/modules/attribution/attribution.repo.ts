// SQL for the attribution tables (claims, snapshots, the current classification), and the workspace's
// `settings.attribution` key (one jsonb key the directory's settings schema ignores and keeps).
import { sql } from "kysely";
import type { Deps } from "../../shared/deps.ts";
import type { Side } from "../../shared/sides.ts";
import "../../db/schema-attribution.ts";
import type { AttributionClass } from "./attribution.ts";
import type { Claim } from "./trail.ts";

type D = Pick<Deps, "db">;

export async function findRulesSetting(deps: D, workspaceId: string): Promise<unknown> {
  const r = await deps.db.selectFrom("workspaces").select(sql<unknown>`settings->'attribution'`.as("rules")).where("id", "=", workspaceId).executeTakeFirst();
  return r?.rules ?? null;
}
export async function saveRulesSetting(deps: D, workspaceId: string, rules: unknown) {
  await deps.db.updateTable("workspaces")
    .set({ settings: sql<Record<string, unknown>>`settings || jsonb_build_object('attribution', ${JSON.stringify(rules)}::jsonb)` })
    .where("id", "=", workspaceId).execute();
}

export async function insertClaim(deps: D, row: { id: string; workspaceId: string; dealId: string; kind: Claim["kind"]; text: string; actor: string; actorName: string | null; actorSide: Side | null; at: Date }) {
  await deps.db.insertInto("attribution_claims").values({
    id: row.id, workspace_id: row.workspaceId, deal_id: row.dealId, kind: row.kind, text: row.text, actor: row.actor, actor_name: row.actorName, actor_side: row.actorSide, at: row.at,
  }).execute();
}
export async function listClaims(deps: D, dealId: string): Promise<Claim[]> {
  const rows = await deps.db.selectFrom("attribution_claims").selectAll().where("deal_id", "=", dealId).orderBy("at").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, text: r.text, actor: r.actor, actorName: r.actor_name, actorSide: r.actor_side, at: new Date(r.at).toISOString() }));
}

export interface SnapshotRow {
  id: string; workspaceId: string; dealId: string; version: number; milestone: string; stage: string; classification: AttributionClass;
  confidence: number; attribution: Record<string, unknown>; html: string; markdown: string; actor: string; at: string;
}
const toSnapshot = (r: { id: string; workspace_id: string; deal_id: string; version: number; milestone: string; stage: string; classification: AttributionClass;
  confidence: number; attribution: Record<string, unknown>; html: string; markdown: string; actor: string; at: Date }): SnapshotRow => ({
  id: r.id, workspaceId: r.workspace_id, dealId: r.deal_id, version: r.version, milestone: r.milestone, stage: r.stage, classification: r.classification,
  confidence: Number(r.confidence), attribution: r.attribution, html: r.html, markdown: r.markdown, actor: r.actor, at: new Date(r.at).toISOString(),
});

export async function nextSnapshotVersion(deps: D, dealId: string): Promise<number> {
  const r = await deps.db.selectFrom("attribution_snapshots").select((eb) => eb.fn.max("version").as("v")).where("deal_id", "=", dealId).executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}
export async function insertSnapshot(deps: D, s: SnapshotRow) {
  await deps.db.insertInto("attribution_snapshots").values({
    id: s.id, workspace_id: s.workspaceId, deal_id: s.dealId, version: s.version, milestone: s.milestone, stage: s.stage, classification: s.classification,
    confidence: s.confidence, attribution: JSON.stringify(s.attribution), html: s.html, markdown: s.markdown, actor: s.actor, at: s.at,
  }).execute();
}
export async function listSnapshots(deps: D, dealId: string): Promise<Array<Omit<SnapshotRow, "html" | "markdown" | "attribution">>> {
  const rows = await deps.db.selectFrom("attribution_snapshots")
    .select(["id", "workspace_id", "deal_id", "version", "milestone", "stage", "classification", "confidence", "actor", "at"])
    .where("deal_id", "=", dealId).orderBy("version").execute();
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, dealId: r.deal_id, version: r.version, milestone: r.milestone, stage: r.stage,
    classification: r.classification, confidence: Number(r.confidence), actor: r.actor, at: new Date(r.at).toISOString() }));
}
export async function findSnapshot(deps: D, id: string): Promise<SnapshotRow | null> {
  const r = await deps.db.selectFrom("attribution_snapshots").selectAll().where("id", "=", id).executeTakeFirst();
  return r ? toSnapshot(r) : null;
}

export async function upsertCurrent(deps: D, row: { dealId: string; workspaceId: string; classification: AttributionClass; confidence: number; introducedBy: string | null; startedAt: string | null; reasons: string[]; at: Date }) {
  const values = {
    deal_id: row.dealId, workspace_id: row.workspaceId, classification: row.classification, confidence: row.confidence, introduced_by: row.introducedBy,
    started_at: row.startedAt, reasons: JSON.stringify(row.reasons), computed_at: row.at,
  };
  await deps.db.insertInto("attribution_current").values(values)
    .onConflict((oc) => oc.column("deal_id").doUpdateSet({
      classification: values.classification, confidence: values.confidence, introduced_by: values.introduced_by,
      started_at: values.started_at, reasons: values.reasons, computed_at: values.computed_at,
    })).execute();
}

/** Forgets the stored classifications (after a rules change): the next report recomputes them. */
export async function clearCurrent(deps: D, workspaceId: string) {
  await deps.db.deleteFrom("attribution_current").where("workspace_id", "=", workspaceId).execute();
}

/**
 * Deals whose stored classification is missing or older than what it was computed from: the deal row
 * (re-import, edits) or its latest extraction run (a new call, a re-extraction). Imports and extraction
 * don't call into attribution (it depends on them), so staleness is detected here instead.
 */
export async function listStaleDealIds(deps: D, workspaceId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom("deals as d").leftJoin("attribution_current as a", "a.deal_id", "d.id")
    .leftJoin(
      (eb) => eb.selectFrom("extraction_runs as r").innerJoin("conversations as c", "c.id", "r.conversation_id")
        .select(["c.deal_id", sql<Date>`max(r.created_at)`.as("last_run")]).groupBy("c.deal_id").as("er"),
      (j) => j.onRef("er.deal_id", "=", "d.id"))
    .select("d.id").where("d.workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("a.deal_id", "is", null), eb("d.updated_at", ">", eb.ref("a.computed_at")), eb("er.last_run", ">", eb.ref("a.computed_at"))]))
    .execute();
  return rows.map((r) => r.id);
}

export interface RevenueRow {
  dealId: string; slug: string; name: string; stage: string; amount: number | null; currency: string | null;
  classification: AttributionClass; confidence: number; startedAt: string; closedAt: string;
  partners: Array<{ id: string; name: string }>;
}
/**
 * One read for the revenue report: every deal of the workspace with its stored classification and partners.
 * The close date is the first snapshot taken at a won/lost stage, else the deal's last update.
 */
export async function listRevenueRows(deps: D, workspaceId: string, closedStages: string[]): Promise<RevenueRow[]> {
  const rows = await deps.db.selectFrom("deals as d")
    .leftJoin("attribution_current as a", "a.deal_id", "d.id")
    .leftJoin("deal_partners as dp", "dp.deal_id", "d.id")
    .leftJoin("organisations as o", "o.id", "dp.org_id")
    .leftJoin(
      (eb) => eb.selectFrom("attribution_snapshots").select(["deal_id", sql<Date>`min(at)`.as("closed_at")])
        .where("workspace_id", "=", workspaceId).where("stage", "in", closedStages).groupBy("deal_id").as("s"),
      (j) => j.onRef("s.deal_id", "=", "d.id"))
    .select(["d.id", "d.slug", "d.name", "d.stage", "d.amount", "d.currency", "d.created_at", "d.updated_at", "a.classification", "a.confidence", "a.started_at",
      "s.closed_at", "o.id as partner_id", "o.name as partner_name"])
    .where("d.workspace_id", "=", workspaceId).orderBy("d.id").execute();
  const out: RevenueRow[] = [];
  for (const r of rows) {
    let last = out[out.length - 1];
    if (last?.dealId !== r.id) {
      last = {
        dealId: r.id, slug: r.slug, name: r.name, stage: r.stage, amount: r.amount == null ? null : Number(r.amount), currency: r.currency,
        classification: r.classification ?? "none", confidence: Number(r.confidence ?? 0),
        startedAt: new Date(r.started_at ?? r.created_at).toISOString(), closedAt: new Date(r.closed_at ?? r.updated_at).toISOString(), partners: [],
      };
      out.push(last);
    }
    if (r.partner_id) last.partners.push({ id: r.partner_id, name: r.partner_name! });
  }
  return out;
}
