// The access rule of every API route, in one table, enforced by one middleware before any handler runs.
// Deny by default: a route with no rule answers 403 to everybody but admins, and the isolation suite
// (src/server/isolation.db.test.ts) fails until the new route is given a rule here.
import { sql } from "kysely";
import type { AuthUser } from "../shared/app-env.ts";
import type { Deps } from "../shared/deps.ts";
import { AppError, notFound } from "../shared/errors.ts";

/**
 * - public: no sign-in (login, setup, buyer links that carry their own signed token).
 * - self: any signed-in user, partner users included; the handler scopes to the caller (own tokens, own profile).
 * - staff: our side only (admin, member). Partner users get 403.
 * - admin: admins only.
 * - partner-list: partner users allowed; the HANDLER must narrow the answer to deals shared with their
 *   organisation and drop internal-only content (the isolation suite checks the answers for planted markers).
 * - partner-deal / partner-conversation / partner-recap / partner-item / partner-org: partner users allowed
 *   when the object named by the path parameter belongs to a deal shared with their organisation (or, for
 *   partner-org, is their organisation); the handler still drops internal-only content.
 */
export type AccessRule =
  | "public" | "self" | "staff" | "admin" | "partner-list"
  | "partner-deal" | "partner-conversation" | "partner-recap" | "partner-item" | "partner-org";

