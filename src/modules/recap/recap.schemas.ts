// zod for the recap edge: requests and responses (imports only zod and shared/).
import { z } from "zod";

const SECTIONS = ["discussed", "decisions", "commitments", "questions", "objections"] as const;
const SIDE = z.enum(["ours", "partner", "buyer"]);
export const RecapEvidenceSchema = z.object({ conversationId: z.string(), seq: z.number(), speaker: z.string().nullable(), quote: z.string(), internal: z.boolean().optional() });
export const RecapLineSchema = z.object({
  id: z.string(), section: z.enum(SECTIONS), text: z.string(), evidence: z.array(RecapEvidenceSchema), internal: z.boolean(),
  support: z.enum(["grounded", "unsupported"]), basis: z.string(), formerEvidence: z.array(RecapEvidenceSchema).optional(),
  side: SIDE.nullable().optional(), owner: z.string().nullable().optional(), due: z.string().nullable().optional(), itemId: z.string().nullable().optional(),
});
const ApprovalSchema = z.object({ side: z.enum(["ours", "partner"]), by: z.string(), version: z.number(), at: z.string(), onBehalf: z.boolean(), note: z.string().nullable() });
export const RecapSchema = z.object({
  id: z.string(), dealId: z.string(), conversationId: z.string(), version: z.number(), language: z.string(),
  status: z.enum(["draft", "agreed", "sent"]), audience: z.enum(["internal", "partner", "buyer"]),
  lines: z.array(RecapLineSchema), approvals: z.object({ ours: ApprovalSchema.nullable(), partner: ApprovalSchema.nullable() }),
  isAgreed: z.boolean(), canSend: z.boolean(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
  conversation: z.object({ id: z.string(), title: z.string(), startedAt: z.string(), language: z.string().nullable() }),
  sends: z.array(z.object({ id: z.string(), recapId: z.string(), version: z.number(), messageId: z.string(), to: z.array(z.string()), cc: z.array(z.string()), subject: z.string(), actor: z.string(), at: z.string() })),
});
export type Recap = z.infer<typeof RecapSchema>;

export const DraftRecapRequestSchema = z.object({ redraft: z.boolean().default(false) });
export const RecapQuerySchema = z.object({ audience: z.enum(["internal", "partner", "buyer"]).optional() });
export const EditRecapRequestSchema = z.object({
  version: z.number().int().optional(),
  lines: z.array(z.object({ id: z.string().nullable().optional(), text: z.string().trim().min(1), internal: z.boolean().optional(), section: z.enum(SECTIONS).optional() })),
});
export type EditRecapRequest = z.infer<typeof EditRecapRequestSchema>;
export const ApproveRecapRequestSchema = z.object({ side: z.enum(["ours", "partner"]), note: z.string().max(500).nullable().optional(), version: z.number().int().optional() });
export type ApproveRecapRequest = z.infer<typeof ApproveRecapRequestSchema>;
export const SendRecapRequestSchema = z.object({ from: z.string().email().optional() });
export const FollowUpSchema = z.object({
  language: z.string(), subject: z.string(), text: z.string(), html: z.string(), to: z.array(z.string()), cc: z.array(z.string()), version: z.number(), isAgreed: z.boolean(),
});

export const DivergenceSchema = z.object({
  kind: z.enum(["date", "amount", "owner", "missing", "unsupported"]),
  subject: z.string(),
  statements: z.array(z.object({ source: z.string(), conversationId: z.string().nullable(), seq: z.number().nullable(), says: z.string().nullable() })),
  settledBy: z.array(RecapEvidenceSchema),
  verdict: z.string(),
});
export const RecapCheckSchema = z.object({
  call: z.object({ id: z.string(), title: z.string(), startedAt: z.string() }),
  recaps: z.array(z.object({ conversationId: z.string(), subject: z.string().nullable(), from: z.string().nullable(), date: z.string(), reason: z.string() })),
  divergences: z.array(DivergenceSchema),
});
