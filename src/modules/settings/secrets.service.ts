// Workspace secrets: SMTP URL, Slack tokens, the model API key and CRM credentials, sealed with the secret box.
// The API never returns a value; modules read one with getSecret when they need it.
import { randomBytes } from "node:crypto";
import { type SecretBox, secretBoxFromEnv } from "../../shared/secret-box.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput, notFound } from "../../shared/errors.ts";
import { SecretNameSchema, type SecretInfo } from "./settings.schemas.ts";
import { deleteSecretRow, findSecretRow, insertSecretRowOnce, listSecretRows, upsertSecretRow } from "./secrets.repo.ts";

/** Names Baton keeps for itself (keys it generates); never listed, set or deleted through the API. */
const INTERNAL_PREFIX = "internal:";

export interface SecretOptions { box?: SecretBox }
const boxOf = (o?: SecretOptions) => o?.box ?? secretBoxFromEnv();

function checkName(name: string): void {
  const r = SecretNameSchema.safeParse(name);
  if (!r.success) throw invalidInput(`Unknown secret name "${name}"`, [{ field: "name", message: r.error.issues[0]?.message ?? "invalid" }]);
}

export async function putSecret(deps: Deps, input: { workspaceId: string; name: string; value: string; actor: Pick<Actor, "id"> }, opts?: SecretOptions): Promise<SecretInfo> {
  checkName(input.name);
  if (!input.value) throw invalidInput("A secret needs a value", [{ field: "value", message: "required" }]);
  const at = deps.clock.now();
  await upsertSecretRow(deps, { workspaceId: input.workspaceId, name: input.name, sealed: boxOf(opts).seal(input.value), updatedBy: input.actor.id, at });
  return { name: input.name, setAt: at.toISOString(), setBy: input.actor.id };
}

/** The clear value, or null when not set. A different BATON_SECRET_KEY than the one it was sealed with throws a clear error. */
export async function getSecret(deps: Pick<Deps, "db">, workspaceId: string, name: string, opts?: SecretOptions): Promise<string | null> {
  const row = await findSecretRow(deps, workspaceId, name);
  return row ? boxOf(opts).open(row.sealed) : null;
}

export async function listSecretNames(deps: Pick<Deps, "db">, workspaceId: string): Promise<SecretInfo[]> {
  return (await listSecretRows(deps, workspaceId)).filter((r) => !r.name.startsWith(INTERNAL_PREFIX))
    .map((r) => ({ name: r.name, setAt: r.updatedAt.toISOString(), setBy: r.updatedBy }));
}

export async function deleteSecret(deps: Pick<Deps, "db">, workspaceId: string, name: string): Promise<void> {
  checkName(name);
  if (!(await deleteSecretRow(deps, workspaceId, name))) throw notFound(`Secret ${name}`);
}

/**
 * A random key Baton generates once per workspace for its own signatures (e.g. buyer links), stored sealed.
 * Concurrent first calls agree on one key (insert-if-absent, then read back).
 */
export async function getOrCreateInternalKey(deps: Deps, workspaceId: string, purpose: string, opts?: SecretOptions): Promise<Buffer> {
  const name = `${INTERNAL_PREFIX}${purpose}`;
  const box = boxOf(opts);
  let row = await findSecretRow(deps, workspaceId, name);
  if (!row) {
    row = await insertSecretRowOnce(deps, { workspaceId, name, sealed: box.seal(randomBytes(32).toString("base64url")), updatedBy: "system", at: deps.clock.now() });
  }
  return Buffer.from(box.open(row.sealed), "base64url");
}
