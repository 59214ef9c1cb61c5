import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { getDeal } from "../deals/index.ts";
import { getWorkspace } from "../directory/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import { notFound } from "../../shared/errors.ts";
import { findItem, listItems, setItemInternal, setItemReview, type StoredItem } from "./extraction.repo.ts";
import { extractDealJob } from "./extraction.jobs.ts";
import { enqueueJob } from "../jobs/index.ts";

const ItemSchema = z.object({
  id: z.string(), kind: z.string(), localId: z.string(), conversationId: z.string(), review: z.string(),
  data: z.record(z.string(), z.unknown()), evidence: z.object({ conversationId: z.string(), seq: z.number(), atMs: z.number(), speaker: z.string().nullable(), quote: z.string() }),
}).passthrough();
const ReviewSchema = z.object({
  review: z.enum(["confirmed", "corrected", "dismissed", "proposed"]).optional(),
  correction: z.record(z.string(), z.unknown()).optional(),
  /** Keep the item from partner users (true) or share it again (false); survives re-extraction. */
  internal: z.boolean().optional(),
}).refine((b) => b.review !== undefined || b.internal !== undefined, { message: "Send review or internal", path: ["review"] });

function present(i: StoredItem) {
  const data = { ...i.data, ...(i.humanData ?? {}) };
  return { id: i.id, kind: i.kind, localId: i.localId, conversationId: i.conversationId, review: i.review, data, ...data, isInternal: i.isInternal,
    evidence: { conversationId: i.conversationId, seq: i.seq, atMs: i.atMs, speaker: i.speaker, quote: i.quote } };
}

export function createDealItemRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/items", request: { params: z.object({ id: z.string() }), query: z.object({ conversationId: z.string().optional(), includeDismissed: z.enum(["true", "false"]).optional() }) },
    responses: { 200: { description: "Extracted items with evidence", content: { "application/json": { schema: z.object({ items: z.array(ItemSchema) }) } } } } }), async (c) => {
    const d = c.get("deps");
    const deal = await getDeal(d, c.req.valid("param").id);
    const q = c.req.valid("query");
    const items = await listItems(d, { dealId: deal.id, conversationId: q.conversationId, includeDismissed: q.includeDismissed === "true" });
    // Partner users never see internal items (marking a conversation or a range internal marks its items too).
    const visible = c.get("actor").role === "partner" ? items.filter((i) => !i.isInternal) : items;
    return c.json({ items: visible.map(present) }, 200);
  });
  app.openapi(createRoute({ method: "post", path: "/{id}/reextract", request: { params: z.object({ id: z.string() }) }, description: "Queue a re-run of extraction over the deal (human decisions are kept)",
    responses: { 200: { description: "Queued", content: { "application/json": { schema: z.object({ jobId: z.string() }) } } } } }), async (c) => {
    const d = c.get("deps");
    const deal = await getDeal(d, c.req.valid("param").id);
    const { id } = await enqueueJob(d, extractDealJob, { dealId: deal.id });
    return c.json({ jobId: String(id) }, 200);
  });
  return app;
}

export function createItemRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "patch", path: "/{id}", request: { params: z.object({ id: z.string() }), body: { content: { "application/json": { schema: ReviewSchema } } } },
    description: "Confirm, correct or dismiss an extracted item; the decision survives re-extraction",
    responses: { 200: { description: "Updated", content: { "application/json": { schema: z.object({ item: ItemSchema }) } } } } }), async (c) => {
    const d = c.get("deps");
    const id = c.req.valid("param").id;
    const body = c.req.valid("json");
    const item = await findItem(d, id);
    if (!item) throw notFound(`Item ${id}`);
    const human = body.review === "corrected" ? { ...(item.humanData ?? {}), ...(body.correction ?? {}) } : item.humanData;
    const changesInternal = body.internal !== undefined && body.internal !== item.isInternal;
    await d.db.transaction().execute(async (trx) => {
      const workspaceId = (await getWorkspace({ db: trx })).id;
      if (body.review) {
        await setItemReview({ db: trx }, id, body.review, human, d.clock.now());
        await logActivity({ db: trx, clock: d.clock }, { workspaceId, dealId: item.dealId, actor: c.get("actor"), action: `item.${body.review}`, entity: "item", entityId: id, data: body });
      }
      if (changesInternal) {
        await setItemInternal({ db: trx }, id, body.internal!, d.clock.now());
        await logActivity({ db: trx, clock: d.clock }, { workspaceId, dealId: item.dealId, actor: c.get("actor"), action: body.internal ? "item.internal" : "item.shared", entity: "item", entityId: id, data: { internal: body.internal } });
      }
      // A confirmed, corrected or dismissed item, or one kept from partners, changes what connected CRMs get.
      if (body.review || changesInternal) {
        await enqueueCrmSync({ db: trx, clock: d.clock }, { dealId: item.dealId, reason: body.review ? `item.${body.review}` : "item.internal" });
      }
    });
    return c.json({ item: present((await findItem(d, id))!) }, 200);
  });
  return app;
}
