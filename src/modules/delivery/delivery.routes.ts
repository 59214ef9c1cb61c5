// HTTP edge of delivery: destinations (GET/POST/DELETE /delivery/destinations), sending a deal's artefact
// (POST /deals/{id}/deliveries) or a partner's walk (POST /ledger/walk/deliveries), and a deal's send log.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { deliverDealArtefact, deliverWalk, listDealDeliveries, type DeliveryOptions } from "./deliver.service.ts";
import {
  CreateDealDeliverySchema, CreateDestinationSchema, CreateWalkDeliverySchema, DeliveryResultSchema, DeliverySchema, DestinationSchema,
} from "./delivery.schemas.ts";
import { createDeliveryDestination, listDeliveryDestinations, removeDeliveryDestination } from "./destinations.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });
const Results = z.object({ results: z.array(DeliveryResultSchema) });

/** Mounted at /delivery. */
export function createDestinationRoutes(opts: Pick<DeliveryOptions, "secretBox"> = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/destinations", description: "Delivery destinations (secrets are never returned)", responses: ok(z.object({ destinations: z.array(DestinationSchema) })) }),
    async (c) => c.json({ destinations: await listDeliveryDestinations(c.get("deps")) }, 200));
  app.openapi(createRoute({ method: "post", path: "/destinations", description: "Add an email list, Slack incoming webhook or Slack channel (bot token) for one audience; the webhook URL or token is sealed at rest",
    request: { body: json(CreateDestinationSchema) }, responses: { 201: { description: "Created", ...json(z.object({ destination: DestinationSchema })) } } }),
  async (c) => c.json({ destination: await createDeliveryDestination(c.get("deps"), c.get("actor"), c.req.valid("json"), opts) }, 201));
  app.openapi(createRoute({ method: "delete", path: "/destinations/{id}", description: "Remove a destination (its send log stays)",
    request: { params: Id }, responses: ok(z.object({ ok: z.literal(true) })) }), async (c) => {
    await removeDeliveryDestination(c.get("deps"), c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });
  return app;
}

/** Mounted at /deals. */
export function createDealDeliveryRoutes(opts: DeliveryOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/deliveries", description: "Send the deal's recap (agreed, for partner and buyer), pre-call brief or intro alert now, rendered for one audience; every target is tried and recorded",
    request: { params: Id, body: json(CreateDealDeliverySchema) }, responses: ok(Results) }),
  async (c) => c.json({ results: await deliverDealArtefact(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json"), opts) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/deliveries", description: "What was sent for this deal, to whom, and how it went",
    request: { params: Id }, responses: ok(z.object({ deliveries: z.array(DeliverySchema) })) }),
  async (c) => c.json({ deliveries: await listDealDeliveries(c.get("deps"), c.req.valid("param").id) }, 200));
  return app;
}

/** Mounted at /ledger. */
export function createWalkDeliveryRoutes(opts: DeliveryOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/walk/deliveries", description: "Send a partner's weekly walk now, rendered for one audience (the partner: its deals, nothing internal)",
    request: { body: json(CreateWalkDeliverySchema) }, responses: ok(Results) }),
  async (c) => c.json({ results: await deliverWalk(c.get("deps"), c.get("actor"), c.req.valid("json"), opts) }, 200));
  return app;
}

/** The three route groups with their mount paths, for createRouteModules. */
export function createDeliveryRouteModules(opts: DeliveryOptions = {}) {
  return [
    { path: "/delivery", routes: createDestinationRoutes(opts) },
    { path: "/deals", routes: createDealDeliveryRoutes(opts) },
    { path: "/ledger", routes: createWalkDeliveryRoutes(opts) },
  ];
}
