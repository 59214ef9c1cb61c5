// Requests and responses of delivery: destinations (secrets go in, never out) and sends.
import { z } from "zod";

export const DELIVERY_CHANNELS = ["email", "slack-webhook", "slack-api"] as const;
export const DELIVERY_AUDIENCES = ["ours", "partner", "buyer"] as const;
export const DELIVERY_ARTEFACTS = ["recap", "brief", "sla", "walk"] as const;
export const AUTO_SENDERS = ["walk", "sla"] as const;

export const CreateDestinationSchema = z.object({
  name: z.string().trim().min(1).max(80),
  channel: z.enum(DELIVERY_CHANNELS),
  audience: z.enum(DELIVERY_AUDIENCES),
  partnerOrgId: z.string().min(1).nullable().optional(),
  /** email: addresses (comma-separated or a list); slack-api: the channel id (C…); slack-webhook: a label such as "#co-sell". */
  target: z.union([z.string().trim(), z.array(z.string().trim())]).optional(),
  /** slack-webhook only: the incoming webhook URL (stored sealed). */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** slack-api only: the bot token xoxb-… (stored sealed). */
  token: z.string().trim().regex(/^xox[bp]-[A-Za-z0-9-]+$/, "a Slack bot token (xoxb-…)").optional(),
  /** Automatic senders that also post here. */
  auto: z.array(z.enum(AUTO_SENDERS)).default([]),
});
export type CreateDestination = z.infer<typeof CreateDestinationSchema>;

export const DestinationSchema = z.object({
  id: z.string(), name: z.string(), channel: z.enum(DELIVERY_CHANNELS), audience: z.enum(DELIVERY_AUDIENCES),
  partnerOrgId: z.string().nullable(), partnerName: z.string().nullable(), target: z.string(),
  /** Where the secret points, without the secret: the webhook's host, or "bot token". */
  secretHint: z.string().nullable(), auto: z.array(z.string()), createdAt: z.string(),
});
export type Destination = z.infer<typeof DestinationSchema>;

const Emails = z.array(z.email()).max(50);
export const CreateDealDeliverySchema = z.object({
  artefact: z.enum(["recap", "brief", "sla"]),
  recapId: z.string().min(1).optional(),
  destinationIds: z.array(z.string().min(1)).max(50).default([]),
  /** Addresses that need not be Baton users (a partner without an account gets the artefact by email). */
  emails: Emails.default([]),
  audience: z.enum(DELIVERY_AUDIENCES),
});
export type CreateDealDelivery = z.infer<typeof CreateDealDeliverySchema>;

export const CreateWalkDeliverySchema = z.object({
  partnerOrgId: z.string().min(1).optional(),
  destinationIds: z.array(z.string().min(1)).max(50).default([]),
  emails: Emails.default([]),
  audience: z.enum(DELIVERY_AUDIENCES),
  week: z.string().regex(/^\d{4}-W\d{2}$/).optional(),
});
export type CreateWalkDelivery = z.infer<typeof CreateWalkDeliverySchema>;

export const DeliveryResultSchema = z.object({
  deliveryId: z.string(), destinationId: z.string().nullable(), channel: z.enum(DELIVERY_CHANNELS), target: z.string(),
  status: z.enum(["sent", "failed"]), error: z.string().nullable(),
  /** True when this exact message had already been sent to this target: nothing was sent again. */
  duplicate: z.boolean(),
});
export type DeliveryResult = z.infer<typeof DeliveryResultSchema>;

export const DeliverySchema = z.object({
  id: z.string(), dealId: z.string().nullable(), partnerOrgId: z.string().nullable(), artefact: z.enum(DELIVERY_ARTEFACTS), artefactId: z.string().nullable(),
  audience: z.enum(DELIVERY_AUDIENCES), channel: z.enum(DELIVERY_CHANNELS), destinationId: z.string().nullable(), target: z.string(),
  status: z.enum(["sent", "failed"]), error: z.string().nullable(), externalId: z.string().nullable(), payloadDigest: z.string(), actor: z.string(), sentAt: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;
