// Login rate limit: at most 10 failed attempts per email and per IP in a sliding 15-minute window.
import type { Deps } from "../../shared/deps.ts";
import { AppError } from "../../shared/errors.ts";
import { deleteAttempts, deleteAttemptsBefore, insertAttempts, listAttemptTimes } from "./auth.repo.ts";

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_LOGIN_FAILURES = 10;

export const emailKey = (email: string) => `email:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** When the next attempt is allowed, or null if it is allowed now. `times` are the failures in the window, oldest first. */
export function computeRetryAt(times: Date[], { windowMs = LOGIN_WINDOW_MS, max = MAX_LOGIN_FAILURES } = {}): Date | null {
  if (times.length < max) return null;
  // Once the oldest failures beyond the limit leave the window, one more attempt is allowed.
  return new Date(times[times.length - max].getTime() + windowMs);
}

export function formatRetryMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} (after ${retryAt.toISOString()}).`;
}

export async function assertLoginAllowed(deps: Deps, keys: string[]): Promise<void> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  let latest: Date | null = null;
  for (const key of keys) {
    const retryAt = computeRetryAt(await listAttemptTimes(deps.db, key, since));
    if (retryAt && (!latest || retryAt > latest)) latest = retryAt;
  }
  if (latest) {
    throw new AppError("RATE_LIMITED", formatRetryMessage(latest, now), {
      details: [{ field: "retryAt", message: latest.toISOString() }],
    });
  }
}

export async function recordLoginFailure(deps: Deps, keys: string[]): Promise<void> {
  const now = deps.clock.now();
  await insertAttempts(deps.db, keys, now);
  await deleteAttemptsBefore(deps.db, new Date(now.getTime() - LOGIN_WINDOW_MS));
}

/** A successful sign-in forgives the email's earlier typos (not the IP's: it may be guessing other accounts). */
export async function clearLoginFailures(deps: Deps, email: string): Promise<void> {
  await deleteAttempts(deps.db, emailKey(email));
}
