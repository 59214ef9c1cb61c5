// HTTP edge of the ledger: a deal's ledger, a person's change to a commitment, the weekly walk.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { DealLedgerSchema, LedgerEntrySchema, LedgerEventRequestSchema, LedgerQuerySchema, WalkQuerySchema, WalkSchema, WeekSchema } from "./ledger.schemas.ts";
import { getDealLedger, recordLedgerEvent } from "./ledger.service.ts";
import { buildLedgerWalk, holdLedgerWalk } from "./walk.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });

/** Mounted at /deals: GET /deals/{id}/ledger. */
export function createDealLedgerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/ledger", description: "Every commitment of the deal with status, evidence and history; unclear owners first",
    request: { params: z.object({ id: z.string() }), query: LedgerQuerySchema }, responses: ok(DealLedgerSchema) }), async (c) => {
    const { asOf } = c.req.valid("query");
    const ledger = await getDealLedger(c.get("deps"), c.req.valid("param").id, { asOf: asOf ? new Date(asOf) : undefined, actor: c.get("actor") });
    return c.json(ledger, 200);
  });
  return app;
}

/** Mounted at /ledger: POST /ledger/{itemId}/events, GET /ledger/walk, POST /ledger/walks. */
export function createLedgerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{itemId}/events", description: "Close, reassign, re-date, drop, reopen or take a commitment (logged with who and when)",
    request: { params: z.object({ itemId: z.string() }), body: json(LedgerEventRequestSchema) }, responses: ok(z.object({ commitment: LedgerEntrySchema })) }), async (c) => {
    const body = c.req.valid("json");
    const commitment = await recordLedgerEvent(c.get("deps"), c.get("actor"), c.req.valid("param").itemId, { ...body, userEmail: c.get("user")?.email ?? null });
    return c.json({ commitment }, 200);
  });
  app.openapi(createRoute({ method: "get", path: "/walk", description: "The weekly ledger walk of a deal or a partner", request: { query: WalkQuerySchema }, responses: ok(z.object({ walk: WalkSchema })) }),
    async (c) => c.json({ walk: await buildLedgerWalk(c.get("deps"), c.req.valid("query"), { actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "post", path: "/walks", description: "Hold the walk: store it so the next one counts \"done since the last walk\" from now",
    request: { body: json(z.object({ deal: z.string().optional(), partner: z.string().optional(), week: WeekSchema.optional() })) }, responses: ok(z.object({ walk: WalkSchema })) }),
  async (c) => c.json({ walk: await holdLedgerWalk(c.get("deps"), c.req.valid("json"), { actor: c.get("actor") }) }, 200));
  return app;
}
