// Requests and responses of the activation routes (zod only, so web/ and cli/ can reuse them).
import { z } from "zod";
import { FUNNEL_STEPS } from "./activation.ts";

export const FirstWinRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("joint_discovery_calls"), count: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal("deals_with_partner_present"), count: z.number().int().min(1).max(100) }),
]);
export const FirstWinRequestSchema = z.object({
  sentence: z.string().trim().min(1, "required").max(500),
  rule: FirstWinRuleSchema.nullable().optional(),
});
export type FirstWinRequest = z.infer<typeof FirstWinRequestSchema>;

export const FirstWinSchema = z.object({
  orgId: z.string(), defined: z.boolean(), sentence: z.string().nullable(), rule: FirstWinRuleSchema.nullable(),
  clock: z.object({ startsOn: z.string().nullable(), deadline: z.string().nullable(), daysLeft: z.number().nullable(), onboardedKnown: z.boolean() }),
  status: z.enum(["on_track", "at_risk", "missed", "achieved"]).nullable(), achievedAt: z.string().nullable(),
  progress: z.object({ have: z.number(), need: z.number() }).nullable(),
  evidence: z.array(z.object({ conversationId: z.string(), dealId: z.string(), title: z.string(), startedAt: z.string(), url: z.string() })),
  definedAt: z.string().nullable(),
});

const Step = z.enum(FUNNEL_STEPS);
const Month = z.object({ month: z.string(), amount: z.number(), deals: z.number() });
export const SignalsSchema = z.object({
  medianTimeToFirstActionMs: z.number().nullable(), partnerOnFirstCallShare: z.number().nullable(), firstWinDefinedInWeekOne: z.boolean(),
  huddlesInFirstMonth: z.number(), twoHuddlesInFirstMonth: z.boolean(), introToMeetingRate: z.number().nullable(),
  handoffs: z.array(z.object({
    handoffId: z.string(), dealId: z.string(), timeToFirstActionMs: z.number().nullable(), withinSla: z.boolean().nullable(),
    partnerOnFirstCall: z.boolean().nullable(), introToMeeting: z.boolean(),
  })),
});
export const PartnerActivationSchema = z.object({
  partner: z.object({ id: z.string(), name: z.string(), tier: z.string().nullable(), onboardedOn: z.string().nullable() }),
  funnel: z.array(z.object({ step: Step, reached: z.boolean(), at: z.string().nullable() })), stalledAt: Step.nullable(), reachedSteps: z.number(),
  firstWin: FirstWinSchema, signals: SignalsSchema, sourcedPipeline: z.array(Month),
});
export const ActivationReportSchema = z.object({
  asOf: z.string(), steps: z.array(z.object({ step: Step, label: z.string(), reached: z.number(), stalled: z.number() })),
  partners: z.array(PartnerActivationSchema), pipelineByMonth: z.array(Month),
});
export const ActivationQuerySchema = z.object({ format: z.enum(["json", "csv"]).optional(), partner: z.string().min(1).optional() });
