// HTTP edge of internal-only content: POST /conversations/{id}/internal (staff).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { MarkInternalResultSchema, MarkInternalSchema } from "./internal.schemas.ts";
import { markConversationInternal } from "./internal.service.ts";

/** Mounted at /conversations. */
export function createInternalContentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({
    method: "post", path: "/{id}/internal", tags: ["partner access"],
    description: "Keep an utterance range (fromSeq..toSeq, inclusive) and the items cited there from partner users, or share it again; without fromSeq/toSeq, the whole conversation",
    request: { params: z.object({ id: z.string() }), body: { content: { "application/json": { schema: MarkInternalSchema } }, required: true } },
    responses: { 200: { description: "Marked", content: { "application/json": { schema: z.object({ result: MarkInternalResultSchema }) } } } },
  }), async (c) => c.json({ result: await markConversationInternal(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}
