// Zod schema of a workspace's attribution rules (stored per workspace, read at the edge).
import { z } from "zod";

const SideSchema = z.enum(["ours", "partner", "buyer"]);

export const AttributionRulesSchema = z.object({
  /** Sides that must all take part for a conversation to count as joint. */
  jointSides: z.array(SideSchema).min(2).default(["ours", "partner", "buyer"]),
  /** On calls, whether a side must speak ("speaking") or only attend ("present") to count. */
  callPresence: z.enum(["speaking", "present"]).default("speaking"),
  /** A partner whose share of a call's talk time is below this was only listening (0 = any word counts). */
  minPartnerTalkShare: z.number().min(0).max(1).default(0),
  /** Sourced needs the partner's intro before any contact of ours with the buyer. */
  requireIntroBeforeOurContact: z.boolean().default(true),
  /** When set, an intro older than this many days before our first contact no longer sources the deal. */
  sourcedWindowDays: z.number().int().positive().nullable().default(null),
  /** Which partner actions make a deal partner-influenced. */
  influence: z.object({
    partnerPresent: z.boolean().default(true),
    partnerResolvedObjection: z.boolean().default(true),
    partnerBroughtStakeholder: z.boolean().default(true),
    partnerKeptCommitment: z.boolean().default(true),
  }).default({ partnerPresent: true, partnerResolvedObjection: true, partnerBroughtStakeholder: true, partnerKeptCommitment: true }),
});
export type AttributionRules = z.infer<typeof AttributionRulesSchema>;

export const DEFAULT_ATTRIBUTION_RULES: AttributionRules = AttributionRulesSchema.parse({});
