import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { notFound } from "../../shared/errors.ts";
import { findConversation, listUtterances } from "./conversations.repo.ts";

const ConversationPageSchema = z.object({
  conversation: z.object({ id: z.string(), dealId: z.string(), kind: z.string(), title: z.string(), sourceFile: z.string().nullable(), startedAt: z.string(),
    durationMs: z.number(), sourceFormat: z.string(), language: z.string().nullable(), timezone: z.string(),
    heldForConsent: z.boolean().describe("stored but not extracted until every speaker's consent is recorded"),
    isInternal: z.boolean().optional().describe("kept from partner users as a whole (staff only)") }),
  utterances: z.array(z.object({ seq: z.number(), speakerLabel: z.string().nullable(), personId: z.string().nullable(), speakerName: z.string().nullable(),
    side: z.string().nullable(), startMs: z.number(), endMs: z.number(), text: z.string(),
    isInternal: z.boolean().optional().describe("kept from partner users (staff only; partner users never receive these utterances)") })),
});

export function createConversationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}", request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: "A conversation and its utterances", content: { "application/json": { schema: ConversationPageSchema } } } } }), async (c) => {
    const d = c.get("deps");
    const conv = await findConversation(d, c.req.valid("param").id);
    const isPartner = c.get("actor").role === "partner";
    // Partner users never see internal content: they never get a conversation kept internal as a whole, nor a call held for recording consent.
    if (!conv || (isPartner && (conv.isInternal || conv.heldForConsent))) throw notFound(`Conversation ${c.req.valid("param").id}`);
    const { languages: _l, email: _e, role: _r, isInternal, ...rest } = conv;
    const conversation = isPartner ? rest : { ...rest, isInternal };
    const utterances = (await listUtterances(d, conv.id)).filter((u) => !(isPartner && u.isInternal))
      .map(({ isInternal: internal, ...u }) => (isPartner ? u : { ...u, isInternal: internal }));
    return c.json({ conversation, utterances }, 200);
  });
  return app;
}
