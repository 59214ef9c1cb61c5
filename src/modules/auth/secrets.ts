// Random secrets, their stored digests and constant-time comparison. No I/O.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe random secret with 256 bits of entropy, optionally prefixed ("baton_…"). */
export function makeSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** Session ids, API tokens and setup tokens are stored as sha256 digests, never in clear. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function isSameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
