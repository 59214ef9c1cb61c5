// HTTP edge of CRM sync: connections (secrets in, never out), health check, OAuth start/callback, the outbox
// (dead letters and retry), and per deal: enqueue now, and the sync state.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { getDeal } from "../deals/index.ts";
import { resolveCrmAdapter } from "./adapter-registry.ts";
import {
  ConnectionSchema, CreateConnectionSchema, OAuthCallbackQuerySchema, OAuthStartQuerySchema, OutboxQuerySchema, OutboxRowSchema, UpdateConnectionSchema,
} from "./crm.schemas.ts";
import {
  connectionConfig, createConnection, getConnection, getDealCrmState, listConnectionViews, listOutboxRows, presentConnection, removeConnection,
  retryOutboxRow, syncDealNow, updateConnectionSettings,
} from "./crm.service.ts";
import * as repo from "./crm.repo.ts";
import { finishOAuth, startOAuth } from "./oauth.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });
const Kind = z.object({ kind: z.string() });
const presentRow = (r: repo.OutboxRow) => {
  const { payload: _p, lockedBy: _l, lockedAt: _a, ...rest } = r;
  return rest;
};

/** Mounted at /crm. */
export function createCrmRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/connections", description: "CRM connections with health (secrets are never returned)", responses: ok(z.object({ connections: z.array(ConnectionSchema) })) }),
    async (c) => c.json({ connections: await listConnectionViews(c.get("deps")) }, 200));
  app.openapi(createRoute({ method: "post", path: "/connections", description: "Add a connection: API token (Pipedrive, Freshsales), tokens, or a signed webhook",
    request: { body: json(CreateConnectionSchema) }, responses: ok(z.object({ connection: ConnectionSchema })) }),
  async (c) => c.json({ connection: await createConnection(c.get("deps"), c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "patch", path: "/connections/{id}", description: "Change a connection (name, URLs, tokens, field mapping, enabled, dry run)",
    request: { params: Id, body: json(UpdateConnectionSchema) }, responses: ok(z.object({ connection: ConnectionSchema })) }),
  async (c) => c.json({ connection: await updateConnectionSettings(c.get("deps"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "delete", path: "/connections/{id}", description: "Remove a connection and its outbox", request: { params: Id }, responses: ok(z.object({ ok: z.boolean() })) }),
    async (c) => { await removeConnection(c.get("deps"), c.req.valid("param").id); return c.json({ ok: true }, 200); });
  app.openapi(createRoute({ method: "post", path: "/connections/{id}/check", description: "An authenticated call to the CRM; updates the health badge",
    request: { params: Id }, responses: ok(z.object({ ok: z.boolean(), detail: z.string(), connection: ConnectionSchema })) }), async (c) => {
    const deps = c.get("deps");
    const conn = await getConnection(deps, c.req.valid("param").id);
    let result: { ok: boolean; detail: string };
    try { result = await resolveCrmAdapter(conn.kind).check(connectionConfig(conn)); } catch (e) { result = { ok: false, detail: (e as Error).message }; }
    await repo.updateConnection(deps, conn.id, result.ok ? { lastOkAt: deps.clock.now().toISOString(), lastError: null } : { lastError: result.detail });
    return c.json({ ...result, connection: presentConnection(await getConnection(deps, conn.id)) }, 200);
  });
  app.openapi(createRoute({ method: "get", path: "/outbox", description: "Outbox rows (newest first); ?status=dead lists the dead letters with the exact error",
    request: { query: OutboxQuerySchema }, responses: ok(z.object({ rows: z.array(OutboxRowSchema) })) }),
  async (c) => c.json({ rows: (await listOutboxRows(c.get("deps"), c.req.valid("query"))).map(presentRow) }, 200));
  app.openapi(createRoute({ method: "post", path: "/outbox/{id}/retry", description: "Send a dead row again (attempts reset)", request: { params: Id }, responses: ok(z.object({ row: OutboxRowSchema })) }),
    async (c) => c.json({ row: presentRow(await retryOutboxRow(c.get("deps"), c.req.valid("param").id)) }, 200));
  app.openapi(createRoute({ method: "get", path: "/oauth/{kind}/start", description: "Redirect to the CRM's consent screen (HubSpot, Salesforce, Zoho)",
    request: { params: Kind, query: OAuthStartQuerySchema }, responses: { 302: { description: "to the vendor" } } }), async (c) => {
    const { kind } = c.req.valid("param");
    const q = c.req.valid("query");
    const url = await startOAuth(c.get("deps"), kind, { name: q.name ?? kind, side: q.side, partnerOrgId: q.partnerOrgId ?? null, dryRun: q.dryRun === "true" });
    return c.redirect(url, 302);
  });
  app.openapi(createRoute({ method: "get", path: "/oauth/{kind}/callback", description: "The CRM sends the browser back here with a code; tokens are stored sealed",
    request: { params: Kind, query: OAuthCallbackQuerySchema }, responses: { 302: { description: "to the CRM settings page" } } }), async (c) => {
    const conn = await finishOAuth(c.get("deps"), c.req.valid("param").kind, c.req.valid("query"));
    return c.redirect(`/settings/crm?connected=${encodeURIComponent(conn.id)}`, 302);
  });
  return app;
}

/** Mounted at /deals: POST /deals/{id}/crm-sync, GET /deals/{id}/crm. */
export function createDealCrmRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/crm-sync", description: "Enqueue the deal's current record for every connection now",
    request: { params: Id }, responses: ok(z.object({ targets: z.number(), planned: z.number(), inserted: z.number() })) }), async (c) => {
    const deps = c.get("deps");
    const deal = await getDeal(deps, c.req.valid("param").id);
    return c.json(await syncDealNow(deps, deal.id, "manual"), 200);
  });
  app.openapi(createRoute({ method: "get", path: "/{id}/crm", description: "Per connection: external ids and the last delivery",
    request: { params: Id }, responses: ok(z.object({ connections: z.array(z.unknown()) })) }), async (c) => {
    const deps = c.get("deps");
    const deal = await getDeal(deps, c.req.valid("param").id);
    const state = await getDealCrmState(deps, deal.id);
    return c.json({ connections: state.map((s) => ({ ...s, lastDelivery: s.lastDelivery ? presentRow(s.lastDelivery) : null })) }, 200);
  });
  return app;
}
