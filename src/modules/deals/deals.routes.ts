import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import { getWorkspace, PersonSchema } from "../directory/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import { getDealPageBytes } from "./deal-page.repo.ts";
import { listDeals } from "./deals.repo.ts";
import { CreateDealSchema, DealSchema, DealSummarySchema, ListDealsQuerySchema, UpdateDealSchema } from "./deals.schemas.ts";
import { createDeal, deleteDeal, updateDeal } from "./deals.service.ts";

const Id = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T) => ({ 200: { description: "OK", ...json(schema) } });
const ConversationSummarySchema = z.object({
  id: z.string(), kind: z.enum(["call", "email", "notes"]), title: z.string(), sourceFile: z.string().nullable(), startedAt: z.string(),
  durationMs: z.number(), sourceFormat: z.string(), language: z.string().nullable(), utteranceCount: z.number(), isInternal: z.boolean(), heldForConsent: z.boolean(),
  speakers: z.array(z.object({ label: z.string(), personId: z.string().nullable(), name: z.string().nullable(), side: z.string().nullable(), consent: z.string(), method: z.string() })),
});
const DealPageSchema = z.object({ deal: DealSchema, people: z.array(PersonSchema), conversations: z.array(ConversationSummarySchema) });

export function createDealRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/", request: { query: ListDealsQuerySchema }, responses: ok(z.object({ deals: z.array(DealSummarySchema) })) }),
    async (c) => {
      const d = c.get("deps");
      const actor = c.get("actor");
      // Partner users list only the deals shared with their organisation (none when they belong to none).
      const scope = actor.role === "partner" ? { sharedWithOrgId: actor.partnerOrgId ?? "" } : {};
      return c.json({ deals: await listDeals(d, (await getWorkspace(d)).id, { ...c.req.valid("query"), ...scope }) }, 200);
    });
  app.openapi(createRoute({ method: "post", path: "/", request: { body: json(CreateDealSchema) }, responses: ok(z.object({ deal: DealSchema })) }),
    async (c) => c.json({ deal: await createDeal(c.get("deps"), c.get("actor"), c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}", request: { params: Id }, responses: ok(DealPageSchema) }), async (c) => {
    // One statement for the whole page; partner users never learn of conversations kept internal as a whole (nor count them).
    const body = await getDealPageBytes(c.get("deps"), c.req.valid("param").id, { partnerView: c.get("actor").role === "partner" });
    // The JSON text is made already (src/modules/deals/deal-page.repo.ts): the same bytes c.json would send.
    const res = c.body(body, 200, { "content-type": "application/json" });
    return res as unknown as TypedResponse<z.infer<typeof DealPageSchema>, 200, "json">;
  });
  app.openapi(createRoute({ method: "patch", path: "/{id}", request: { params: Id, body: json(UpdateDealSchema) }, responses: ok(z.object({ deal: DealSchema })) }),
    async (c) => c.json({ deal: await updateDeal(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")) }, 200));
  app.openapi(createRoute({ method: "delete", path: "/{id}", request: { params: Id }, responses: ok(z.object({ deleted: z.boolean() })) }),
    async (c) => { await deleteDeal(c.get("deps"), c.get("actor"), c.req.valid("param").id); return c.json({ deleted: true }, 200); });
  return app;
}
