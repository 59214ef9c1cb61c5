// HTTP edge of the audit log: GET /api/audit (admins), newest first, cursor pagination.
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { AuditPageSchema, AuditQuerySchema } from "./audit.schemas.ts";
import { listAudit } from "./audit.service.ts";

/** Mounted at /audit. */
export function createAuditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({
    method: "get", path: "/", tags: ["audit"], description: "Who viewed, exported, shared or changed what (admins; filter by deal, actor, action; page with before=nextBefore)",
    request: { query: AuditQuerySchema },
    responses: { 200: { description: "OK", content: { "application/json": { schema: AuditPageSchema } } } },
  }), async (c) => {
    const page = await listAudit(c.get("deps"), { ...c.req.valid("query"), workspaceId: c.get("user")?.workspaceId ?? null });
    return c.json(page, 200);
  });
  return app;
}
