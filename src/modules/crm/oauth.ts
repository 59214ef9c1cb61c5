// OAuth 2.0 authorization-code flow with refresh for HubSpot, Salesforce and Zoho (Pipedrive and Freshsales
// use API tokens). Client id/secret come from the environment; the endpoints can be overridden (tests point
// them at a local token server, Zoho customers outside .com set their data centre's accounts URL).
import { randomBytes } from "node:crypto";
import type { Deps } from "../../shared/deps.ts";
import { AppError, invalidInput } from "../../shared/errors.ts";
import { getWorkspace } from "../directory/index.ts";
import { CrmError, type CrmKind } from "./crm.types.ts";
import * as repo from "./crm.repo.ts";
import { createConnection, openSecrets, sealSecrets, type ConnectionView, type CreateConnectionInput } from "./crm.service.ts";

export const OAUTH_KINDS = ["hubspot", "salesforce", "zoho"] as const;
export type OAuthKind = (typeof OAUTH_KINDS)[number];
export const isOAuthKind = (k: string): k is OAuthKind => (OAUTH_KINDS as readonly string[]).includes(k);

const DEFAULTS: Record<OAuthKind, { authorizeUrl: string; tokenUrl: string; scope: string; extra?: Record<string, string> }> = {
  hubspot: { authorizeUrl: "https://app.hubspot.com/oauth/authorize", tokenUrl: "https://api.hubapi.com/oauth/v1/token", scope: "crm.objects.deals.write crm.objects.contacts.write crm.objects.companies.write" },
  salesforce: { authorizeUrl: "https://login.salesforce.com/services/oauth2/authorize", tokenUrl: "https://login.salesforce.com/services/oauth2/token", scope: "api refresh_token" },
  zoho: { authorizeUrl: "https://accounts.zoho.com/oauth/v2/auth", tokenUrl: "https://accounts.zoho.com/oauth/v2/token", scope: "ZohoCRM.modules.ALL", extra: { access_type: "offline", prompt: "consent" } },
};

export interface OAuthProvider { kind: OAuthKind; clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl: string; scope: string; redirectUri: string; extra: Record<string, string> }

/** BATON_CRM_<KIND>_CLIENT_ID / _CLIENT_SECRET (required), _AUTHORIZE_URL / _TOKEN_URL (optional). */
export function oauthProvider(kind: string, env: Record<string, string | undefined> = process.env): OAuthProvider {
  if (!isOAuthKind(kind)) throw invalidInput(`${kind} connects with an API token, not OAuth`, [{ field: "kind", message: "one of hubspot, salesforce, zoho" }]);
  const p = `BATON_CRM_${kind.toUpperCase()}_`;
  const clientId = env[`${p}CLIENT_ID`], clientSecret = env[`${p}CLIENT_SECRET`];
  if (!clientId || !clientSecret) throw invalidInput(`Set ${p}CLIENT_ID and ${p}CLIENT_SECRET to connect ${kind}`, [{ field: `${p}CLIENT_ID`, message: "required" }]);
  const base = (env.BATON_PUBLIC_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const d = DEFAULTS[kind];
  return {
    kind, clientId, clientSecret, authorizeUrl: env[`${p}AUTHORIZE_URL`] ?? d.authorizeUrl, tokenUrl: env[`${p}TOKEN_URL`] ?? d.tokenUrl,
    scope: d.scope, redirectUri: `${base}/api/crm/oauth/${kind}/callback`, extra: d.extra ?? {},
  };
}

/** Step 1: remember what to create, send the browser to the vendor. */
export async function startOAuth(deps: Deps, kind: string, connection: Omit<CreateConnectionInput, "kind">, env = process.env): Promise<string> {
  const p = oauthProvider(kind, env);
  const ws = await getWorkspace(deps);
  const state = randomBytes(24).toString("base64url");
  await repo.insertOauthState(deps, { state, workspaceId: ws.id, kind, connection: connection as Record<string, unknown>, at: deps.clock.now() });
  const u = new URL(p.authorizeUrl);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", p.clientId);
  u.searchParams.set("redirect_uri", p.redirectUri);
  u.searchParams.set("scope", p.scope);
  u.searchParams.set("state", state);
  for (const [k, v] of Object.entries(p.extra)) u.searchParams.set(k, v);
  return u.toString();
}

interface TokenAnswer { access_token: string; refresh_token?: string; expires_in?: number | string; instance_url?: string; api_domain?: string }

async function tokenRequest(p: OAuthProvider, form: Record<string, string>): Promise<TokenAnswer> {
  let res: Response;
  try {
    res = await fetch(p.tokenUrl, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ ...form, client_id: p.clientId, client_secret: p.clientSecret }).toString(), signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new CrmError(`${p.kind} token endpoint unreachable: ${String((e as Error)?.cause ?? e)}`, { retryable: true, cause: e });
  }
  const text = await res.text();
  let body: Partial<TokenAnswer> & { error?: string; error_description?: string } = {};
  try { body = JSON.parse(text); } catch { /* reported below */ }
  if (!res.ok || !body.access_token) {
    throw new CrmError(`${p.kind} token endpoint answered ${res.status}: ${body.error_description ?? body.error ?? text.slice(0, 200)}`, { status: res.status, retryable: res.status >= 500 || res.status === 429, body: text.slice(0, 500) });
  }
  return body as TokenAnswer;
}

