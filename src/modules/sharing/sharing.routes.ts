// HTTP edge of sharing: buyer links (create on an agreed recap, list per deal, revoke), the buyer's public page
// (/api/share/:token — the token is the credential; no session, no API token), and exports per audience.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { readClientIp } from "../auth/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import { createBuyerLink, listBuyerLinks, revokeBuyerLink, viewSharedRecap } from "./buyer-links.service.ts";
import { exportDeal } from "./export.service.ts";
import { BuyerLinkCreatedSchema, BuyerLinkSchema, CreateBuyerLinkSchema, ExportQuerySchema, ShareViewSchema } from "./sharing.schemas.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });
const tags = ["sharing"];

/** BATON_PUBLIC_URL when set (links must work from outside), else the origin the request came to. */
const baseUrlOf = (c: Context<AppEnv>) => process.env.BATON_PUBLIC_URL || new URL(c.req.url).origin;
const requestContext = (c: Context<AppEnv>) => ({ ip: readClientIp(c), userAgent: c.req.header("user-agent") ?? null });

/** Mounted at /recaps: POST /recaps/{id}/buyer-links. */
export function createRecapBuyerLinkRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/buyer-links", tags, description: "A signed, expiring link to this AGREED recap for the buyer (409 while not agreed)",
    request: { params: Id, body: { ...json(CreateBuyerLinkSchema), required: false } }, responses: ok(BuyerLinkCreatedSchema) }), async (c) => {
    const body = CreateBuyerLinkSchema.parse(await c.req.json().catch(() => ({})));
    const link = await createBuyerLink(c.get("deps"), c.get("actor"), c.req.valid("param").id, { ...body, ...requestContext(c) }, { baseUrl: baseUrlOf(c) });
    return c.json({ link }, 200);
  });
  return app;
}

/** Mounted at /deals: GET /deals/{id}/buyer-links, GET /deals/{id}/export. */
export function createDealSharingRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/buyer-links", tags, description: "The deal's buyer links (active ones with their URL), newest first",
    request: { params: Id }, responses: ok(z.object({ links: z.array(BuyerLinkSchema) })) }),
  async (c) => c.json({ links: await listBuyerLinks(c.get("deps"), c.req.valid("param").id, { baseUrl: baseUrlOf(c) }) }, 200));
  app.openapi(createRoute({ method: "get", path: "/{id}/export", tags, description: "The deal's shared record as Markdown, HTML or JSON for an audience (partner users: always the partner audience)",
    request: { params: Id, query: ExportQuerySchema },
    responses: { 200: { description: "The export", content: { "text/markdown": { schema: z.string() }, "text/html": { schema: z.string() }, "application/json": { schema: z.object({}).passthrough() } } } } }), async (c) => {
    const q = c.req.valid("query");
    const out = await exportDeal(c.get("deps"), c.get("actor"), c.req.valid("param").id, { format: q.format, audience: q.audience, ...requestContext(c) });
    c.header("content-type", out.contentType);
    c.header("content-disposition", `attachment; filename="${out.filename}"`);
    c.header("x-baton-audience", out.audience);
    return c.body(out.body, 200) as never;
  });
  return app;
}

/** Mounted at /buyer-links: DELETE /buyer-links/{id}. */
export function createBuyerLinkRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "delete", path: "/{id}", tags, description: "Revoke a buyer link (its page answers 404 from now on)",
    request: { params: Id }, responses: ok(z.object({ revoked: z.boolean() })) }), async (c) => {
    await revokeBuyerLink(c.get("deps"), c.get("actor"), c.req.valid("param").id, requestContext(c));
    return c.json({ revoked: true }, 200);
  });
  return app;
}

/** Mounted PUBLIC at /share: GET /share/{token}. */
export function createShareRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{token}", tags, description: "The buyer's page: the agreed recap and the buyer's own open commitments (404 for an expired, revoked or forged link)",
    request: { params: z.object({ token: z.string().max(600) }) }, responses: ok(ShareViewSchema) }), async (c) => {
    const view = await viewSharedRecap(c.get("deps"), c.req.valid("param").token, requestContext(c));
    c.header("cache-control", "no-store");
    return c.json(view, 200);
  });
  return app;
}
