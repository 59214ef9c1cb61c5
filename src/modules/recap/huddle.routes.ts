// HTTP edge of huddles: the weekly invite (ICS or emailed) per deal or partner, huddles held per deal.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { HUDDLE_WEEKDAYS } from "./huddle.ts";
import { buildHuddleInvite, listHuddles, recordHuddle, sendHuddleInvite } from "./huddle.service.ts";
import { mailerFromEnv, type RichMailer } from "./recap-mailer.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, ...json(schema) } });
const Id = z.object({ id: z.string() });
export const HuddleScheduleSchema = z.object({
  start: z.string().datetime({ offset: true }).optional(), weekday: z.enum(HUDDLE_WEEKDAYS).optional(), time: z.string().regex(/^\d{2}:\d{2}$/).optional(),
});
const InviteSchema = z.object({ title: z.string(), start: z.string(), durationMinutes: z.number(), attendees: z.array(z.object({ name: z.string(), email: z.string() })), ics: z.string(), messageId: z.string().optional() });
const HeldSchema = z.object({ dealId: z.string(), count: z.number(), huddles: z.array(z.object({ conversationId: z.string(), heldAt: z.string(), title: z.string(), notes: z.string() })) });
export const RecordHuddleSchema = z.object({ heldAt: z.string().datetime({ offset: true }), notes: z.string().trim().min(1) });

function scopeRoutes(scope: "deal" | "partner", mailer: () => RichMailer) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/huddle.ics", description: `The weekly 15-minute ${scope} huddle as ICS (RRULE weekly)`, request: { params: Id, query: HuddleScheduleSchema },
    responses: { 200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } } } }), async (c) => {
    const invite = await buildHuddleInvite(c.get("deps"), { [scope]: c.req.valid("param").id }, c.req.valid("query"), { actor: c.get("actor") });
    return c.body(invite.ics, 200, { "content-type": "text/calendar; charset=utf-8", "content-disposition": 'attachment; filename="huddle.ics"' });
  });
  app.openapi(createRoute({ method: "post", path: "/{id}/huddle/invite", description: `Email the weekly ${scope} huddle invitation (text/calendar part)`,
    request: { params: Id, body: { ...json(HuddleScheduleSchema), required: false } }, responses: ok(z.object({ invite: InviteSchema })) }), async (c) => {
    const schedule = HuddleScheduleSchema.parse(await c.req.json().catch(() => ({})));
    const invite = await sendHuddleInvite(c.get("deps"), c.get("actor"), { [scope]: c.req.valid("param").id }, schedule, { mailer: mailer(), from: c.get("user")?.email ?? "baton@localhost" });
    return c.json({ invite }, 200);
  });
  return app;
}

/** Mounted at /deals: GET /deals/{id}/huddle.ics, POST /deals/{id}/huddle/invite, GET|POST /deals/{id}/huddles. */
export function createDealHuddleRoutes(opts: { mailer?: RichMailer } = {}) {
  const app = scopeRoutes("deal", () => opts.mailer ?? mailerFromEnv());
  app.openapi(createRoute({ method: "get", path: "/{id}/huddles", description: "Huddles held on this deal, counted", request: { params: Id }, responses: ok(HeldSchema) }),
    async (c) => c.json(await listHuddles(c.get("deps"), c.req.valid("param").id, { actor: c.get("actor") }), 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/huddles", description: "Record a huddle held (its notes become a notes conversation)",
    request: { params: Id, body: json(RecordHuddleSchema) }, responses: ok(HeldSchema) }),
  async (c) => c.json(await recordHuddle(c.get("deps"), c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200));
  return app;
}

/** Mounted at /partners: GET /partners/{id}/huddle.ics, POST /partners/{id}/huddle/invite. */
export function createPartnerHuddleRoutes(opts: { mailer?: RichMailer } = {}) {
  return scopeRoutes("partner", () => opts.mailer ?? mailerFromEnv());
}
