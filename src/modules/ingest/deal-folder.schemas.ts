import { z } from "zod";
import { SIDES } from "../../shared/sides.ts";
import { isTimezone } from "../../shared/zoned-date.ts";

const IanaZone = z.string().refine(isTimezone, "not an IANA time zone");
const OrgSchema = z.object({
  name: z.string().trim().min(1),
  domain: z.string().trim().toLowerCase().optional(),
  domains: z.array(z.string().trim().toLowerCase()).optional(),
});

/** deal.json of a deal folder (see the corpus SCHEMA.md layout). */
export const DealFileSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
  name: z.string().trim().min(1).optional(),
  timezone: IanaZone,
  motion: z.enum(["referral", "resell", "co-sell"]).optional(),
  stage: z.string().optional(),
  amount: z.number().nonnegative().nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
  orgs: z.object({
    ours: OrgSchema,
    partner: z.union([OrgSchema, z.array(OrgSchema).min(1)]),
    buyer: OrgSchema,
  }),
  people: z.array(z.object({
    name: z.string().trim().min(1),
    email: z.string().trim().toLowerCase().email().optional(),
    emails: z.array(z.string().trim().toLowerCase().email()).optional(),
    phone: z.string().optional(),
    title: z.string().trim().nullable().optional(),
    side: z.enum(SIDES),
    org: z.string().optional(),
  })).min(1),
  conversations: z.array(z.object({
    file: z.string().trim().min(1).refine((f) => !f.includes("/") && !f.includes("\\") && f !== "..", "a file name inside the folder"),
    kind: z.enum(["call", "email", "notes"]),
    start: z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /[zZ]|[+-]\d{2}:?\d{2}$/.test(s), "ISO 8601 date-time with an offset"),
    title: z.string().trim().min(1),
    format: z.string().optional(),
  })).default([]),
});
export type DealFile = z.infer<typeof DealFileSchema>;

export interface DealFolderInput {
  /** Folder name or upload name, used in messages. */
  name: string;
  files: Map<string, Buffer>;
}

export interface ImportResult {
  deal: { id: string; slug: string; name: string };
  created: boolean;
  unchanged: boolean;
  /** merged: another export of a call already in the deal (see conversations.merged_from). */
  conversations: { added: number; unchanged: number; merged?: number; files: Array<{ file: string; status: "added" | "unchanged" | "merged"; conversationId: string }> };
  warnings: Array<{ file: string; line: number; message: string }>;
}
