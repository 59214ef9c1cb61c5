// HTTP edge of auth, mounted public at /api/auth: routes that need a user check it themselves.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv, AuthUser } from "../../shared/app-env.ts";
import {
  CreatedTokenSchema, CreateTokenSchema, ErrorResponseSchema, LoginSchema, OkSchema, SessionResponseSchema,
  SetupSchema, TokenIdParamsSchema, TokenListSchema, type User,
} from "./auth.schemas.ts";
import {
  completeSetup, createApiToken, listApiTokens, login, logout, resolveSession, revokeApiToken,
} from "./auth.service.ts";
import { requireUser } from "./authenticator.ts";
import { addInvitationAcceptRoutes } from "./invitations.routes.ts";
import { clearSessionCookie, readClientIp, readSessionCookie, setSessionCookie } from "./request-info.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const errors = {
  401: json(ErrorResponseSchema, "Not signed in, or wrong email or password"),
  403: json(ErrorResponseSchema, "CSRF token missing or wrong, or not allowed"),
};
const tags = ["auth"];

const toUser = (u: AuthUser): User => ({ id: u.id, email: u.email, name: u.name, role: u.role, partnerOrgId: u.partnerOrgId });

const loginRoute = createRoute({
  method: "post", path: "/login", tags, summary: "Sign in with email and password; sets the baton_session cookie",
  request: body(LoginSchema),
  responses: { 200: json(SessionResponseSchema, "Signed in"), ...errors, 429: json(ErrorResponseSchema, "Too many failed attempts") },
});
const logoutRoute = createRoute({
  method: "post", path: "/logout", tags, summary: "Sign out and clear the session cookie",
  responses: { 200: json(OkSchema, "Signed out"), ...errors },
});
const meRoute = createRoute({
  method: "get", path: "/me", tags, summary: "The signed-in user and the CSRF token to send on writes",
  responses: { 200: json(SessionResponseSchema, "Signed in"), ...errors },
});
const setupRoute = createRoute({
  method: "post", path: "/setup", tags, summary: "Create the first admin with the one-time setup token",
  request: body(SetupSchema),
  responses: { 200: json(SessionResponseSchema, "Admin created and signed in"), ...errors, 409: json(ErrorResponseSchema, "Setup already done") },
});
const listTokensRoute = createRoute({
  method: "get", path: "/tokens", tags, summary: "Your API tokens (never their values)",
  responses: { 200: json(TokenListSchema, "Tokens"), ...errors },
});
const createTokenRoute = createRoute({
  method: "post", path: "/tokens", tags, summary: "Create an API token; its value is shown only in this answer",
  request: body(CreateTokenSchema),
  responses: { 200: json(CreatedTokenSchema, "Created"), ...errors },
});
const deleteTokenRoute = createRoute({
  method: "delete", path: "/tokens/{id}", tags, summary: "Revoke one of your API tokens",
  request: { params: TokenIdParamsSchema },
  responses: { 200: json(OkSchema, "Revoked"), ...errors, 404: json(ErrorResponseSchema, "No such token") },
});

export function createAuthRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(loginRoute, async (c) => {
    const deps = c.get("deps");
    const s = await login(deps, { ...c.req.valid("json"), ip: readClientIp(c) });
    const previous = readSessionCookie(c);
    if (previous) await logout(deps, previous); // a new sign-in never reuses a session id
    setSessionCookie(c, s.sessionId, s.expiresAt);
    return c.json({ user: s.user, csrfToken: s.csrfToken }, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const sessionId = readSessionCookie(c);
    if (sessionId && c.get("user")) await logout(c.get("deps"), sessionId);
    clearSessionCookie(c);
    return c.json({ ok: true as const }, 200);
  });

  app.openapi(meRoute, async (c) => {
    const user = requireUser(c);
    const sessionId = user.via === "session" ? readSessionCookie(c) : undefined;
    const session = sessionId ? await resolveSession(c.get("deps"), sessionId) : null;
    return c.json({ user: toUser(user), csrfToken: session?.csrfToken ?? null }, 200);
  });

  app.openapi(setupRoute, async (c) => {
    const s = await completeSetup(c.get("deps"), c.req.valid("json"));
    setSessionCookie(c, s.sessionId, s.expiresAt);
    return c.json({ user: s.user, csrfToken: s.csrfToken }, 200);
  });

  app.openapi(listTokensRoute, async (c) => {
    const user = requireUser(c);
    return c.json({ tokens: await listApiTokens(c.get("deps"), user.id) }, 200);
  });

  app.openapi(createTokenRoute, async (c) => {
    const user = requireUser(c);
    return c.json(await createApiToken(c.get("deps"), user.id, c.req.valid("json").name), 200);
  });

  app.openapi(deleteTokenRoute, async (c) => {
    const user = requireUser(c);
    await revokeApiToken(c.get("deps"), user.id, c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });

  addInvitationAcceptRoutes(app);
  return app;
}
