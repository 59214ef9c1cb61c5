// zod at the handoff edges: brief edits, first actions, owners, and the response shapes.
import { z } from "zod";
import { BRIEF_FIELDS } from "./stored-brief.ts";
import { FIRST_ACTION_KINDS } from "./ttfa.ts";

const Ymd = /^\d{4}-\d{2}-\d{2}$/;

export const EditBriefSchema = z.object({
  field: z.enum(BRIEF_FIELDS),
  value: z.string().trim().max(2000).nullable().transform((v) => (v === "" ? null : v)),
}).superRefine((e, ctx) => {
  if (e.value == null) return;
  if (e.field === "urgency" && !["low", "medium", "high"].includes(e.value)) ctx.addIssue({ code: "custom", path: ["value"], message: "low | medium | high" });
  if (e.field === "requestedBy" && !Ymd.test(e.value)) ctx.addIssue({ code: "custom", path: ["value"], message: "YYYY-MM-DD" });
  if (e.field.endsWith(".email") && !z.string().email().safeParse(e.value).success) ctx.addIssue({ code: "custom", path: ["value"], message: "not an email address" });
});
export type EditBrief = z.infer<typeof EditBriefSchema>;

export const RecordActionSchema = z.object({ kind: z.enum(FIRST_ACTION_KINDS), at: z.string().datetime({ offset: true }).optional() });
export type RecordAction = z.infer<typeof RecordActionSchema>;

export const SetOwnersSchema = z.object({ ownerId: z.string().nullable(), backupId: z.string().nullable() });
export type SetOwners = z.infer<typeof SetOwnersSchema>;

const StoredFieldSchema = z.object({
  value: z.string().nullable(), evidence: z.object({ quote: z.string(), source: z.string() }).nullable(), confidence: z.number(),
  editedBy: z.string().nullable(), editedAt: z.string().nullable(), extractedValue: z.string().nullable().optional(),
});
export const StoredBriefSchema = z.object({
  version: z.literal(1), fields: z.record(z.string(), StoredFieldSchema),
  introducedBy: z.object({ name: z.string().nullable(), email: z.string().nullable() }), introducedOn: z.string().nullable(), language: z.string().nullable(),
});
const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable();
export const ClockSchema = z.object({
  startedAt: z.string(), stoppedAt: z.string().nullable(), stoppedBy: z.enum(FIRST_ACTION_KINDS).nullable(), isRunning: z.boolean(),
  elapsedMs: z.number(), targetMs: z.number(), ratio: z.number(), dueAt: z.string(), status: z.enum(["on_track", "at_risk", "breached"]),
});
export const HandoffViewSchema = z.object({
  id: z.string(), dealId: z.string(), subject: z.string().nullable(), receivedAt: z.string(), brief: StoredBriefSchema, timezone: z.string(),
  owner: PersonRef, backup: PersonRef, ownerRule: z.string(), status: z.string(),
  firstAction: z.object({ at: z.string(), kind: z.enum(FIRST_ACTION_KINDS), by: z.string() }).nullable(), clock: ClockSchema,
  escalations: z.array(z.object({
    level: z.number(), recipients: z.array(z.string()), subject: z.string().nullable(), delivery: z.string(), note: z.string().nullable(), at: z.string(),
    email: z.object({ state: z.enum(["sent", "failed", "not_sent", "pending"]), detail: z.string().nullable() }),
    slack: z.object({ state: z.enum(["sent", "failed", "pending", "not_configured"]), detail: z.string().nullable() }),
  })),
});
const Recipient = z.object({ name: z.string().nullable(), email: z.string() });
export const FollowUpDraftSchema = z.object({
  to: z.array(Recipient), cc: z.array(Recipient), subject: z.string(), text: z.string(), language: z.string(), warnings: z.array(z.string()),
});
export const IntakeResultSchema = z.object({
  status: z.enum(["created", "unchanged"]), matched: z.enum(["existing-deal", "new-deal"]), message: z.string(), handoffId: z.string(), dealId: z.string(), brief: StoredBriefSchema,
  ownerId: z.string().nullable(), backupId: z.string().nullable(), ownerRule: z.string(), receivedAt: z.string(), dueAt: z.string(),
});
