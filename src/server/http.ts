// The Hono app: request id, security headers, auth, the one error→status map, and every module's routes.
import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { AppEnv } from "../shared/app-env.ts";
import type { Deps } from "../shared/deps.ts";
import { AppError, type ErrorCode, isAppError } from "../shared/errors.ts";
import { createAuditMiddleware } from "../modules/audit/index.ts";
import { type AccessRule, enforceAccess } from "./access.ts";

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 429 | 502 | 500> = {
  INVALID_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409,
  RATE_LIMITED: 429, UPSTREAM_FAILED: 502, INTERNAL: 500,
};

const SECURITY_HEADERS: Array<[string, string]> = [
  ["x-content-type-options", "nosniff"], ["x-frame-options", "DENY"], ["referrer-policy", "same-origin"],
  ["content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"],
];

export type RouteModule = { path: string; routes: OpenAPIHono<AppEnv>; isPublic?: boolean };

export interface AppOptions {
  deps: Deps;
  /** Resolves the signed-in user from cookie / bearer token; throws FORBIDDEN on a CSRF failure. */
  authenticate: (c: Context<AppEnv>) => Promise<AppEnv["Variables"]["user"]>;
  modules: RouteModule[];
  /** Serves the built web app (index.html fallback) for non-API paths. */
  web?: (c: Context<AppEnv>) => Promise<Response | null>;
  log?: (msg: string, data?: Record<string, unknown>) => void;
  /** The route access table (default: ACCESS in access.ts); tests with their own routes pass their own. */
  access?: Record<string, AccessRule>;
}

export function errorResponse(c: Context, err: unknown, log: AppOptions["log"]) {
  if (isAppError(err)) {
    return c.json({ error: { code: err.code, message: err.message, details: err.details ?? [] } }, STATUS[err.code]);
  }
  // Hono's own client errors (a body of a media type the route does not take: 415; too large: 413).
  if (err instanceof HTTPException && err.status < 500) {
    return c.json({ error: { code: err.status === 404 ? "NOT_FOUND" : "INVALID_INPUT", message: err.status === 415 ? `This route does not take a ${c.req.header("content-type") ?? "body without a Content-Type"}` : err.message || "Bad request",
      details: [{ field: "body", message: `HTTP ${err.status}` }] } }, err.status);
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ field: i.path.join("."), path: i.path.join("."), message: i.message }));
    return c.json({ error: { code: "INVALID_INPUT", message: "Invalid request", details } }, 400);
  }
  const requestId = (c.get as (k: string) => unknown)("requestId");
  log?.("unhandled error", { requestId, error: err instanceof Error ? err.stack : String(err) });
  return c.json({ error: { code: "INTERNAL", message: "Internal error", details: [{ message: `request ${requestId}` }] } }, 500);
}

/**
 * Input no handler can use, refused as the client's mistake (400) rather than an internal error from whichever
 * handler, validator or database statement met it first: a JSON body that does not parse, and NUL characters (which
 * PostgreSQL text cannot hold) in the address or a JSON body. The body text read here is cached by the request:
 * handlers read it again for free.
 */
async function rejectUnusableInput(c: Context) {
  const url = new URL(c.req.url);
  if (/%00/.test(url.pathname + url.search)) {
    throw new AppError("INVALID_INPUT", "The address holds a NUL character", { details: [{ field: url.search.includes("%00") ? "query" : "path", message: "NUL (%00) is not allowed" }] });
  }
  if (c.req.method === "GET" || c.req.method === "HEAD" || !/^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header("content-type") ?? "")) return;
  const text = await c.req.text();
  if (!text.trim()) return;
  try {
    JSON.parse(text);
  } catch (e) {
    throw new AppError("INVALID_INPUT", `The request body is not valid JSON: ${(e as Error).message}`, { details: [{ field: "body", message: "not valid JSON" }] });
  }
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(text)) {
    throw new AppError("INVALID_INPUT", "The request body holds a NUL character (\\u0000)", { details: [{ field: "body", message: "NUL is not allowed" }] });
  }
}

export function createApp(opts: AppOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, result.error, opts.log);
    },
  });
  const publicPrefixes = opts.modules.filter((m) => m.isPublic).map((m) => `/api${m.path}`);

  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("x-request-id") ?? randomUUID());
    c.set("deps", opts.deps);
    c.set("user", null);
    c.set("actor", { id: "anonymous", kind: "user" });
    // Set before the handler runs, so every c.json/c.body response is made with them. c.header() on a finished
    // response instead rebuilds it around a body stream (each time): several times the cost of a large answer.
    const headers: Array<[string, string]> = [["x-request-id", c.get("requestId")], ...SECURITY_HEADERS];
    for (const [k, v] of headers) c.header(k, v);
    await next();
    // These win over a handler's own (as ever); a handler that made its own Response object has none of them yet.
    const res = c.res.headers;
    if (headers.some(([k, v]) => res.get(k) !== v)) for (const [k, v] of headers) c.header(k, v);
  });

  app.get("/health", (c) => c.json({ ok: true }));

  app.use("/api/*", async (c, next) => {
    const user = await opts.authenticate(c);
    c.set("user", user);
    if (user) c.set("actor", { id: user.id, kind: "user", role: user.role, partnerOrgId: user.partnerOrgId });
    const path = c.req.path;
    const isPublic = path === "/api/openapi.json" || publicPrefixes.some((p) => path === p || path.startsWith(`${p}/`));
    if (!user && !isPublic) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer …)");
    // Every route's rule from the one table (src/server/access.ts): role, and for partner users the deal scope.
    await enforceAccess(opts.deps.db, user, c.req.method, path, opts.access);
    await rejectUnusableInput(c);
    await next();
  });
  // Views, exports, sign-ins and successful changes go to the append-only audit log (src/modules/audit).
  app.use("/api/*", createAuditMiddleware({ log: opts.log }));

  for (const m of opts.modules) app.route(`/api${m.path}`, m.routes);

  app.doc31("/api/openapi.json", { openapi: "3.1.0", info: { title: "Baton API", version: "0.1.0" } });

  app.notFound(async (c) => {
    if (!c.req.path.startsWith("/api/") && opts.web) {
      const res = await opts.web(c);
      if (res) return res;
    }
    return c.json({ error: { code: "NOT_FOUND", message: `No route ${c.req.method} ${c.req.path}`, details: [] } }, 404);
  });
  app.onError((err, c) => errorResponse(c, err, opts.log));
  return app;
}
