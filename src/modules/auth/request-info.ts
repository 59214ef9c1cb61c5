// What auth needs to know about the HTTP request: client IP, https, the session cookie.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../shared/app-env.ts";

export const SESSION_COOKIE = "baton_session";

/** Loopback and private addresses: a reverse proxy on the same host or network. */
export function isProxyAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/i, "");
  return a === "::1" || /^127\./.test(a) || /^10\./.test(a) || /^192\.168\./.test(a)
    || /^172\.(1[6-9]|2\d|3[01])\./.test(a) || /^f[cd][0-9a-f]{2}:/i.test(a);
}

/** The socket address; behind a local/private proxy, the address that proxy appended to X-Forwarded-For. */
export function pickClientIp(socketAddress: string | undefined, forwardedFor: string | undefined): string {
  if (!socketAddress) return "unknown";
  if (forwardedFor && isProxyAddress(socketAddress)) {
    const last = forwardedFor.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return socketAddress;
}

export function readClientIp(c: Context<AppEnv>): string {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    address = undefined; // not served by @hono/node-server (in-process tests)
  }
  return pickClientIp(address, c.req.header("x-forwarded-for"));
}

export function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

export const readSessionCookie = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE);

export function setSessionCookie(c: Context<AppEnv>, sessionId: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true, sameSite: "Lax", path: "/", secure: isHttps(c), expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(c) });
}
