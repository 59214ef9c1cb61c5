// One middleware for /api/*: after the handler answers, appends an audit entry for deal and conversation views,
// sign-ins (success and failure), invitations, and every successful change (method, route, status — never the
// body). Routes that audit themselves with richer data (buyer links, shared views, exports) are skipped here.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../shared/app-env.ts";
import { readClientIp } from "../auth/index.ts";
import type { DealOwner } from "./audit.repo.ts";
import { type AuditInput, recordAudit } from "./audit.service.ts";

/** "METHOD /api/route" keys whose handlers record their own entries. */
export const SELF_AUDITED = new Set([
  "POST /api/recaps/:id/buyer-links", "DELETE /api/buyer-links/:id", "GET /api/share/:token", "GET /api/deals/:id/export",
]);
const READS = new Set(["GET", "HEAD", "OPTIONS"]);
/** POSTs that only read (questions to the record): no change to log. */
const READ_POSTS = new Set(["POST /api/ask", "POST /api/deals/:id/ask"]);
const LOGIN_ROUTES = new Set(["POST /api/auth/login", "POST /api/auth/setup", "POST /api/auth/invitations/:token/accept"]);
const OWNER_OF: Array<[RegExp, DealOwner]> = [
  [/^\/api\/conversations\/:id(\/|$)/, "conversations"], [/^\/api\/recaps\/:id(\/|$)/, "recaps"],
  [/^\/api\/items\/:id(\/|$)/, "items"], [/^\/api\/ledger\/:itemId(\/|$)/, "items"],
];

type Event = Omit<AuditInput, "actor" | "ip" | "userAgent" | "workspaceId"> & { actor?: AuditInput["actor"]; workspaceId?: string | null };

async function readJson(r: { json(): Promise<unknown> }): Promise<Record<string, any> | null> {
  try { return (await r.json()) as Record<string, any>; } catch { return null; }
}

/** What, if anything, this finished request means for the audit log. */
async function classify(c: Context<AppEnv>, route: string, status: number): Promise<Event | null> {
  const method = c.req.method;
  const key = `${method} ${route}`;
  if (SELF_AUDITED.has(key)) return null;
  const param = (name: string) => c.req.param(name) ?? null;
  if (LOGIN_ROUTES.has(key)) {
    if (status === 200) {
      const body = await readJson(c.res.clone());
      const userId = body?.user?.id ? String(body.user.id) : "unknown";
      return { actor: { id: userId, kind: "user" }, action: "login", entity: "user", entityId: userId, data: { outcome: "success", route } };
    }
    if (status === 401 || status === 429 || status === 403) {
      const req = await readJson(c.req); // Hono caches the parsed body, so the handler's read is reused
      const email = typeof req?.email === "string" ? req.email.slice(0, 200) : null;
      return { actor: { id: email ?? "anonymous", kind: "user" }, action: "login", entity: "user", entityId: null, data: { outcome: status === 429 ? "rate-limited" : "failure", route, email } };
    }
    return null;
  }
  if (status >= 400) return null;
  if (key === "GET /api/deals/:id") return { action: "view", entity: "deal", entityId: param("id"), dealRef: param("id") ?? undefined };
  if (key === "GET /api/conversations/:id") return { action: "view", entity: "conversation", entityId: param("id"), dealOf: { of: "conversations", id: param("id")! } };
  if (READS.has(method) || READ_POSTS.has(key)) return null;
  if (key === "POST /api/invitations") return { action: "invite", entity: "invitation", entityId: null, data: { route, status } };
  const data = { method, route, status };
  if (/^\/api\/deals\/:id(\/|$)/.test(route)) return { action: "change", entity: "deal", entityId: param("id"), dealRef: param("id") ?? undefined, data };
  for (const [re, of] of OWNER_OF) {
    const m = re.exec(route);
    if (m) {
      const id = param(route.includes(":itemId") ? "itemId" : "id");
      if (id) return { action: "change", entity: of.replace(/s$/, ""), entityId: id, dealOf: { of, id }, data };
    }
  }
  const entity = route.split("/")[2] ?? "api";
  return { action: "change", entity, entityId: null, data };
}

/** Mount after authentication: app.use("/api/*", createAuditMiddleware({ log })). */
export function createAuditMiddleware(opts: { log?: (msg: string, data?: Record<string, unknown>) => void } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    try {
      const route = c.req.routePath;
      if (!route || route.endsWith("*")) return; // no route matched (404 from notFound)
      const event = await classify(c, route, c.res.status);
      if (!event) return;
      const user = c.get("user");
      await recordAudit(c.get("deps"), {
        ...event,
        workspaceId: event.workspaceId ?? user?.workspaceId ?? null,
        actor: event.actor ?? (user ? { id: user.id, kind: "user" } : { id: "anonymous", kind: "user" }),
        ip: readClientIp(c), userAgent: c.req.header("user-agent") ?? null,
      });
    } catch (e) {
      // The answer is already made; a failed audit write is logged, never turned into a failed request.
      opts.log?.("audit write failed", { error: e instanceof Error ? e.message : String(e), path: c.req.path });
    }
  };
}