const expiresAt = (t: TokenAnswer, now: Date) => (t.expires_in != null ? new Date(now.getTime() + Number(t.expires_in) * 1000).toISOString() : null);

/** Step 2: check the state (once, within 15 minutes), exchange the code, store the tokens sealed. */
export async function finishOAuth(deps: Deps, kind: string, q: { code?: string; state?: string; error?: string }, env = process.env): Promise<ConnectionView> {
  if (q.error) throw new AppError("UPSTREAM_FAILED", `${kind} refused the authorisation: ${q.error}`);
  if (!q.code || !q.state) throw invalidInput("The callback needs code and state", [{ field: q.code ? "state" : "code", message: "required" }]);
  const saved = await repo.takeOauthState(deps, q.state);
  if (!saved || saved.kind !== kind || deps.clock.now().getTime() - Date.parse(saved.createdAt) > 15 * 60_000) {
    throw new AppError("FORBIDDEN", "Unknown or expired OAuth state: start the connection again");
  }
  const p = oauthProvider(kind, env);
  let t: TokenAnswer;
  try {
    t = await tokenRequest(p, { grant_type: "authorization_code", code: q.code, redirect_uri: p.redirectUri });
  } catch (e) {
    throw new AppError("UPSTREAM_FAILED", (e as Error).message, { cause: e });
  }
  const c = saved.connection as Omit<CreateConnectionInput, "kind">;
  return createConnection(deps, {
    ...c, kind: kind as CrmKind, accessToken: t.access_token, refreshToken: t.refresh_token ?? null,
    instanceUrl: t.instance_url ?? t.api_domain ?? c.instanceUrl ?? null, tokenExpiresAt: expiresAt(t, deps.clock.now()),
  });
}

export function tokenNeedsRefresh(c: repo.ConnectionRow, now: Date): boolean {
  return isOAuthKind(c.kind) && !!c.credentialsSealed && !!c.tokenExpiresAt && Date.parse(c.tokenExpiresAt) - 60_000 <= now.getTime();
}

/** New access token from the refresh token; the connection row is updated and returned. */
export async function refreshConnectionToken(deps: Pick<Deps, "db" | "clock">, c: repo.ConnectionRow, env = process.env): Promise<repo.ConnectionRow> {
  const secrets = openSecrets(c.credentialsSealed);
  if (!isOAuthKind(c.kind) || !secrets.refreshToken) throw new CrmError(`The ${c.kind} token was refused and there is no refresh token: reconnect ${c.name}`, { status: 401, retryable: false });
  let p: OAuthProvider;
  try { p = oauthProvider(c.kind, env); } catch (e) { throw new CrmError((e as Error).message, { retryable: false }); }
  const t = await tokenRequest(p, { grant_type: "refresh_token", refresh_token: secrets.refreshToken });
  const now = deps.clock.now();
  await repo.updateConnection(deps, c.id, {
    credentialsSealed: sealSecrets({ ...secrets, accessToken: t.access_token, refreshToken: t.refresh_token ?? secrets.refreshToken }),
    tokenExpiresAt: expiresAt(t, now), ...(t.instance_url ?? t.api_domain ? { instanceUrl: t.instance_url ?? t.api_domain } : {}),
  });
  return (await repo.findConnection(deps, c.id))!;
}
