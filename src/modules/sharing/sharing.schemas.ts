// zod for the sharing edge (imports only zod): buyer links, the buyer's shared page, and exports per audience.
//
// THE BUYER PAGE CONTRACT — GET /api/share/:token (public, no sign-in; the token is the whole credential):
//   200 {
//     deal:        { name: string, buyer: string | null },            // buyer = the buyer organisation's name
//     recipient:   { name: string } | null,                           // the buyer contact the link was made for
//     recap: {
//       title: string, date: string (ISO, when the call started), language: string, version: number,
//       lines: [{ section: "discussed"|"decisions"|"commitments"|"questions"|"objections",
//                 text: string, side: "ours"|"partner"|"buyer"|null, owner: string|null, due: string|null (YYYY-MM-DD) }]
//     },                                                               // buyer rendering: no internal / partner-only lines
//     commitments: [{ text: string, owner: string|null, due: string|null, status: "open"|"overdue",
//                     quote: string, said: string (ISO) }],           // the buyer side's own open commitments on the deal
//     expiresAt: string (ISO)
//   }
//   404 { error: { code: "NOT_FOUND", message: "This link is invalid or has expired …" } } — the same answer for an
//   expired, revoked or forged link.
import { z } from "zod";

const SIDE = z.enum(["ours", "partner", "buyer"]);
const SECTION = z.enum(["discussed", "decisions", "commitments", "questions", "objections"]);

export const ShareLineSchema = z.object({ section: SECTION, text: z.string(), side: SIDE.nullable(), owner: z.string().nullable(), due: z.string().nullable() });
export const ShareCommitmentSchema = z.object({
  text: z.string(), owner: z.string().nullable(), due: z.string().nullable(), status: z.enum(["open", "overdue"]), quote: z.string(), said: z.string(),
});
export const ShareViewSchema = z.object({
  deal: z.object({ name: z.string(), buyer: z.string().nullable() }),
  recipient: z.object({ name: z.string() }).nullable(),
  recap: z.object({ title: z.string(), date: z.string(), language: z.string(), version: z.number(), lines: z.array(ShareLineSchema) }),
  commitments: z.array(ShareCommitmentSchema),
  expiresAt: z.string(),
});
export type ShareView = z.infer<typeof ShareViewSchema>;

export const CreateBuyerLinkSchema = z.object({
  personId: z.string().min(1).optional(),
  expiresInDays: z.number().int().min(1).max(90).default(14),
});
export type CreateBuyerLink = z.infer<typeof CreateBuyerLinkSchema>;
export const BuyerLinkCreatedSchema = z.object({ link: z.object({ id: z.string(), url: z.string(), expiresAt: z.string() }) });

export const BuyerLinkSchema = z.object({
  id: z.string(), recapId: z.string(), recapTitle: z.string().nullable(), personId: z.string().nullable(), personName: z.string().nullable(),
  status: z.enum(["active", "expired", "revoked"]), url: z.string().nullable(),
  expiresAt: z.string(), revokedAt: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), lastViewedAt: z.string().nullable(),
});
export type BuyerLink = z.infer<typeof BuyerLinkSchema>;

export const AUDIENCES = ["ours", "partner", "buyer"] as const;
export type ShareAudience = (typeof AUDIENCES)[number];
export const EXPORT_FORMATS = ["md", "html", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS).default("md"), audience: z.enum(AUDIENCES).optional() });
