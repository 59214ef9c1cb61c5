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

// HTTP and CLI edges: claims, milestone snapshots, the partner revenue report.
export const ClaimRequestSchema = z.object({
  kind: z.enum(["registration", "note"]),
  text: z.string().trim().min(1).max(4000),
});
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;

export const SnapshotRequestSchema = z.object({
  /** The milestone the snapshot locks: a stage change ("stage:proposal") or the close ("close"). */
  milestone: z.string().trim().min(1).max(80),
});
export type SnapshotRequest = z.infer<typeof SnapshotRequestSchema>;

/** A year ("2026"), a quarter ("2026Q1") or a month ("2026-03"). */
export const PeriodSchema = z.string().trim().regex(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/, "a year (2026), quarter (2026Q1) or month (2026-03)");

export const RevenueQuerySchema = z.object({
  period: PeriodSchema,
  partner: z.string().trim().min(1).optional(),
  format: z.enum(["json", "csv"]).default("json"),
  /** CSV only: one row per partner (default) or one row per partner and deal (the drill-down). */
  level: z.enum(["partners", "deals"]).default("partners"),
});
export type RevenueQuery = z.infer<typeof RevenueQuerySchema>;

const ClassSchema = z.enum(["sourced", "influenced", "none"]);
const SideOrNull = SideSchema.nullable();
export const EvidenceQuoteSchema = z.object({
  conversationId: z.string().nullable(), file: z.string(), title: z.string(), kind: z.enum(["call", "email", "notes", "claim"]),
  seq: z.number().nullable(), offset: z.string().nullable(), occurredAt: z.string().nullable(), speaker: z.string().nullable(), side: SideOrNull, quote: z.string(),
});
export const TrailEntrySchema = z.object({
  id: z.string(), kind: z.string(), at: z.string().nullable(), text: z.string(), ref: z.string().nullable(), counts: z.boolean(),
  evidence: z.array(EvidenceQuoteSchema), details: z.record(z.string(), z.unknown()).optional(),
});
export const ClaimSchema = z.object({
  id: z.string(), kind: z.enum(["registration", "note"]), text: z.string(), actor: z.string(), actorName: z.string().nullable(), actorSide: SideOrNull, at: z.string(),
});
export const DealAttributionSchema = z.object({
  deal: z.object({ id: z.string(), slug: z.string(), name: z.string(), stage: z.string(), amount: z.number().nullable(), currency: z.string().nullable(),
    partners: z.array(z.object({ id: z.string(), name: z.string() })) }),
  rules: AttributionRulesSchema,
  attribution: z.object({
    introducedBy: z.string().nullable(), introducedOn: z.string().nullable(), firstJointConversation: z.string().nullable(),
    partnerPresent: z.array(z.string()), partnerResolvedObjections: z.array(z.string()),
    classification: ClassSchema, confidence: z.number(), reasons: z.array(z.string()),
  }),
  trail: z.array(TrailEntrySchema),
  claims: z.array(ClaimSchema),
  computedAt: z.string(),
});
export const SnapshotSummarySchema = z.object({
  id: z.string(), dealId: z.string(), version: z.number(), milestone: z.string(), stage: z.string(), classification: ClassSchema,
  confidence: z.number(), actor: z.string(), at: z.string(), htmlUrl: z.string(), markdownUrl: z.string(),
});

const Bucket = z.object({ pipeline: z.number(), pipelineDeals: z.number(), won: z.number(), wonDeals: z.number() });
const Outcome = z.object({ closed: z.number(), won: z.number(), winRate: z.number().nullable(), avgDaysToClose: z.number().nullable() });
export const RevenueDealSchema = z.object({
  dealId: z.string(), slug: z.string(), name: z.string(), stage: z.string(), status: z.enum(["open", "won", "lost"]),
  amount: z.number().nullable(), currency: z.string().nullable(), classification: ClassSchema, confidence: z.number(),
  startedAt: z.string(), closedAt: z.string().nullable(), daysToClose: z.number().nullable(),
  isPipelineInPeriod: z.boolean(), isWonInPeriod: z.boolean(), evidenceUrl: z.string(), pageUrl: z.string(),
});
export const PartnerRevenueSchema = z.object({
  partner: z.object({ id: z.string(), name: z.string() }),
  sourced: Bucket, influenced: Bucket, withPartner: Outcome, withoutPartner: Outcome,
  deals: z.array(RevenueDealSchema),
});
export const RevenueReportSchema = z.object({
  period: z.object({ label: z.string(), from: z.string(), to: z.string() }),
  currencies: z.array(z.string()),
  partners: z.array(PartnerRevenueSchema),
  totals: z.object({ sourced: Bucket, influenced: Bucket, all: Outcome }),
});
