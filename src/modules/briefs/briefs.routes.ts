// HTTP edge of briefs: GET /deals/{id}/briefs/pre-call|catch-up (?format=json|md|email), PUT /deals/{id}/briefs/topic-leads.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { renderBriefEmail, renderBriefMarkdown, type Brief } from "./brief.ts";
import { BriefQuerySchema, BriefSchema, SetTopicLeadSchema, TopicLeadSchema } from "./briefs.schemas.ts";
import { getCatchUpBrief, getPreCallBrief, setTopicLead } from "./briefs.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const Id = z.object({ id: z.string() });
const briefResponses = { 200: { description: "The brief (JSON, Markdown, or an email's subject/text/html)", content: {
  "application/json": { schema: z.union([z.object({ brief: BriefSchema }), z.object({ email: z.object({ subject: z.string(), text: z.string(), html: z.string() }) })]) },
  "text/markdown": { schema: z.string() } } } };

type Format = z.infer<typeof BriefQuerySchema>["format"];
function respond(c: { json: (b: unknown, s: 200) => Response; body: (b: string, s: 200, h: Record<string, string>) => Response }, brief: Brief, format: Format) {
  if (format === "md") return c.body(renderBriefMarkdown(brief), 200, { "content-type": "text/markdown; charset=utf-8" });
  if (format === "email") return c.json({ email: renderBriefEmail(brief) }, 200);
  return c.json({ brief }, 200);
}

/** Mounted at /deals. */
export function createBriefRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/briefs/pre-call", description: "Before the next call: open commitments by side, standing objections, people not met, topic leads, what not to commit to alone",
    request: { params: Id, query: BriefQuerySchema }, responses: briefResponses }), async (c) => {
    const q = c.req.valid("query");
    const brief = await getPreCallBrief(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor"), conversationId: q.conversation, perspective: q.perspective });
    return respond(c as never, brief, q.format) as never;
  });
  app.openapi(createRoute({ method: "get", path: "/{id}/briefs/catch-up", description: "For someone joining late: who is who, what was promised, objections and answers, hesitation, what is open — every line cited",
    request: { params: Id, query: BriefQuerySchema }, responses: briefResponses }), async (c) => {
    const brief = await getCatchUpBrief(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") });
    return respond(c as never, brief, c.req.valid("query").format) as never;
  });
  app.openapi(createRoute({ method: "put", path: "/{id}/briefs/topic-leads", description: "Set (or clear, personId null) who leads a topic",
    request: { params: Id, body: json(SetTopicLeadSchema) }, responses: { 200: { description: "OK", ...json(z.object({ topicLeads: z.array(TopicLeadSchema) })) } } }),
  async (c) => c.json({ topicLeads: await setTopicLead(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}
