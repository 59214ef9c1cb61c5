// Requests and responses of the ledger routes (zod only, so web/ and cli/ can reuse them).
import { z } from "zod";
import { SIDES } from "../../shared/sides.ts";
import { LEDGER_EVENT_TYPES, LEDGER_STATUSES } from "./ledger.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
export const WeekSchema = z.string().regex(/^\d{4}-W\d{2}$/, "ISO week, e.g. 2026-W21");

export const LedgerEventRequestSchema = z.object({
  type: z.enum(LEDGER_EVENT_TYPES),
  personId: z.string().min(1).optional(),
  due: Day.nullable().optional(),
  note: z.string().trim().max(2000).optional(),
}).refine((b) => b.type !== "reassign" || b.personId, { message: "reassign needs personId", path: ["personId"] })
  .refine((b) => b.type !== "redate" || b.due !== undefined, { message: "redate needs due (or null to clear it)", path: ["due"] });
export type LedgerEventRequest = z.infer<typeof LedgerEventRequestSchema>;

export const LedgerQuerySchema = z.object({ asOf: z.iso.datetime({ offset: true }).optional() });
export const WalkQuerySchema = z.object({ deal: z.string().min(1).optional(), partner: z.string().min(1).optional(), week: WeekSchema.optional() })
  .refine((q) => Boolean(q.deal) !== Boolean(q.partner), { message: "Give either deal or partner", path: ["deal"] });

const Side = z.enum(SIDES).nullable();
export const LedgerEvidenceSchema = z.object({
  conversationId: z.string(), conversation: z.string(), title: z.string(), seq: z.number(), at: z.string(), occurredAt: z.string(),
  speaker: z.string().nullable(), quote: z.string(),
});
const HistorySchema = z.object({
  type: z.string(), at: z.string(), by: z.string(), personId: z.string().nullable().optional(), personName: z.string().nullable().optional(),
  side: Side.optional(), due: z.string().nullable().optional(), previousDue: z.string().nullable().optional(),
  previousOwner: z.string().nullable().optional(), note: z.string().nullable().optional(), evidence: LedgerEvidenceSchema.optional(),
});
export const LedgerEntrySchema = z.object({
  itemId: z.string(), dealId: z.string(), ref: z.string(), localId: z.string(), text: z.string().nullable(), owner: z.string().nullable(),
  ownerPersonId: z.string().nullable(), side: Side, due: z.string().nullable(), dueText: z.string().nullable(), ownerUnclear: z.boolean(),
  confidence: z.number().nullable(), status: z.enum(LEDGER_STATUSES), closedAt: z.string().nullable(), evidence: LedgerEvidenceSchema,
  fulfilment: z.union([
    z.object({ source: z.literal("conversation"), itemId: z.string(), evidence: LedgerEvidenceSchema }),
    z.object({ source: z.literal("person"), by: z.string(), note: z.string().nullable(), at: z.string() }),
  ]).nullable(),
  history: z.array(HistorySchema),
});
export const DealLedgerSchema = z.object({
  deal: z.object({ id: z.string(), slug: z.string(), name: z.string(), timezone: z.string() }),
  asOf: z.string(), today: z.string(),
  counts: z.object({ open: z.number(), overdue: z.number(), done: z.number(), dropped: z.number(), unclearOwner: z.number() }),
  commitments: z.array(LedgerEntrySchema),
});
const WalkDealSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const WalkItemSchema = z.object({
  deal: WalkDealSchema, itemId: z.string(), ref: z.string(), text: z.string().nullable(), owner: z.string().nullable(), ownerPersonId: z.string().nullable(),
  side: Side, due: z.string().nullable(), status: z.enum(LEDGER_STATUSES), ownerUnclear: z.boolean(), closedAt: z.string().nullable(),
  evidence: LedgerEvidenceSchema, link: z.string(),
});
export const WalkSchema = z.object({
  scope: z.object({ kind: z.enum(["deal", "partner"]), id: z.string(), name: z.string() }),
  week: z.string(), monday: z.string(), sunday: z.string(), timezone: z.string(), asOf: z.string(), since: z.string(), lastWalkAt: z.string().nullable(),
  deals: z.array(WalkDealSchema),
  counts: z.object({ open: z.number(), overdue: z.number(), dueThisWeek: z.number(), doneSinceLastWalk: z.number(), newRisks: z.number(), unclearOwner: z.number() }),
  openByOwner: z.array(z.object({ side: Side, owner: z.string().nullable(), ownerPersonId: z.string().nullable(), items: z.array(WalkItemSchema) })),
  overdue: z.array(WalkItemSchema), dueThisWeek: z.array(WalkItemSchema), doneSinceLastWalk: z.array(WalkItemSchema),
  newRisks: z.array(z.object({ deal: WalkDealSchema, itemId: z.string(), type: z.string().nullable(), text: z.string().nullable(), evidence: LedgerEvidenceSchema, link: z.string() })),
});