/** Keys are "METHOD /api/path" with Hono's `:param` placeholders, exactly as app.routes lists them. */
export const ACCESS: Record<string, AccessRule> = {
  // auth
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "public",
  "POST /api/auth/setup": "public",
  "GET /api/auth/me": "self",
  "GET /api/auth/tokens": "self",
  "POST /api/auth/tokens": "self",
  "DELETE /api/auth/tokens/:id": "self",
  "GET /api/auth/invitations/:token": "public", "POST /api/auth/invitations/:token/accept": "public",
  "POST /api/invitations": "staff", "GET /api/invitations": "staff", "DELETE /api/invitations/:id": "staff",
  "GET /api/users": "admin", "PATCH /api/users/:id": "admin",
  "GET /api/openapi.json": "public",
  // directory
  "GET /api/workspace": "staff",
  "PATCH /api/workspace": "admin",
  "GET /api/orgs": "staff",
  "POST /api/orgs": "staff",
  "PATCH /api/orgs/:id": "staff",
  "GET /api/people": "staff",
  "POST /api/people": "staff",
  "PATCH /api/people/:id": "staff",
  "GET /api/partners": "staff",
  "PUT /api/partners/:id": "staff",
  // deals
  "GET /api/deals": "partner-list",
  "POST /api/deals": "staff",
  "GET /api/deals/:id": "partner-deal",
  "PATCH /api/deals/:id": "staff",
  "DELETE /api/deals/:id": "staff",
  "POST /api/deals/:id/conversations": "staff",
  "GET /api/deals/:id/items": "partner-deal",
  "POST /api/deals/:id/reextract": "staff",
  "GET /api/deals/:id/proposed-people": "staff",
  "POST /api/deals/:id/proposed-people/:proposalId": "staff",
  "PATCH /api/items/:id": "staff",
  // conversations
  "GET /api/conversations/:id": "partner-conversation",
  "PATCH /api/conversations/:id": "staff",
  "POST /api/conversations/:id/internal": "staff",
  "DELETE /api/conversations/:id": "staff",
  "GET /api/conversations/:id/speakers": "staff",
  "POST /api/conversations/:id/speakers": "staff",
  "POST /api/conversations/:id/consent": "staff",
  "POST /api/imports": "staff",
  "GET /api/jobs": "admin",
  "POST /api/jobs/:id/retry": "admin",
  // handoff
  "GET /api/deals/:id/handoff": "staff",
  "PUT /api/deals/:id/handoff/owners": "staff",
  "GET /api/deals/:id/brief": "staff",
  "PATCH /api/deals/:id/brief": "staff",
  "POST /api/deals/:id/actions": "staff",
  "GET /api/deals/:id/first-follow-up": "staff",
  "POST /api/intake": "staff",
  // ledger
  "GET /api/deals/:id/ledger": "partner-deal",
  "POST /api/ledger/:itemId/events": "partner-item",
  "GET /api/ledger/walk": "staff",
  "POST /api/ledger/walks": "staff",
  // attribution
  "GET /api/deals/:id/attribution": "partner-deal",
  "POST /api/deals/:id/attribution/claims": "staff",
  "GET /api/deals/:id/attribution/snapshots": "staff",
  "POST /api/deals/:id/attribution/snapshots": "staff",
  "GET /api/attribution/snapshots/:file": "staff",
  "GET /api/attribution/rules": "staff",
  "PUT /api/attribution/rules": "admin",
  "GET /api/partners/revenue": "partner-list",
  // activation
  "GET /api/partners/activation": "partner-list",
  "GET /api/partners/:orgId/first-win": "partner-org",
  "PUT /api/partners/:orgId/first-win": "staff",
  "GET /api/partners/:orgId/runway": "partner-org",
  "POST /api/partners/:orgId/runway": "partner-org",
  "PATCH /api/partners/:orgId/runway": "partner-org",
  "GET /api/partners/:orgId/runway/huddles.ics": "partner-org",
  // recap and huddles
  "GET /api/conversations/:id/recap": "partner-conversation",
  "POST /api/conversations/:id/recap": "staff",
  "GET /api/conversations/:id/recap-check": "staff",
  "GET /api/recaps/:id": "partner-recap",
  "PATCH /api/recaps/:id": "staff",
  "POST /api/recaps/:id/approve": "partner-recap",
  "POST /api/recaps/:id/send": "staff",
  "GET /api/recaps/:id/follow-up": "staff",
  "GET /api/deals/:id/huddles": "partner-deal",
  "POST /api/deals/:id/huddles": "staff",
  "GET /api/deals/:id/huddle.ics": "partner-deal",
  "POST /api/deals/:id/huddle/invite": "staff",
  "GET /api/partners/:id/huddle.ics": "partner-org",
  "POST /api/partners/:id/huddle/invite": "staff",
  // briefs
  "GET /api/deals/:id/briefs/pre-call": "staff",
  "GET /api/deals/:id/briefs/catch-up": "staff",
  "PUT /api/deals/:id/briefs/topic-leads": "staff",
  // crm sync
  "GET /api/crm/connections": "staff", "POST /api/crm/connections": "admin", "PATCH /api/crm/connections/:id": "admin", "DELETE /api/crm/connections/:id": "admin", "POST /api/crm/connections/:id/check": "staff", "GET /api/crm/outbox": "staff", "POST /api/crm/outbox/:id/retry": "staff", "GET /api/crm/oauth/:kind/start": "admin", "GET /api/crm/oauth/:kind/callback": "admin", "POST /api/deals/:id/crm-sync": "staff", "GET /api/deals/:id/crm": "staff",
  // ask
  "POST /api/ask": "partner-list",
  "POST /api/deals/:id/ask": "partner-deal",
  // sharing (buyer links, exports), audit, settings
  "POST /api/recaps/:id/buyer-links": "staff",
  "GET /api/deals/:id/buyer-links": "staff",
  "DELETE /api/buyer-links/:id": "staff",
  "GET /api/share/:token": "public",
  "GET /api/deals/:id/export": "partner-deal",
  "GET /api/audit": "admin",
  "GET /api/settings/secrets": "admin",
  "PUT /api/settings/secrets/:name": "admin",
  "DELETE /api/settings/secrets/:name": "admin",
  "GET /api/delivery/destinations": "staff",
  "POST /api/delivery/destinations": "staff",
  "DELETE /api/delivery/destinations/:id": "staff",
  "POST /api/deals/:id/deliveries": "staff",
  "GET /api/deals/:id/deliveries": "staff",
  "POST /api/ledger/walk/deliveries": "staff",
};

interface CompiledRule { method: string; key: string; re: RegExp; params: string[]; rule: AccessRule }

