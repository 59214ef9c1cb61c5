// Resolves the caller from the session cookie or a bearer token, enforces CSRF on cookie sessions, checks roles.
import type { Context } from "hono";
import type { AppEnv, AuthUser } from "../../shared/app-env.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { resolveApiToken, resolveSession } from "./auth.service.ts";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./request-info.ts";
import { isSameSecret } from "./secrets.ts";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** They start a new session and never act with the old one; SameSite=Lax and the JSON body guard them. */
const CSRF_EXEMPT_PATHS = [/^\/api\/auth\/login$/, /^\/api\/auth\/setup$/, /^\/api\/auth\/invitations\/[^/]+\/accept$/];
const isCsrfExempt = (path: string) => CSRF_EXEMPT_PATHS.some((re) => re.test(path));
export const CSRF_HEADER = "x-csrf-token";

export function createAuthenticator(deps: Deps): (c: Context<AppEnv>) => Promise<AuthUser | null> {
  return async (c) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (bearer) return resolveApiToken(deps, bearer[1]);

    const sessionId = readSessionCookie(c);
    if (!sessionId) return null;
    const session = await resolveSession(deps, sessionId);
    if (!session) {
      clearSessionCookie(c);
      return null;
    }
    if (UNSAFE_METHODS.has(c.req.method) && !isCsrfExempt(c.req.path)) {
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !isSameSecret(sent, session.csrfToken)) throw new AppError("FORBIDDEN", "CSRF token missing or wrong");
    }
    if (session.isExtended) setSessionCookie(c, sessionId, session.expiresAt);
    return session.user;
  };
}

export function requireUser(c: Context<AppEnv>): AuthUser {
  const user = c.get("user");
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer …)");
  return user;
}

export function requireRole(c: Context<AppEnv>, ...roles: AuthUser["role"][]): AuthUser {
  const user = requireUser(c);
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN", `This needs the ${roles.join(" or ")} role`);
  return user;
}
