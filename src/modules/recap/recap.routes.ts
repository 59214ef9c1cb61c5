// HTTP edge of recaps: draft per call, read, edit lines, approve per side, follow-up preview, send; the two-recap check.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import {
  ApproveRecapRequestSchema, DraftRecapRequestSchema, EditRecapRequestSchema, FollowUpSchema, RecapCheckSchema, RecapQuerySchema, RecapSchema, SendRecapRequestSchema,
} from "./recap.schemas.ts";
import { approveRecap, draftRecap, editRecap, findCallRecap, getFollowUp, getRecap, sendRecap } from "./recap.service.ts";
import { checkRecaps } from "./recap-check.service.ts";
import { mailerFromEnv, type RichMailer } from "./recap-mailer.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });
// Read BATON_SMTP_URL only when a send is allowed, so "not agreed yet" is the answer before "no mail server".
const lazyEnvMailer: RichMailer = { send: (m) => mailerFromEnv().send(m) };

/** Mounted at /conversations: POST /conversations/{id}/recap, GET /conversations/{id}/recap-check. */
export function createConversationRecapRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/recap", description: "The call's recap: a grounded draft from the record (the existing one unless redraft)",
    request: { params: Id, body: { ...json(DraftRecapRequestSchema), required: false } }, responses: ok(z.object({ recap: RecapSchema })) }), async (c) => {
    const body = DraftRecapRequestSchema.parse(await c.req.json().catch(() => ({})));
    return c.json({ recap: await draftRecap(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor"), redraft: body.redraft }) }, 200);
  });
  app.openapi(createRoute({ method: "get", path: "/{id}/recap", description: "The call's recap, or null when none was drafted",
    request: { params: Id, query: RecapQuerySchema }, responses: ok(z.object({ recap: RecapSchema.nullable() })) }),
  async (c) => c.json({ recap: await findCallRecap(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor"), audience: c.req.valid("query").audience }) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/recap-check", description: "Two recap emails of this call compared with each other and with the call: every divergence with the evidence that settles it",
    request: { params: Id }, responses: ok(z.object({ check: RecapCheckSchema })) }),
  async (c) => c.json({ check: await checkRecaps(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") }) }, 200));
  return app;
}

/** Mounted at /recaps. `mailer` defaults to BATON_SMTP_URL at send time. */
export function createRecapRoutes(opts: { mailer?: RichMailer } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}", description: "A recap as an audience sees it (partner users: the partner rendering)",
    request: { params: Id, query: RecapQuerySchema }, responses: ok(z.object({ recap: RecapSchema })) }),
  async (c) => c.json({ recap: await getRecap(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor"), audience: c.req.valid("query").audience }) }, 200));
  app.openapi(createRoute({ method: "patch", path: "/{id}", description: "Replace the lines: same-meaning edits keep their evidence, others are flagged unsupported; approvals reset",
    request: { params: Id, body: json(EditRecapRequestSchema) }, responses: ok(z.object({ recap: RecapSchema })) }),
  async (c) => c.json({ recap: await editRecap(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/approve", description: "Approve the current version for one selling side (ours | partner; internal users record the partner's with a note)",
    request: { params: Id, body: json(ApproveRecapRequestSchema) }, responses: ok(z.object({ recap: RecapSchema })) }),
  async (c) => c.json({ recap: await approveRecap(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/follow-up", description: "The follow-up email to the buyer in the call's language",
    request: { params: Id }, responses: ok(z.object({ followUp: FollowUpSchema })) }), async (c) => {
    const { to, cc, language, subject, text, html, version, isAgreed } = await getFollowUp(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") });
    return c.json({ followUp: { to, cc, language, subject, text, html, version, isAgreed } }, 200);
  });
  app.openapi(createRoute({ method: "post", path: "/{id}/send", description: "Email the agreed version to the buyer participants, cc partner and our side",
    request: { params: Id, body: { ...json(SendRecapRequestSchema), required: false } }, responses: ok(z.object({ recap: RecapSchema })) }), async (c) => {
    const body = SendRecapRequestSchema.parse(await c.req.json().catch(() => ({})));
    const recap = await sendRecap(c.get("deps"), c.get("actor"), c.req.valid("param").id, { mailer: opts.mailer ?? lazyEnvMailer, from: body.from ?? c.get("user")?.email ?? null });
    return c.json({ recap }, 200);
  });
  return app;
}