function compile(table: Record<string, AccessRule>): CompiledRule[] {
  return Object.entries(table).map(([key, rule]) => {
    const [method, path] = key.split(" ");
    const params: string[] = [];
    const re = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:([A-Za-z_]\w*)/g, (_, p: string) => { params.push(p); return "([^/]+)"; })}/?$`);
    return { method, key, re, params, rule };
  })
    // Literal segments win over parameters (e.g. /partners/activation before /partners/:orgId).
    .sort((a, b) => a.params.length - b.params.length);
}

let compiled: CompiledRule[] | null = null;

/** The rule for a request, with its path parameters; null when no rule names the route. */
export function findAccessRule(method: string, path: string, table: Record<string, AccessRule> = ACCESS):
  { key: string; rule: AccessRule; params: Record<string, string> } | null {
  const rules = table === ACCESS ? (compiled ??= compile(ACCESS)) : compile(table);
  const m = method === "HEAD" ? "GET" : method;
  for (const r of rules) {
    if (r.method !== m) continue;
    const hit = r.re.exec(path);
    if (!hit) continue;
    const params: Record<string, string> = {};
    r.params.forEach((p, i) => { params[p] = decodeURIComponent(hit[i + 1]); });
    return { key: r.key, rule: r.rule, params };
  }
  return null;
}

type Db = Deps["db"];

/** The deal an object named by a partner-scoped rule belongs to (null when it does not exist). */
async function dealOf(db: Db, rule: AccessRule, id: string): Promise<string | null> {
  const q = (text: ReturnType<typeof sql<{ deal_id: string }>>) => text.execute(db).then((r) => r.rows[0]?.deal_id ?? null);
  switch (rule) {
    case "partner-deal": return q(sql<{ deal_id: string }>`SELECT id AS deal_id FROM deals WHERE id = ${id}`);
    case "partner-conversation": return q(sql<{ deal_id: string }>`SELECT deal_id FROM conversations WHERE id = ${id}`);
    case "partner-recap": return q(sql<{ deal_id: string }>`SELECT deal_id FROM recaps WHERE id = ${id}`);
    case "partner-item": return q(sql<{ deal_id: string }>`SELECT deal_id FROM items WHERE id = ${id} AND is_internal = false`);
    default: return null;
  }
}

/** True when the deal is shared with the partner organisation (the organisation is one of the deal's partners). */
export async function isDealSharedWith(db: Db, dealId: string, partnerOrgId: string): Promise<boolean> {
  const r = await sql<{ ok: number }>`SELECT 1 AS ok FROM deal_partners WHERE deal_id = ${dealId} AND org_id = ${partnerOrgId}`.execute(db);
  return r.rows.length > 0;
}

/**
 * Throws unless the caller may reach this route. Partner users get 404 (not 403) for objects outside their
 * deals, so they cannot probe which ids exist.
 */
export async function enforceAccess(db: Db, user: AuthUser | null, method: string, path: string,
  table: Record<string, AccessRule> = ACCESS): Promise<void> {
  const found = findAccessRule(method, path, table);
  if (!found) {
    if (user?.role === "admin") return; // an unlisted route is still usable by admins; the isolation suite flags it
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer …)");
    throw new AppError("FORBIDDEN", `No access rule for ${method} ${path}`);
  }
  const { rule, params } = found;
  if (rule === "public") return;
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer …)");
  if (rule === "admin") {
    if (user.role !== "admin") throw new AppError("FORBIDDEN", "This needs the admin role");
    return;
  }
  if (user.role !== "partner") return; // admins and members: everything but admin-only routes
  if (rule === "self" || rule === "partner-list") return;
  if (rule === "staff") throw new AppError("FORBIDDEN", "Partner users cannot use this part of Baton");
  if (!user.partnerOrgId) throw new AppError("FORBIDDEN", "This partner user belongs to no partner organisation");
  const id = Object.values(params)[0];
  if (rule === "partner-org") {
    if (id !== user.partnerOrgId) throw new AppError("FORBIDDEN", "Partner users see only their own organisation");
    return;
  }
  const dealId = await dealOf(db, rule, id);
  if (!dealId || !(await isDealSharedWith(db, dealId, user.partnerOrgId))) throw notFound(`${rule.replace("partner-", "")} ${id}`);
}
