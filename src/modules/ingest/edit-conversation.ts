// Correcting or removing a stored conversation. Lives in ingest because removal re-runs the deal's extraction
// (fulfilments in other calls may point at commitments made in this one) in the same transaction.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { logActivity } from "../activity/index.ts";
import { findConversation } from "../conversations/index.ts";
import { getWorkspace } from "../directory/index.ts";
import { runDealExtraction } from "../extraction/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { notFound } from "../../shared/errors.ts";

export const UpdateConversationSchema = z.object({
  title: z.string().trim().min(1).optional(),
  kind: z.enum(["call", "email", "notes"]).optional(),
  startedAt: z.string().datetime({ offset: true }).optional(),
});
export type UpdateConversation = z.infer<typeof UpdateConversationSchema>;

export async function updateConversation(deps: Deps, actor: Actor, id: string, patch: UpdateConversation) {
  const conv = await findConversation(deps, id);
  if (!conv) throw notFound(`Conversation ${id}`);
  const changes = {
    ...(patch.title ? { title: patch.title } : {}), ...(patch.kind ? { kind: patch.kind } : {}),
    ...(patch.startedAt ? { started_at: new Date(patch.startedAt) } : {}),
  };
  if (!Object.keys(changes).length) return conv; // nothing to change (as for the other PATCH routes)
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    await trx.updateTable("conversations").set(changes).where("id", "=", id).execute();
    // A new date changes what "by Thursday" means and which call came first.
    if (patch.startedAt) await runDealExtraction(tx, conv.dealId);
    await logActivity(tx, { workspaceId: (await getWorkspace(tx)).id, dealId: conv.dealId, actor, action: "update", entity: "conversation", entityId: id, data: patch });
    return (await findConversation(tx, id))!;
  });
}

export async function deleteConversation(deps: Deps, actor: Actor, id: string) {
  const conv = await findConversation(deps, id);
  if (!conv) throw notFound(`Conversation ${id}`);
  await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    await trx.deleteFrom("conversations").where("id", "=", id).execute();
    await runDealExtraction(tx, conv.dealId);
    await logActivity(tx, { workspaceId: (await getWorkspace(tx)).id, dealId: conv.dealId, actor, action: "delete", entity: "conversation", entityId: id, data: { title: conv.title, file: conv.sourceFile } });
  });
}

export function createConversationEditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const Params = z.object({ id: z.string() });
  app.openapi(createRoute({ method: "patch", path: "/{id}", request: { params: Params, body: { content: { "application/json": { schema: UpdateConversationSchema } } } },
    responses: { 200: { description: "Updated", content: { "application/json": { schema: z.object({ conversation: z.object({ id: z.string(), title: z.string(), kind: z.string(), startedAt: z.string() }).passthrough() }) } } } } }),
    async (c) => {
      const { languages: _l, email: _e, ...conversation } = await updateConversation(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json"));
      return c.json({ conversation }, 200);
    });
  app.openapi(createRoute({ method: "delete", path: "/{id}", request: { params: Params },
    responses: { 200: { description: "Deleted with its utterances and items", content: { "application/json": { schema: z.object({ deleted: z.boolean() }) } } } } }),
    async (c) => { await deleteConversation(c.get("deps"), c.get("actor"), c.req.valid("param").id); return c.json({ deleted: true }, 200); });
  return app;
}
