import { z } from "zod";
import { SIDES } from "../../shared/sides.ts";

export const MapSpeakerBodySchema = z.object({ label: z.string().min(1), personId: z.string().min(1) });
export const MapSpeakerSchema = MapSpeakerBodySchema.extend({ conversationId: z.string().min(1) });
export type MapSpeaker = z.infer<typeof MapSpeakerSchema>;

export const RecordConsentBodySchema = z.object({
  label: z.string().min(1), status: z.enum(["granted", "declined", "unknown"]), note: z.string().trim().max(2000).optional(),
});
export const RecordConsentSchema = RecordConsentBodySchema.extend({ conversationId: z.string().min(1) });
export type RecordConsent = z.infer<typeof RecordConsentSchema>;

const ExtractionRunSchema = z.object({ conversations: z.number(), items: z.number(), dropped: z.number() }).nullable();
export const MapSpeakerResultSchema = z.object({
  conversationId: z.string(), label: z.string(), personId: z.string(), name: z.string(), side: z.enum(SIDES).nullable(),
  utterances: z.number(), extraction: ExtractionRunSchema,
});
export const RecordConsentResultSchema = z.object({
  conversationId: z.string(), label: z.string(), status: z.string(), heldForConsent: z.boolean(), pendingConsent: z.array(z.string()),
  extraction: ExtractionRunSchema,
});
export const ProposedPersonSchema = z.object({
  id: z.string(), conversationId: z.string(), conversationTitle: z.string(), label: z.string(), name: z.string(),
  evidence: z.object({ seq: z.number(), quote: z.string() }).nullable(), status: z.string(), personId: z.string().nullable(),
});

export const ProposedPersonActionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("accept"), orgId: z.string().min(1).optional(), side: z.enum(SIDES).optional(),
    title: z.string().trim().min(1).optional(), email: z.string().trim().toLowerCase().email().optional(),
  }),
  z.object({ action: z.literal("dismiss") }),
]);
export type ProposedPersonAction = z.infer<typeof ProposedPersonActionSchema>;
export const ProposedPersonResultSchema = z.object({
  proposalId: z.string(), status: z.enum(["accepted", "dismissed"]), personId: z.string().nullable(), mapping: MapSpeakerResultSchema.nullable(),
});
