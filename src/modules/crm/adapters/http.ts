// Shared HTTP plumbing of the vendor adapters: one fetch with a timeout, error → CrmError mapping
// (status, retryable, Retry-After), and redaction of secrets for plan().
import { CrmError, type CrmConnectionConfig, type CrmIds } from "../crm.types.ts";

export interface AdapterOptions {
  /** Per-request timeout; a request that takes longer fails with a retryable CrmError. */
  timeoutMs?: number;
}
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface PlannedRequest { method: string; url: string; headers: Record<string, string>; body: unknown }
export interface HttpAnswer<T = unknown> { status: number; headers: Headers; body: T }

const SECRET_HEADERS = new Set(["authorization", "x-api-token", "x-api-key", "cookie"]);
const SECRET_PARAMS = ["api_token", "access_token", "token", "hapikey"];

/** Headers without secrets: the value is replaced, the header name stays so the plan shows auth is sent. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? "[redacted]" : v;
  return out;
}

export function redactUrl(url: string): string {
  const u = new URL(url);
  for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, "[redacted]");
  return u.toString().replaceAll("%5Bredacted%5D", "[redacted]");
}

export function redactPlan(r: PlannedRequest): PlannedRequest {
  return { method: r.method, url: redactUrl(r.url), headers: redactHeaders(r.headers), body: r.body };
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export const isRetryableStatus = (status: number) => status === 429 || status === 408 || status >= 500;

/** Maps a failed HTTP answer to a CrmError. `extraRetryAfterMs` carries a vendor-specific rate-limit header. */
export function httpError(vendor: string, what: string, status: number, headers: Headers | Record<string, string | undefined>, bodyText: string, extraRetryAfterMs?: number): CrmError {
  const get = (k: string) => headers instanceof Headers ? headers.get(k) : (headers[k] ?? headers[k.toLowerCase()]);
  const retryAfterMs = parseRetryAfter(get("retry-after")) ?? (status === 429 ? extraRetryAfterMs : undefined);
  const detail = bodyText.length > 300 ? `${bodyText.slice(0, 300)}…` : bodyText;
  return new CrmError(`${vendor} ${what} failed: HTTP ${status}${detail ? ` ${detail}` : ""}`, {
    status, retryable: isRetryableStatus(status), body: bodyText, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** A network failure (refused, reset, dropped) or a timeout: always worth retrying. */
export function networkError(vendor: string, what: string, cause: unknown): CrmError {
  const e = cause as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const isTimeout = e?.name === "TimeoutError" || e?.name === "AbortError" || e?.code === "ETIMEDOUT" || /timeout/i.test(e?.message ?? "");
  const reason = isTimeout ? "timed out" : `network error (${e?.cause?.code ?? e?.code ?? e?.message ?? "unknown"})`;
  return new CrmError(`${vendor} ${what} ${reason}`, { retryable: true, cause });
}

/** One JSON request with a timeout. Non-2xx answers throw CrmError via `onError` (vendor-specific) or httpError. */
export async function sendJson<T = unknown>(vendor: string, what: string, req: PlannedRequest, opts: { timeoutMs: number; rateLimitResetMs?: (h: Headers) => number | undefined }): Promise<HttpAnswer<T>> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.body === undefined ? req.headers : { "content-type": "application/json", ...req.headers },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    throw networkError(vendor, what, e);
  }
  if (!res.ok) throw httpError(vendor, what, res.status, res.headers, text, opts.rateLimitResetMs?.(res.headers));
  let body: unknown = null;
  if (text) { try { body = JSON.parse(text); } catch { throw new CrmError(`${vendor} ${what}: answer is not JSON`, { status: res.status, retryable: false, body: text }); } }
  return { status: res.status, headers: res.headers, body: body as T };
}

export function requireToken(vendor: string, conn: CrmConnectionConfig): string {
  if (!conn.accessToken) throw new CrmError(`${vendor}: the connection has no access token`, { retryable: false, status: 401 });
  return conn.accessToken;
}

export const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** "Ada Lovelace" → { first: "Ada", last: "Lovelace" }; CRMs require a last name. */
export function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return { first: "", last: parts[0] || "(unknown)" };
  return { first: parts.slice(0, -1).join(" "), last: parts[parts.length - 1] };
}

