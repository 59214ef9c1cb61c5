import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { AskRequestSchema, AskResponseSchema } from "./ask.schemas.ts";
import { askDeal, askWorkspace, type AskAnswer, type AskAudience } from "./ask.service.ts";
import type { AskModel } from "./llm-phrase.ts";

// Partner users see only deals shared with their org, and no internal utterances or items.
function audienceOf(c: { get: (k: "user") => AppEnv["Variables"]["user"] }): AskAudience | undefined {
  const u = c.get("user");
  return u?.role === "partner" ? { partnerOrgId: u.partnerOrgId ?? "-" } : undefined;
}
const present = (a: AskAnswer) => AskResponseSchema.parse(a);

/** `model`: the optional language model (adapters/nlp-model) that phrases strong answers; rules only without it. */
export function createAskRoutes(opts: { model?: AskModel | null } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({
    method: "post", path: "/deals/{id}/ask", description: "Answer a question from one deal's conversations, with cited evidence",
    request: { params: z.object({ id: z.string() }), body: { content: { "application/json": { schema: AskRequestSchema } }, required: true } },
    responses: { 200: { description: "Answer with evidence (empty when not found)", content: { "application/json": { schema: AskResponseSchema } } } },
  }), async (c) => {
    const a = await askDeal(c.get("deps"), { dealId: c.req.valid("param").id, question: c.req.valid("json").question, audience: audienceOf(c), model: opts.model });
    return c.json(present(a), 200);
  });
  app.openapi(createRoute({
    method: "post", path: "/ask", description: "Answer a question across every deal the caller can see",
    request: { body: { content: { "application/json": { schema: AskRequestSchema } }, required: true } },
    responses: { 200: { description: "Answer with evidence", content: { "application/json": { schema: AskResponseSchema } } } },
  }), async (c) => {
    const a = await askWorkspace(c.get("deps"), { question: c.req.valid("json").question, audience: audienceOf(c), model: opts.model });
    return c.json(present(a), 200);
  });
  return app;
}
