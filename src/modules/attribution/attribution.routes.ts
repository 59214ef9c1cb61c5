// HTTP edge of attribution: a deal's attribution and trail, claims, milestone snapshots and their evidence
// packs, the workspace's rules, and the partner revenue report (JSON or CSV).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { invalidInput } from "../../shared/errors.ts";
import {
  AttributionRulesSchema, ClaimRequestSchema, ClaimSchema, DealAttributionSchema, RevenueQuerySchema, RevenueReportSchema, SnapshotRequestSchema, SnapshotSummarySchema,
} from "./attribution.schemas.ts";
import {
  addAttributionClaim, createAttributionSnapshot, getAttributionRules, getAttributionSnapshot, getDealAttribution, listAttributionSnapshots, setAttributionRules,
} from "./attribution.service.ts";
import { getPartnerRevenue } from "./partner-revenue.service.ts";
import { revenueToCsv } from "./partner-revenue.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });

/** Mounted at /deals: GET /deals/{id}/attribution, POST …/claims, GET|POST …/snapshots. */
export function createDealAttributionRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/attribution", description: "Sourced / influenced / none with confidence, reasons and the evidence trail, each entry with its quotes",
    request: { params: Id }, responses: ok(z.object({ attribution: DealAttributionSchema })) }),
  async (c) => c.json({ attribution: await getDealAttribution(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/attribution/claims", description: "Add a registration or a note to the deal's attribution trail (stored with who made it)",
    request: { params: Id, body: json(ClaimRequestSchema) }, responses: ok(z.object({ claim: ClaimSchema, attribution: DealAttributionSchema })) }), async (c) => {
    const r = await addAttributionClaim(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json"), { name: c.get("user")?.name });
    return c.json(r, 200);
  });
  app.openapi(createRoute({ method: "get", path: "/{id}/attribution/snapshots", description: "The deal's locked attribution snapshots, oldest first",
    request: { params: Id }, responses: ok(z.object({ snapshots: z.array(SnapshotSummarySchema) })) }),
  async (c) => c.json({ snapshots: await listAttributionSnapshots(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/attribution/snapshots", description: "Lock the attribution at a milestone (stage change or close) with its evidence pack; adds a version",
    request: { params: Id, body: json(SnapshotRequestSchema) }, responses: ok(z.object({ snapshot: SnapshotSummarySchema })) }), async (c) => {
    const r = await createAttributionSnapshot(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json"), { name: c.get("user")?.name });
    return c.json(r, 200);
  });
  return app;
}

/** Mounted at /attribution: GET /attribution/snapshots/{id}.html|.md, GET|PUT /attribution/rules. */
export function createAttributionRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/snapshots/{file}", description: "A snapshot's evidence pack: {id}.html (self-contained page) or {id}.md",
    request: { params: z.object({ file: z.string() }) },
    responses: { 200: { description: "The evidence pack", content: { "text/html": { schema: z.string() }, "text/markdown": { schema: z.string() } } } } }), async (c) => {
    const m = /^(.+)\.(html|md)$/.exec(c.req.valid("param").file);
    if (!m) throw invalidInput("Ask for {id}.html or {id}.md");
    const s = await getAttributionSnapshot(c.get("deps"), m[1]!, { actor: c.get("actor") });
    const isHtml = m[2] === "html";
    return c.body(isHtml ? s.html : s.markdown, 200, {
      "content-type": isHtml ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8",
      // The pack is self-contained: nothing outside it may load, and no script runs.
      ...(isHtml ? { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:" } : {}),
    });
  });
  app.openapi(createRoute({ method: "get", path: "/rules", description: "The workspace's attribution rules (settings.attribution over the defaults)", responses: ok(z.object({ rules: AttributionRulesSchema })) }),
    async (c) => c.json({ rules: await getAttributionRules(c.get("deps")) }, 200));
  app.openapi(createRoute({ method: "put", path: "/rules", description: "Replace the workspace's attribution rules (admins); stored classifications are recomputed",
    request: { body: json(AttributionRulesSchema) }, responses: ok(z.object({ rules: AttributionRulesSchema })) }),
  async (c) => c.json({ rules: await setAttributionRules(c.get("deps"), c.get("actor"), c.req.valid("json")) }, 200));
  return app;
}

/** Mounted at /partners: GET /partners/revenue?period=2026Q1[&partner=][&format=csv][&level=deals]. */
export function createPartnerRevenueRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/revenue", description: "Sourced and influenced pipeline and won revenue per partner, win rate and time to close with vs without the partner; each number lists its deals",
    request: { query: RevenueQuerySchema },
    responses: { 200: { description: "The report", content: { "application/json": { schema: z.object({ revenue: RevenueReportSchema }) }, "text/csv": { schema: z.string() } } } } }), async (c) => {
    const q = c.req.valid("query");
    const report = await getPartnerRevenue(c.get("deps"), q, { actor: c.get("actor") });
    if (q.format === "csv") {
      return c.body(revenueToCsv(report, q.level), 200, {
        "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="partner-revenue-${report.period.label}${q.level === "deals" ? "-deals" : ""}.csv"`,
      });
    }
    return c.json({ revenue: report }, 200);
  });
  return app;
}
