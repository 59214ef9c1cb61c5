// Buyer link tokens, no I/O: "<payload>.<signature>", the payload {l: linkId, r: recapId, e: expiry (unix s)} as
// base64url JSON, signed with HMAC-SHA256 under a workspace key. The token is never stored: the link row is,
// and a view needs both a good signature and a live row.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface BuyerLinkClaims { linkId: string; recapId: string; expiresAt: Date }

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(`baton-buyer-link.v1.${payload}`).digest();

export function signBuyerLinkToken(key: Buffer, c: BuyerLinkClaims): string {
  const payload = Buffer.from(JSON.stringify({ l: c.linkId, r: c.recapId, e: Math.floor(c.expiresAt.getTime() / 1000) })).toString("base64url");
  return `${payload}.${sign(key, payload).toString("base64url")}`;
}

/** The claims a token carries, unverified (to find the link row and its workspace key); null when malformed. */
export function readBuyerLinkToken(token: string): (BuyerLinkClaims & { payload: string; signature: string }) | null {
  const m = /^([A-Za-z0-9_-]{8,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  try {
    const p = JSON.parse(Buffer.from(m[1], "base64url").toString("utf8")) as { l?: unknown; r?: unknown; e?: unknown };
    if (typeof p.l !== "string" || typeof p.r !== "string" || typeof p.e !== "number" || !Number.isFinite(p.e)) return null;
    return { linkId: p.l, recapId: p.r, expiresAt: new Date(p.e * 1000), payload: m[1], signature: m[2] };
  } catch {
    return null;
  }
}

/** True when the signature is the key's, compared in constant time. */
export function isBuyerLinkSignatureValid(key: Buffer, claims: { payload: string; signature: string }): boolean {
  const want = sign(key, claims.payload);
  const got = Buffer.from(claims.signature, "base64url");
  return got.length === want.length && timingSafeEqual(got, want);
}
