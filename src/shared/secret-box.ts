// Secrets at rest (SMTP passwords, Slack and CRM tokens, model API keys): AES-256-GCM with a key from the
// environment (BATON_SECRET_KEY). Sealed values look like "v1:<iv>:<tag>:<ciphertext>" (base64url).
// Without BATON_SECRET_KEY the embedded default keeps a generated key in <BATON_DATA_DIR>/secret.key (mode 0600).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "./errors.ts";

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** True for a value produced by seal() (so callers never double-seal or store clear text by mistake). */
  isSealed(value: string): boolean;
}

const PREFIX = "v1:";

/** Any passphrase works; HKDF stretches it to a 256-bit key bound to this purpose. */
export function createSecretBox(keyMaterial: string): SecretBox {
  if (!keyMaterial || keyMaterial.length < 16) {
    throw new AppError("INVALID_INPUT", "BATON_SECRET_KEY must be at least 16 characters", { details: [{ field: "BATON_SECRET_KEY", message: "too short" }] });
  }
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(keyMaterial, "utf8"), Buffer.from("baton"), Buffer.from("secrets-at-rest v1"), 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${PREFIX}${iv.toString("base64url")}:${cipher.getAuthTag().toString("base64url")}:${ct.toString("base64url")}`;
    },
    open(sealed) {
      const parts = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split(":") : [];
      if (parts.length !== 3) throw new AppError("INVALID_INPUT", "Not a sealed secret");
      const [iv, tag, ct] = parts.map((p) => Buffer.from(p, "base64url"));
      try {
        const d = createDecipheriv("aes-256-gcm", key, iv);
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString("utf8");
      } catch (e) {
        throw new AppError("FORBIDDEN", "A stored secret cannot be decrypted: BATON_SECRET_KEY differs from the key it was sealed with", { cause: e });
      }
    },
    isSealed: (v) => v.startsWith(PREFIX) && v.split(":").length === 4,
  };
}

/** BATON_SECRET_KEY when set; else a key generated once into the data dir (embedded default only). */
export function loadSecretBox(opts: { env?: Record<string, string | undefined>; dataDir?: string | null } = {}): SecretBox {
  const env = opts.env ?? process.env;
  if (env.BATON_SECRET_KEY) return createSecretBox(env.BATON_SECRET_KEY);
  if (!opts.dataDir) {
    throw new AppError("INVALID_INPUT", "Set BATON_SECRET_KEY to store secrets (it encrypts them at rest)", { details: [{ field: "BATON_SECRET_KEY", message: "required" }] });
  }
  const file = join(opts.dataDir, "secret.key");
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return createSecretBox(readFileSync(file, "utf8").trim());
}

let cached: { key: string; box: SecretBox } | null = null;
/**
 * The process's secret box: BATON_SECRET_KEY, else the generated key file in BATON_DATA_DIR (default ./.baton).
 * Tests set BATON_SECRET_KEY (or call createSecretBox) so they never write a key file.
 */
export function secretBoxFromEnv(env: Record<string, string | undefined> = process.env): SecretBox {
  const k = `${env.BATON_SECRET_KEY ?? ""}|${env.BATON_DATA_DIR ?? ""}`;
  if (cached?.key === k) return cached.box;
  const box = loadSecretBox({ env, dataDir: env.BATON_DATA_DIR ?? "./.baton" });
  cached = { key: k, box };
  return box;
}
