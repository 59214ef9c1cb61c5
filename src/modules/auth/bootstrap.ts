// First start: make sure someone can become admin, from the environment or through a one-time setup link.
import type { Deps } from "../../shared/deps.ts";
import { deleteUnusedSetupTokens, hasAdmin, insertSetupToken } from "./auth.repo.ts";
import { hashSecret, makeSecret } from "./secrets.ts";
import { createUser } from "./users.service.ts";

export const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

export interface BootstrapAdmin { workspaceId: string; email?: string; password?: string; publicUrl: string }

/** `created` says an admin was created now; `setupUrl` is the link to print when none could be. */
export async function bootstrapAdmin(deps: Deps, opts: BootstrapAdmin): Promise<{ created: boolean; setupUrl?: string }> {
  if (await hasAdmin(deps.db)) return { created: false };
  if (opts.email && opts.password) {
    const name = opts.email.split("@")[0] || "Admin";
    await createUser(deps, { workspaceId: opts.workspaceId, email: opts.email, name, password: opts.password, role: "admin" });
    return { created: true };
  }
  const token = makeSecret();
  // Only the newest link works: an older one printed by an earlier start may sit in a log.
  await deleteUnusedSetupTokens(deps.db);
  await insertSetupToken(deps.db, {
    token_hash: hashSecret(token), workspace_id: opts.workspaceId,
    expires_at: new Date(deps.clock.now().getTime() + SETUP_TOKEN_TTL_MS),
  });
  const base = opts.publicUrl.replace(/\/+$/, "");
  return { created: false, setupUrl: `${base}/setup?token=${encodeURIComponent(token)}` };
}