/** Domain of a URL or bare host, lower-case, without "www.". */
export function normalizeDomain(domain: string | null): string | null {
  if (!domain) return null;
  const d = domain.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "").replace(/^www\./, "");
  return d || null;
}

/** The note body every CRM receives: the agreed recap text and the link back to Baton. */
export const noteText = (title: string, body: string, url: string) => `${title}\n\n${body}\n\nBaton: ${url}`;
export const noteHtml = (title: string, body: string, url: string) => {
  const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  return `<p><strong>${esc(title)}</strong></p>${body.split(/\n{2,}/).map((p) => `<p>${esc(p).replaceAll("\n", "<br>")}</p>`).join("")}<p><a href="${esc(url)}">Open in Baton</a></p>`;
};

/**
 * Runs an adapter's request sequence for real (apply) or as a dry run (plan). In a dry run nothing is sent:
 * each request is recorded (secrets redacted) and `dryValue` stands in for its answer — "nothing found" for
 * searches, a placeholder id for creates — so the plan lists every request apply() would send on a first sync.
 */
export class Session {
  readonly planned: PlannedRequest[] = [];
  readonly vendor: string;
  readonly isDry: boolean;
  readonly timeoutMs: number;
  readonly rateLimitResetMs?: (h: Headers) => number | undefined;
  constructor(vendor: string, isDry: boolean, timeoutMs: number, rateLimitResetMs?: (h: Headers) => number | undefined) {
    this.vendor = vendor; this.isDry = isDry; this.timeoutMs = timeoutMs; this.rateLimitResetMs = rateLimitResetMs;
  }

  async send<T>(what: string, req: PlannedRequest, parse: (body: any, answer: HttpAnswer) => T, dryValue: T): Promise<T> {
    if (this.isDry) { this.planned.push(redactPlan(req)); return dryValue; }
    const answer = await sendJson(this.vendor, what, req, { timeoutMs: this.timeoutMs, rateLimitResetMs: this.rateLimitResetMs });
    return parse(answer.body, answer);
  }
}

/** Placeholder ids used in plans for records a dry run would create. */
export const planId = (what: string) => `new-${what.replaceAll(" ", "-")}-id`;

/** Returns `known` with the new ids merged in, so the outbox can store the whole map back. */
export function mergeIds(known: CrmIds, add: CrmIds): CrmIds {
  return {
    ...known, ...add,
    contacts: add.contacts || known.contacts ? { ...known.contacts, ...add.contacts } : undefined,
    tasks: add.tasks || known.tasks ? { ...known.tasks, ...add.tasks } : undefined,
    notes: add.notes || known.notes ? { ...known.notes, ...add.notes } : undefined,
  };
}

export function requireDeal(vendor: string, known: CrmIds): string {
  // Retryable: the outbox sends the deal first; once it lands the map holds its id.
  if (!known.deal) throw new CrmError(`${vendor}: the deal is not in the CRM yet (no deal id known)`, { retryable: true });
  return known.deal;
}

/**
 * Text Baton puts in a task's description so a retry can recognise the task it already created when the first
 * answer was lost (no CRM has idempotency keys for tasks). Notes are recognised by their Baton link instead.
 */
export const taskMarker = (batonId: string) => `Tracked in Baton (${batonId})`;
export const hasTaskMarker = (text: unknown, batonId: string) => typeof text === "string" && text.includes(taskMarker(batonId));
export const hasNoteLink = (text: unknown, url: string) => typeof text === "string" && (text.includes(url) || text.includes(url.replaceAll("&", "&amp;")));
/** How many pages of a deal's notes or activities to scan before concluding the item is not there yet. */
export const MAX_SCAN_PAGES = 10;
