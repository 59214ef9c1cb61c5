// Marking conversation content internal (kept from partner users): a seq range, or the whole conversation.
import { z } from "zod";

export const MarkInternalSchema = z.object({
  /** First and last utterance seq of the range (inclusive); both omitted = the whole conversation. */
  fromSeq: z.number().int().min(0).optional(),
  toSeq: z.number().int().min(0).optional(),
  internal: z.boolean(),
}).refine((b) => (b.fromSeq === undefined) === (b.toSeq === undefined), { message: "Send both fromSeq and toSeq, or neither (the whole conversation)", path: ["toSeq"] })
  .refine((b) => b.fromSeq === undefined || b.toSeq === undefined || b.fromSeq <= b.toSeq, { message: "toSeq is before fromSeq", path: ["toSeq"] });
export type MarkInternal = z.infer<typeof MarkInternalSchema>;

export const MarkInternalResultSchema = z.object({
  conversationId: z.string(),
  scope: z.enum(["range", "conversation"]),
  fromSeq: z.number().nullable(), toSeq: z.number().nullable(),
  internal: z.boolean(),
  /** Whether the conversation as a whole is now internal. */
  conversationInternal: z.boolean(),
  utterancesChanged: z.number(), itemsChanged: z.number(),
});
export type MarkInternalResult = z.infer<typeof MarkInternalResultSchema>;
