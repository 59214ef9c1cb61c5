import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { findConversation, listConversationSpeakers, listProposedPeople } from "../conversations/index.ts";
import { notFound } from "../../shared/errors.ts";
import { getDeal } from "../deals/index.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import {
  MapSpeakerBodySchema, MapSpeakerResultSchema, ProposedPersonActionSchema, ProposedPersonResultSchema, ProposedPersonSchema, RecordConsentBodySchema, RecordConsentResultSchema,
} from "./speakers.schemas.ts";
import { mapSpeaker, recordConsent, settleProposedPerson } from "./speakers.service.ts";

const Id = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const ok = <T extends z.ZodType>(schema: T, description = "OK") => ({ 200: { description, content: { "application/json": { schema } } } });

/** Mounted at /conversations: map a speaker label to a person, record a speaker's consent. */
export function createSpeakerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/{id}/speakers", request: { params: Id },
    description: "The conversation's speaker labels: who each is mapped to, and their recording consent",
    responses: ok(z.object({ heldForConsent: z.boolean(), speakers: z.array(z.object({ label: z.string(), personId: z.string().nullable(), name: z.string().nullable(),
      side: z.string().nullable(), method: z.string(), consent: z.string() })) })) }),
  async (c) => {
    const d = c.get("deps");
    const conv = await findConversation(d, c.req.valid("param").id);
    if (!conv) throw notFound(`Conversation ${c.req.valid("param").id}`);
    const speakers = (await listConversationSpeakers(d, conv.id)).map((s) => ({ label: s.label, personId: s.personId, name: s.name, side: s.side, method: s.method, consent: s.consent }));
    return c.json({ heldForConsent: conv.heldForConsent, speakers }, 200);
  });
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
  app.openapi(createRoute({ method: "post", path: "/{id}/proposed-people/{proposalId}", request: { params: z.object({ id: z.string(), proposalId: z.string() }), body: json(ProposedPersonActionSchema) },
    description: "Accept a proposed person (creates them on an organisation, adds them to the deal, maps the speaker label) or dismiss the proposal",
    responses: ok(ProposedPersonResultSchema) }),
  async (c) => {
    const { id, proposalId } = c.req.valid("param");
    return c.json(await settleProposedPerson(c.get("deps"), c.get("actor"), id, proposalId, c.req.valid("json")), 200);
  });
  return app;
}
