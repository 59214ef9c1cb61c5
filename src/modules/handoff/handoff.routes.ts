// HTTP edge of the handoff: intake (mounted at /intake) and the deal's handoff (mounted at /deals).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { invalidInput } from "../../shared/errors.ts";
import {
  EditBriefSchema, FollowUpDraftSchema, HandoffViewSchema, IntakeResultSchema, RecordActionSchema, SetOwnersSchema, StoredBriefSchema,
} from "./handoff.schemas.ts";
import { editBrief, getFirstFollowUp, getHandoffRow, getHandoffView, recordFirstAction, setHandoffOwners } from "./handoff.service.ts";
import { intakeIntro } from "./intake-intro.ts";
import { MAX_INTRO_BYTES } from "./rfc5322.ts";

const Id = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T) => ({ 200: { description: "OK", ...json(schema) } });

export function createIntakeRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({
    method: "post", path: "/", description: "Take in a partner's intro email: multipart field `file`, or the raw message as message/rfc822",
    request: { body: { content: { "multipart/form-data": { schema: z.object({ file: z.any() }) }, "message/rfc822": { schema: z.string() } } } },
    responses: ok(IntakeResultSchema),
  }), async (c) => {
    const isRaw = !(c.req.header("content-type") ?? "").startsWith("multipart/");
    const file = isRaw ? null : (await c.req.formData()).get("file");
    if (!isRaw && (!file || typeof file === "string")) throw invalidInput("No file uploaded", [{ field: "file", message: "send the .eml as `file`" }]);
    const content = Buffer.from(isRaw ? await c.req.arrayBuffer() : await (file as File).arrayBuffer());
    if (!content.length || content.length > MAX_INTRO_BYTES) throw invalidInput(`The intro must be 1 byte to ${MAX_INTRO_BYTES} bytes`, [{ field: "file", message: `${content.length} bytes` }]);
    return c.json(await intakeIntro(c.get("deps"), c.get("actor"), { content }), 200);
  });
  return app;
}

export function createHandoffRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/handoff", request: { params: Id }, responses: ok(z.object({ handoff: HandoffViewSchema })) }),
    async (c) => c.json({ handoff: await getHandoffView(c.get("deps"), c.req.valid("param").id) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/brief", request: { params: Id }, responses: ok(z.object({ brief: StoredBriefSchema })) }),
    async (c) => c.json({ brief: (await getHandoffRow(c.get("deps"), c.req.valid("param").id)).brief }, 200));
  app.openapi(createRoute({ method: "patch", path: "/{id}/brief", request: { params: Id, body: json(EditBriefSchema) }, responses: ok(z.object({ brief: StoredBriefSchema })) }),
    async (c) => c.json({ brief: await editBrief(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/first-follow-up", request: { params: Id }, responses: ok(FollowUpDraftSchema) }),
    async (c) => c.json(await getFirstFollowUp(c.get("deps"), c.req.valid("param").id), 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/actions", request: { params: Id, body: json(RecordActionSchema) }, responses: ok(z.object({ handoff: HandoffViewSchema })) }), async (c) => {
    const { kind, at } = c.req.valid("json");
    return c.json({ handoff: await recordFirstAction(c.get("deps"), c.get("actor"), c.req.valid("param").id, { kind, at: at ? new Date(at) : undefined }) }, 200);
  });
  app.openapi(createRoute({ method: "put", path: "/{id}/handoff/owners", request: { params: Id, body: json(SetOwnersSchema) }, responses: ok(z.object({ handoff: HandoffViewSchema })) }),
    async (c) => c.json({ handoff: await setHandoffOwners(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}
