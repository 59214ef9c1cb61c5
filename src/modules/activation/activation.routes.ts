// HTTP edge of partner activation: a partner's first win (define, read) and the activation diagnostic (JSON or CSV).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { activationToCsv } from "./activation.ts";
import { ActivationQuerySchema, ActivationReportSchema, FirstWinRequestSchema, FirstWinSchema } from "./activation.schemas.ts";
import { getActivationReport, getFirstWin, setFirstWin } from "./activation.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const OrgId = z.object({ orgId: z.string() });

/** Mounted at /partners: GET /partners/activation, GET|PUT /partners/{orgId}/first-win. */
export function createActivationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/activation", description: "Activation funnel per partner (onboarded → … → won) with the step each stalls at, first-win status, behaviour signals and partner-sourced pipeline per month",
    request: { query: ActivationQuerySchema },
    responses: { 200: { description: "The diagnostic", content: { "application/json": { schema: z.object({ activation: ActivationReportSchema }) }, "text/csv": { schema: z.string() } } } } }), async (c) => {
    const q = c.req.valid("query");
    const report = await getActivationReport(c.get("deps"), { actor: c.get("actor"), partner: q.partner });
    if (q.format === "csv") {
      return c.body(activationToCsv(report), 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="partner-activation-${report.asOf.slice(0, 10)}.csv"` });
    }
    return c.json({ activation: report }, 200);
  });
  app.openapi(createRoute({ method: "get", path: "/{orgId}/first-win", description: "The partner's first win: sentence, rule, 30-day clock from onboarding, status and the calls that prove it",
    request: { params: OrgId }, responses: ok(z.object({ firstWin: FirstWinSchema })) }),
  async (c) => c.json({ firstWin: await getFirstWin(c.get("deps"), c.req.valid("param").orgId, { actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "put", path: "/{orgId}/first-win", description: "Define the partner's first win in one sentence, with an optional rule that proves it from calls with the partner present",
    request: { params: OrgId, body: json(FirstWinRequestSchema) }, responses: ok(z.object({ firstWin: FirstWinSchema })) }),
  async (c) => c.json({ firstWin: await setFirstWin(c.get("deps"), c.get("actor"), c.req.valid("param").orgId, c.req.valid("json")) }, 200));
  return app;
}
