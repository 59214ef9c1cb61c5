// Requests and responses of the auth routes and inputs of the auth services.
import { z } from "zod";

export const ROLES = ["admin", "member", "partner"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

const EmailSchema = z.string().trim().toLowerCase().pipe(z.email().max(320));
const NewPasswordSchema = z.string().min(8, "Use at least 8 characters").max(1024);

export const CreateUserSchema = z.object({
  workspaceId: z.string().min(1),
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  password: NewPasswordSchema.optional(),
  role: RoleSchema,
  partnerOrgId: z.string().min(1).nullish(),
}).refine((u) => u.role !== "partner" || Boolean(u.partnerOrgId), {
  message: "A partner user needs partnerOrgId", path: ["partnerOrgId"],
});
export type CreateUser = z.input<typeof CreateUserSchema>;

export const UserSchema = z.object({
  id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, partnerOrgId: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(1024) });
export type Login = z.infer<typeof LoginSchema>;

export const SetupSchema = z.object({
  token: z.string().min(1).max(200), email: EmailSchema, name: z.string().trim().min(1).max(200), password: NewPasswordSchema,
});
export type Setup = z.infer<typeof SetupSchema>;

export const SessionResponseSchema = z.object({
  user: UserSchema,
  /** Send it back as `x-csrf-token` on POST/PUT/PATCH/DELETE; null when signed in with an API token. */
  csrfToken: z.string().nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const CreateTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });
export const TokenSchema = z.object({
  id: z.string(), name: z.string(), lastUsedAt: z.string().nullable(), createdAt: z.string(),
});
export type Token = z.infer<typeof TokenSchema>;
export const TokenListSchema = z.object({ tokens: z.array(TokenSchema) });
export const CreatedTokenSchema = z.object({ id: z.string(), name: z.string(), token: z.string() });
export const TokenIdParamsSchema = z.object({ id: z.string().min(1) });
export const OkSchema = z.object({ ok: z.literal(true) });

export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ message: z.string() }).passthrough()) }),
});
