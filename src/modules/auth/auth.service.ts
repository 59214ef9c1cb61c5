// Sign-in, sessions, API tokens and first-admin setup.
import { ChangeCache } from "../../db/change-feed.ts";
import type { AuthUser } from "../../shared/app-env.ts";
import type { Deps } from "../../shared/deps.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import {
  consumeSetupToken, deleteExpiredSessions, deleteSession, deleteTokenRow, extendSession, findSessionWithUser,
  findTokenWithUser, findUserRowByEmail, hasAdmin, insertApiToken, insertSession, listTokenRows, touchToken, type UserRow,
} from "./auth.repo.ts";
import type { Login, Setup, Token, User } from "./auth.schemas.ts";
import { assertLoginAllowed, clearLoginFailures, emailKey, ipKey, recordLoginFailure } from "./login-limit.ts";
import { verifyDummyPassword, verifyPassword } from "./password.ts";
import { hashSecret, makeSecret } from "./secrets.ts";
import { createUser, normaliseEmail, toUser } from "./users.service.ts";

export const SESSION_TTL_MS = 14 * 24 * 3600_000;
export const API_TOKEN_PREFIX = "baton_";

export interface NewSession { user: User; sessionId: string; csrfToken: string; expiresAt: Date }

function toAuthUser(row: UserRow, via: AuthUser["via"]): AuthUser {
  return {
    id: row.id, email: row.email, name: row.name, role: row.role,
    workspaceId: row.workspace_id, partnerOrgId: row.partner_org_id, via,
  };
}

export async function createSession(deps: Deps, user: User): Promise<NewSession> {
  const now = deps.clock.now();
  const sessionId = makeSecret();
  const csrfToken = makeSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(deps.db, { id_hash: hashSecret(sessionId), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt, created_at: now });
  await deleteExpiredSessions(deps.db, now);
  return { user, sessionId, csrfToken, expiresAt };
}

/** Same answer for an unknown email and a wrong password; failures count per email and per IP. */
export async function login(deps: Deps, input: Login & { ip: string }): Promise<NewSession> {
  const email = normaliseEmail(input.email);
  const keys = [emailKey(email), ipKey(input.ip)];
  await assertLoginAllowed(deps, keys);
  const found = await findUserRowByEmail(deps.db, email);
  const row = found?.disabled_at ? undefined : found; // a disabled user gets the same answer as an unknown one
  const isValid = row?.password_hash
    ? await verifyPassword(input.password, row.password_hash)
    : await verifyDummyPassword(input.password);
  if (!row || !isValid) {
    await recordLoginFailure(deps, keys);
    throw new AppError("UNAUTHENTICATED", "Wrong email or password");
  }
  await clearLoginFailures(deps, email);
  return createSession(deps, toUser(row));
}

export async function logout(deps: Deps, sessionId: string): Promise<void> {
  await deleteSession(deps.db, hashSecret(sessionId));
}

export interface ResolvedSession { user: AuthUser; csrfToken: string; expiresAt: Date; isExtended: boolean }

/** The session's user, or null when unknown or expired. Sliding expiry: past half its life, it is renewed. */
export async function resolveSession(deps: Deps, sessionId: string): Promise<ResolvedSession | null> {
  const now = deps.clock.now();
  const idHash = hashSecret(sessionId);
  const row = await findSessionWithUser(deps.db, idHash, now);
  if (!row) return null;
  let expiresAt = row.expires_at;
  const isExtended = expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2;
  if (isExtended) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await extendSession(deps.db, idHash, expiresAt);
  }
  return { user: toAuthUser(row, "session"), csrfToken: row.csrf_token, expiresAt, isExtended };
}

/**
 * Token → user, remembered until the next change to the database (src/db/change-feed.ts): revoking a token,
 * changing or disabling its user, or touching its last use is a write to api_tokens or users, which forgets it.
 */
const tokenUsers = new ChangeCache<{ user: Readonly<AuthUser>; tokenId: string; lastUsedAt: number | null } | null>(1000);

export async function resolveApiToken(deps: Deps, token: string): Promise<AuthUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const tokenHash = hashSecret(token);
  const found = await tokenUsers.get(deps.db, tokenHash, async () => {
    const row = await findTokenWithUser(deps.db, tokenHash);
    return row ? { user: Object.freeze(toAuthUser(row, "token")), tokenId: row.token_id, lastUsedAt: row.token_last_used_at ? new Date(row.token_last_used_at).getTime() : null } : null;
  }, (v) => v !== null);
  if (!found) return null;
  // At most one write a minute per token: a busy integration shouldn't turn every read into a write.
  const now = deps.clock.now();
  if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt > 60_000) await touchToken(deps.db, found.tokenId, now);
  return { ...found.user };
}

export async function createApiToken(deps: Deps, userId: string, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = makeSecret(API_TOKEN_PREFIX);
  const row = await insertApiToken(deps.db, {
    id: deps.ids.make("tok"), user_id: userId, name, token_hash: hashSecret(token), created_at: deps.clock.now(),
  });
  return { id: row.id, name: row.name, token };
}

export async function listApiTokens(deps: Deps, userId: string): Promise<Token[]> {
  return (await listTokenRows(deps.db, userId)).map((r) => ({
    id: r.id, name: r.name, lastUsedAt: r.last_used_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
  }));
}

export async function revokeApiToken(deps: Deps, userId: string, id: string): Promise<void> {
  if (!(await deleteTokenRow(deps.db, userId, id))) throw notFound(`API token ${id}`);
}

/** Consumes a one-time setup token, creates the first admin and signs them in. */
export async function completeSetup(deps: Deps, input: Setup): Promise<NewSession> {
  const user = await deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const token = await consumeSetupToken(trx, hashSecret(input.token), deps.clock.now());
    if (!token?.workspace_id) throw new AppError("FORBIDDEN", "This setup link is invalid, used or expired");
    if (await hasAdmin(trx)) throw new AppError("CONFLICT", "Setup is already done: sign in instead");
    return createUser(tx, { workspaceId: token.workspace_id, email: input.email, name: input.name, password: input.password, role: "admin" });
  });
  return createSession(deps, user);
}
