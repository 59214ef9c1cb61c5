// zod for the audit edge: the query of GET /api/audit and its answer (imports only zod).
import { z } from "zod";

export const AUDIT_ACTIONS = ["view", "export", "share", "change", "login", "invite"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ACTOR_KINDS = ["user", "buyer-link", "cli", "system"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const AuditQuerySchema = z.object({
  dealId: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Cursor: entries with an id below this one (the previous page's nextBefore). */
  before: z.string().regex(/^\d+$/, "a numeric audit entry id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.string(), workspaceId: z.string().nullable(), actorId: z.string(), actorKind: z.enum(AUDIT_ACTOR_KINDS),
  action: z.enum(AUDIT_ACTIONS), entity: z.string(), entityId: z.string().nullable(), dealId: z.string().nullable(),
  ip: z.string().nullable(), userAgent: z.string().nullable(), data: z.record(z.string(), z.unknown()), at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextBefore: z.string().nullable() });
