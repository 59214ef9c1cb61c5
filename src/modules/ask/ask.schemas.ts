import { z } from "zod";

export const AskRequestSchema = z.object({ question: z.string().trim().min(3).max(500) });
export type AskRequest = z.infer<typeof AskRequestSchema>;

export const AskEvidenceSchema = z.object({
  conversationId: z.string(), conversation: z.string(), seq: z.number(), at: z.string(), atMs: z.number(),
  speaker: z.string().nullable(), side: z.enum(["ours", "partner", "buyer"]).nullable(), quote: z.string(),
});
export const AskResponseSchema = z.object({
  q: z.string(), answer: z.string(), confidence: z.enum(["strong", "weak", "none"]), evidence: z.array(AskEvidenceSchema),
  /** Present when a language model was asked to phrase the answer. */
  phrasing: z.object({ model: z.string(), used: z.boolean(), citationsDropped: z.number().int(), error: z.string().optional() }).optional(),
});
export type AskResponse = z.infer<typeof AskResponseSchema>;
