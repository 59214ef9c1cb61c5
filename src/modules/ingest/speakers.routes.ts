import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { listProposedPeople } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import {
  MapSpeakerBodySchema, MapSpeakerResultSchema, ProposedPersonSchema, RecordConsentBodySchema, RecordConsentResultSchema,
} from "./speakers.schemas.ts";
import { mapSpeaker, recordConsent } from "./speakers.service.ts";

const Id = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, content: { "application/json": { schema } } } });

/** Mounted at /conversations: map a speaker label to a person, record a speaker's consent. */
export function createSpeakerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/speakers", request: { params: Id, body: json(MapSpeakerBodySchema) },
    description: "Map a speaker label to a person of the deal (all its utterances), then re-extract", responses: ok(MapSpeakerResultSchema) }),
  async (c) => c.json(await mapSpeaker(c.get("deps"), c.get("actor"), { conversationId: c.req.valid("param").id, ...c.req.valid("json") }), 200));
  app.openapi(createRoute({ method: "post", path: "/{id}/consent", request: { params: Id, body: json(RecordConsentBodySchema) },
    description: "Record a speaker's recording consent; releases a conversation held for consent", responses: ok(RecordConsentResultSchema) }),
  async (c) => c.json(await recordConsent(c.get("deps"), c.get("actor"), { conversationId: c.req.valid("param").id, ...c.req.valid("json") }), 200));
  return app;
}

/** Mounted at /deals: people proposed from transcripts, waiting for a person to accept them. */
export function createProposedPeopleRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/proposed-people", request: { params: Id },
    description: "Self-introduced names not on the deal's roster", responses: ok(z.object({ proposedPeople: z.array(ProposedPersonSchema) })) }),
  async (c) => {
    const d = c.get("deps");
    return c.json({ proposedPeople: await listProposedPeople(d, (await getDeal(d, c.req.valid("param").id)).id) }, 200);
  });
  return app;
}
