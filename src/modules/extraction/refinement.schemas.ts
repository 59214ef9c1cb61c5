// What a language model may answer when it reviews the rule engine's items: zod, parsed before anything is stored.
import { z } from "zod";
import { OBJECTION_TOPICS, RISK_TYPES, STAKEHOLDER_ROLES } from "./extraction.types.ts";

export const REFINE_KINDS = ["commitment", "objection", "decision", "stakeholder", "risk"] as const;
export type RefineKind = (typeof REFINE_KINDS)[number];

// Unknown labels fall back instead of failing the whole answer: one odd field must not sink the call.
const Topic = z.enum(OBJECTION_TOPICS).catch("other");
const Role = z.enum(STAKEHOLDER_ROLES).catch("other");
const RiskType = z.enum(RISK_TYPES).catch("other");
const Text = z.string().max(2000);

export const RefinementAddSchema = z.object({
  kind: z.enum(REFINE_KINDS),
  seq: z.number().int().describe("seq of the utterance the quote is copied from"),
  quote: Text.describe("words copied exactly, character for character, from that utterance"),
  text: Text.nullish().describe("commitment, decision or risk in a short sentence"),
  owner: z.string().nullish().describe("commitment owner: a roster name"),
  due: z.string().nullish().describe("commitment due date YYYY-MM-DD, only when the cited utterance says when"),
  topic: Topic.nullish(),
  role: Role.nullish(),
  type: RiskType.nullish(),
  name: z.string().nullish().describe("stakeholder: a roster name"),
});
export type RefinementAdd = z.infer<typeof RefinementAddSchema>;

export const RefinementCorrectionSchema = z.object({
  id: z.string().describe("id of a rule item, e.g. c2 or o1"),
  text: Text.nullish(),
  owner: z.string().nullish(),
  due: z.string().nullish(),
  topic: Topic.nullish(),
  role: Role.nullish(),
  type: RiskType.nullish(),
});
export type RefinementCorrection = z.infer<typeof RefinementCorrectionSchema>;

export const RefinementSchema = z.object({
  add: z.array(RefinementAddSchema).default([]),
  correct: z.array(RefinementCorrectionSchema).default([]),
  drop: z.array(z.object({ id: z.string(), reason: z.string().nullish() })).default([]),
});
export type Refinement = z.infer<typeof RefinementSchema>;
