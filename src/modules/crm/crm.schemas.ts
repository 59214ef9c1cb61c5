import { z } from "zod";

export const CRM_KINDS = ["hubspot", "salesforce", "pipedrive", "zoho", "freshsales", "webhook"] as const;
const Url = z.string().trim().url();

export const CreateConnectionSchema = z.object({
  kind: z.enum(CRM_KINDS),
  name: z.string().trim().min(1),
  side: z.enum(["ours", "partner"]).default("ours"),
  partnerOrgId: z.string().nullable().optional(),
  baseUrl: Url.nullable().optional(),
  instanceUrl: Url.nullable().optional(),
  accessToken: z.string().min(1).nullable().optional(),
  refreshToken: z.string().min(1).nullable().optional(),
  signingSecret: z.string().min(16, "at least 16 characters").nullable().optional(),
  fieldMapping: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});
export type CreateConnection = z.infer<typeof CreateConnectionSchema>;
export const UpdateConnectionSchema = CreateConnectionSchema.omit({ kind: true, side: true, partnerOrgId: true }).partial();
export type UpdateConnection = z.infer<typeof UpdateConnectionSchema>;

export const ConnectionSchema = z.object({
  id: z.string(), kind: z.enum(CRM_KINDS), name: z.string(), side: z.enum(["ours", "partner"]), partnerOrgId: z.string().nullable(),
  baseUrl: z.string().nullable(), instanceUrl: z.string().nullable(), hasCredentials: z.boolean(), tokenExpiresAt: z.string().nullable(),
  fieldMapping: z.record(z.string(), z.string()), enabled: z.boolean(), dryRun: z.boolean(), lastOkAt: z.string().nullable(),
  lastError: z.string().nullable(), health: z.enum(["ok", "failing", "unknown"]), createdAt: z.string(),
});

export const OutboxRowSchema = z.object({
  id: z.string(), connectionId: z.string(), dealId: z.string(), op: z.string(), batonId: z.string(), idempotencyKey: z.string(),
  status: z.enum(["pending", "in_flight", "done", "dead"]), attempts: z.number(), nextAttemptAt: z.string(), lastError: z.string().nullable(),
  lastStatus: z.number().nullable(), reason: z.string().nullable(), createdAt: z.string(), doneAt: z.string().nullable(), dryRunPlan: z.unknown().nullable(),
});
export const OutboxQuerySchema = z.object({ status: z.enum(["pending", "in_flight", "done", "dead"]).optional(), dealId: z.string().optional() });
export const OAuthStartQuerySchema = z.object({ name: z.string().trim().min(1).optional(), side: z.enum(["ours", "partner"]).default("ours"), partnerOrgId: z.string().optional(), dryRun: z.enum(["true", "false"]).optional() });
export const OAuthCallbackQuerySchema = z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() });
