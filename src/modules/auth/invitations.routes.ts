// HTTP edge of partner invitations (staff: /invitations), accepting one (public: /auth/invitations/…) and the
// admin's users list (/users).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { optionalMailerFromEnv, type Mailer } from "../../adapters/email/smtp.ts";
import type { AppEnv } from "../../shared/app-env.ts";
import { loadConfig } from "../../shared/config.ts";
import { ErrorResponseSchema, OkSchema, SessionResponseSchema } from "./auth.schemas.ts";
import { requireUser } from "./authenticator.ts";
import {
  AcceptInvitationSchema, CreatedInvitationSchema, CreateInvitationSchema, IdParamsSchema, InvitationLookupSchema, InvitationSchema,
  TokenParamsSchema, UpdateUserSchema, UserListEntrySchema,
} from "./invitations.schemas.ts";
import { acceptInvitation, createInvitation, listInvitations, lookupInvitation, revokeInvitation } from "./invitations.service.ts";
import { logout } from "./auth.service.ts";
import { readClientIp, readSessionCookie, setSessionCookie } from "./request-info.ts";
import { listUsersDetailed, updateUser } from "./users.service.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const errors = {
  400: json(ErrorResponseSchema, "Invalid input (the field is named)"),
  401: json(ErrorResponseSchema, "Not signed in"),
  403: json(ErrorResponseSchema, "Not allowed"),
  404: json(ErrorResponseSchema, "Not found"),
  429: json(ErrorResponseSchema, "Too many attempts"),
};

export interface InvitationRouteOptions {
  /** Outgoing mail; default BATON_SMTP_URL or the stored SMTP URL (none: not emailed, the link is returned). */
  mailer?: Mailer | null;
  /** Base of accept links; default BATON_PUBLIC_URL, else the request's origin. */
  publicUrl?: string;
}


/** Mounted at /invitations (staff). */
export function createInvitationRoutes(opts: InvitationRouteOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const tags = ["invitations"];
  app.openapi(createRoute({
    method: "post", path: "/", tags, summary: "Invite a person of a partner organisation; emails the accept link when mail is configured",
    request: body(CreateInvitationSchema),
    responses: { 201: json(z.object({ invitation: CreatedInvitationSchema }), "Invited (a previous open invitation for the email is replaced)"), ...errors, 409: json(ErrorResponseSchema, "Already a user") },
  }), async (c) => {
    const user = requireUser(c);
    const publicUrl = opts.publicUrl ?? loadConfig().BATON_PUBLIC_URL ?? new URL(c.req.url).origin;
    const invitation = await createInvitation(c.get("deps"), c.get("actor"), user.workspaceId, c.req.valid("json"), {
      publicUrl, mailer: opts.mailer === undefined ? optionalMailerFromEnv() : opts.mailer, inviter: { id: user.id, email: user.email, name: user.name },
    });
    return c.json({ invitation }, 201);
  });
  app.openapi(createRoute({
    method: "get", path: "/", tags, summary: "Pending, expired and accepted invitations (never their links)",
    responses: { 200: json(z.object({ invitations: z.array(InvitationSchema) }), "Invitations"), ...errors },
  }), async (c) => c.json({ invitations: await listInvitations(c.get("deps"), requireUser(c).workspaceId) }, 200));
  app.openapi(createRoute({
    method: "delete", path: "/{id}", tags, summary: "Revoke an open invitation (its link stops working)",
    request: { params: IdParamsSchema }, responses: { 200: json(OkSchema, "Revoked"), ...errors },
  }), async (c) => {
    await revokeInvitation(c.get("deps"), c.get("actor"), requireUser(c).workspaceId, c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });
  return app;
}

/** Adds GET /invitations/{token} and POST /invitations/{token}/accept to the public /auth routes. */
export function addInvitationAcceptRoutes(app: OpenAPIHono<AppEnv>): void {
  const tags = ["auth"];
  app.openapi(createRoute({
    method: "get", path: "/invitations/{token}", tags, summary: "What an invitation link is for (404 when unknown, expired, revoked or used)",
    request: { params: TokenParamsSchema }, responses: { 200: json(InvitationLookupSchema, "The invitation"), ...errors },
  }), async (c) => c.json(await lookupInvitation(c.get("deps"), c.req.valid("param").token, readClientIp(c)), 200));
  app.openapi(createRoute({
    method: "post", path: "/invitations/{token}/accept", tags, summary: "Accept: create the partner user and sign in (sets the baton_session cookie)",
    request: { params: TokenParamsSchema, ...body(AcceptInvitationSchema) },
    responses: { 200: json(SessionResponseSchema, "Signed in as the new partner user"), ...errors, 409: json(ErrorResponseSchema, "The email already has an account") },
  }), async (c) => {
    const deps = c.get("deps");
    const s = await acceptInvitation(deps, c.req.valid("param").token, c.req.valid("json"), readClientIp(c));
    const previous = readSessionCookie(c);
    if (previous) await logout(deps, previous); // a new sign-in never reuses a session id
    setSessionCookie(c, s.sessionId, s.expiresAt);
    return c.json({ user: s.user, csrfToken: s.csrfToken }, 200);
  });
}

/** Mounted at /users (admins). */
export function createUserRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const tags = ["users"];
  app.openapi(createRoute({
    method: "get", path: "/", tags, summary: "Every user with role, partner organisation and whether disabled",
    responses: { 200: json(z.object({ users: z.array(UserListEntrySchema) }), "Users"), ...errors },
  }), async (c) => c.json({ users: await listUsersDetailed(c.get("deps"), requireUser(c).workspaceId) }, 200));
  app.openapi(createRoute({
    method: "patch", path: "/{id}", tags, summary: "Make a user admin or member, or disable/enable them (disabling ends their sessions)",
    request: { params: IdParamsSchema, ...body(UpdateUserSchema) },
    responses: { 200: json(z.object({ user: UserListEntrySchema }), "Updated"), ...errors, 409: json(ErrorResponseSchema, "The last admin") },
  }), async (c) => c.json({ user: await updateUser(c.get("deps"), c.get("actor"), requireUser(c).workspaceId, c.req.valid("param").id, c.req.valid("json")) }, 200));
  return app;
}
