import { z } from "zod";

export const MOTIONS = ["referral", "resell", "co-sell"] as const;
const Ref = z.object({ id: z.string(), name: z.string() });
export const DealSummarySchema = z.object({
  id: z.string(), slug: z.string(), name: z.string(), stage: z.string(), motion: z.enum(MOTIONS),
  amount: z.number().nullable(), currency: z.string().nullable(), buyer: Ref.nullable(), partners: z.array(Ref),
  owner: Ref.nullable(), conversationCount: z.number(), lastConversationAt: z.string().nullable(), updatedAt: z.string(),
});
export type DealSummary = z.infer<typeof DealSummarySchema>;
export const DealSchema = DealSummarySchema.extend({
  timezone: z.string(), backupOwner: Ref.nullable(), partnerOwner: Ref.nullable(),
});
export type Deal = z.infer<typeof DealSchema>;

export const ListDealsQuerySchema = z.object({
  q: z.string().optional(), stage: z.string().optional(), motion: z.enum(MOTIONS).optional(), partner: z.string().optional(),
});
export type ListDealsQuery = z.infer<typeof ListDealsQuerySchema>;

export const CreateDealSchema = z.object({
  name: z.string().trim().min(1),
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes").optional(),
  buyerOrgId: z.string().nullable().default(null),
  partnerOrgIds: z.array(z.string()).default([]),
  motion: z.enum(MOTIONS).default("co-sell"),
  stage: z.string().trim().min(1).default("intro"),
  amount: z.number().nonnegative().nullable().default(null),
  currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code").nullable().default(null),
  ownerId: z.string().nullable().default(null),
  backupOwnerId: z.string().nullable().default(null),
  partnerOwnerId: z.string().nullable().default(null),
  timezone: z.string().optional(),
  peopleIds: z.array(z.string()).default([]),
});
export type CreateDeal = z.infer<typeof CreateDealSchema>;
export const UpdateDealSchema = z.object({
  name: z.string().trim().min(1).optional(), stage: z.string().trim().min(1).optional(), motion: z.enum(MOTIONS).optional(),
  amount: z.number().nonnegative().nullable().optional(), currency: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
  buyerOrgId: z.string().nullable().optional(), partnerOrgIds: z.array(z.string()).optional(),
  ownerId: z.string().nullable().optional(), backupOwnerId: z.string().nullable().optional(), partnerOwnerId: z.string().nullable().optional(),
  timezone: z.string().optional(), peopleIds: z.array(z.string()).optional(),
});
export type UpdateDeal = z.infer<typeof UpdateDealSchema>;
