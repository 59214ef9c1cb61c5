// zod for the briefs edge.
import { z } from "zod";

const SIDE = z.enum(["ours", "partner", "buyer"]);
export const BriefEvidenceSchema = z.object({ conversationId: z.string(), conversation: z.string(), seq: z.number(), speaker: z.string().nullable(), quote: z.string() });
export const BriefLineSchema = z.object({
  text: z.string(), evidence: z.array(BriefEvidenceSchema), side: SIDE.nullable().optional(), owner: z.string().nullable().optional(), due: z.string().nullable().optional(), status: z.string().optional(),
});
export const BriefSchema = z.object({
  kind: z.enum(["pre-call", "catch-up"]), deal: z.object({ id: z.string(), name: z.string() }), asOf: z.string(), perspective: z.enum(["ours", "partner"]),
  next: z.object({ conversationId: z.string().nullable(), title: z.string(), startedAt: z.string().nullable() }).nullable(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), lines: z.array(BriefLineSchema) })),
  topicLeads: z.array(z.object({ topic: z.string(), label: z.string(), personId: z.string().nullable(), name: z.string().nullable(), side: SIDE.nullable(), isSet: z.boolean(), evidence: z.array(BriefEvidenceSchema) })),
});
export const BriefQuerySchema = z.object({
  format: z.enum(["json", "md", "email"]).default("json"),
  conversation: z.string().optional(),
  perspective: z.enum(["ours", "partner"]).optional(),
});
export const SetTopicLeadSchema = z.object({ topic: z.string().trim().min(1), personId: z.string().nullable() });
export const TopicLeadSchema = z.object({ topic: z.string(), personId: z.string().nullable(), personName: z.string(), side: SIDE.nullable(), setBy: z.string(), at: z.string() });
