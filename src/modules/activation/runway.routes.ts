// HTTP edge of the partner runway: POST (create once), GET, PATCH /partners/{orgId}/runway, and the huddles' ICS.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { RunwayInputSchema, RunwaySchema } from "./runway.schemas.ts";
import { createRunway, getRunway, updateRunway } from "./runway.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const OrgId = z.object({ orgId: z.string() });
const Body = z.object({ runway: RunwaySchema });

/** Mounted at /partners. */
export function createRunwayRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{orgId}/runway", description: "Create the partner's runway once (co-sell play, target accounts, four weekly huddles, shared note format); later calls return it unchanged",
    request: { params: OrgId, body: { ...json(RunwayInputSchema), required: false } },
    responses: { 201: { description: "Created", ...json(Body) }, 200: { description: "Already there", ...json(Body) } } }), async (c) => {
    const raw = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") : {};
    const { runway, created } = await createRunway(c.get("deps"), c.get("actor"), c.req.valid("param").orgId, raw ?? {});
    return c.json({ runway }, created ? 201 : 200);
  });
  app.openapi(createRoute({ method: "get", path: "/{orgId}/runway", description: "The partner's runway",
    request: { params: OrgId }, responses: { 200: { description: "OK", ...json(Body) } } }),
  async (c) => c.json({ runway: await getRunway(c.get("deps"), c.req.valid("param").orgId, { actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "patch", path: "/{orgId}/runway", description: "Edit the play, target accounts (at most 10 buyer organisations), huddle slot or note format",
    request: { params: OrgId, body: json(RunwayInputSchema) }, responses: { 200: { description: "OK", ...json(Body) } } }),
  async (c) => c.json({ runway: await updateRunway(c.get("deps"), c.get("actor"), c.req.valid("param").orgId, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{orgId}/runway/huddles.ics", description: "The four weekly 15-minute huddles as one calendar invitation (RRULE COUNT=4)",
    request: { params: OrgId }, responses: { 200: { description: "ICS", content: { "text/calendar": { schema: z.string() } } } } }), async (c) => {
    const r = await getRunway(c.get("deps"), c.req.valid("param").orgId, { actor: c.get("actor") });
    return c.body(r.huddles.ics, 200, { "content-type": "text/calendar; charset=utf-8; method=REQUEST", "content-disposition": `attachment; filename="runway-${r.orgId}.ics"` });
  });
  return app;
}
