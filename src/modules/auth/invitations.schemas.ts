// Requests and responses of partner invitations (staff invite, the invitee accepts) and the users list.
import { z } from "zod";
import { RoleSchema, UserSchema } from "./auth.schemas.ts";

const EmailSchema = z.string().trim().toLowerCase().pipe(z.email().max(320));

export const CreateInvitationSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200).optional(),
  partnerOrgId: z.string().min(1),
});
export type CreateInvitation = z.infer<typeof CreateInvitationSchema>;

export const INVITATION_STATUSES = ["pending", "expired", "accepted"] as const;
export const InvitationSchema = z.object({
  id: z.string(), email: z.string(), name: z.string().nullable(), partnerOrgId: z.string(), partnerName: z.string(),
  status: z.enum(INVITATION_STATUSES), invitedBy: z.string().nullable(), expiresAt: z.string(), acceptedAt: z.string().nullable(), createdAt: z.string(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreatedInvitationSchema = z.object({
  id: z.string(), email: z.string(), name: z.string().nullable(), partnerOrgId: z.string(), partnerName: z.string(), expiresAt: z.string(),
  /** `${publicUrl}/invite/<token>`: shown once; pass it on yourself when `emailed` is false. */
  acceptUrl: z.string(),
  emailed: z.boolean(),
  /** Why the email was not sent (no BATON_SMTP_URL, or the server refused it); null when it was. */
  emailError: z.string().nullable(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

/** `invitedBy`: the inviting user's name (null when that user is gone or the invitation came from the CLI without one). */
export const InvitationLookupSchema = z.object({ email: z.string(), name: z.string().nullable(), partnerName: z.string(), expiresAt: z.string(), invitedBy: z.string().nullable() });
export type InvitationLookup = z.infer<typeof InvitationLookupSchema>;

export const AcceptInvitationSchema = z.object({
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10, "Use at least 10 characters").max(1024),
});
export type AcceptInvitation = z.infer<typeof AcceptInvitationSchema>;

export const TokenParamsSchema = z.object({ token: z.string().min(1).max(200) });
export const IdParamsSchema = z.object({ id: z.string().min(1) });

export const UserListEntrySchema = UserSchema.extend({
  partnerName: z.string().nullable(), disabled: z.boolean(), createdAt: z.string(),
});
export type UserListEntry = z.infer<typeof UserListEntrySchema>;
export const UpdateUserSchema = z.object({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((u) => u.role !== undefined || u.disabled !== undefined, { message: "Send role or disabled" });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;
