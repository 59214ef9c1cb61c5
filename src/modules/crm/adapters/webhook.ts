// Generic outbound webhook: each operation is POSTed as JSON, signed Stripe-style so the receiver can check
// who sent it and when (x-baton-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">). The idempotency
// key travels as the body's `id` and in x-baton-idempotency-key, so a receiver can drop repeats.
import { createHmac, timingSafeEqual } from "node:crypto";
import { CrmError, type CrmAdapter, type CrmApplyResult, type CrmConnectionConfig, type CrmIds, type CrmOperation } from "../crm.types.ts";

export const SIGNATURE_HEADER = "x-baton-signature";
export const IDEMPOTENCY_HEADER = "x-baton-idempotency-key";

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * For receivers: true when `header` signs exactly `body` with `secret` and its timestamp is within
 * `toleranceSec` of now (replayed old deliveries are refused). Compare against the raw body bytes.
 */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string, toleranceSec = 300, nowMs = Date.now()): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const kv of header.split(",")) {
    const i = kv.indexOf("=");
    if (i <= 0) continue;
    const k = kv.slice(0, i).trim();
    (parts.get(k) ?? parts.set(k, []).get(k)!).push(kv.slice(i + 1).trim());
  }
  const t = Number(parts.get("t")?.[0]);
  if (!Number.isInteger(t) || Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return (parts.get("v1") ?? []).some((sig) => {
    const got = Buffer.from(sig);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/** Retry-After as seconds or an HTTP date, in ms (null when absent or unreadable). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

/** The JSON body for one operation ({id, type, ...operation, sentAt}). */
export function webhookBody(operation: CrmOperation, sentAt: Date): Record<string, unknown> {
  const { idempotencyKey, op, ...rest } = operation;
  return { id: idempotencyKey, type: op, ...rest, sentAt: sentAt.toISOString() };
}

function batonIdOf(operation: CrmOperation): { type: "deal" | "note" | "task"; id: string } {
  if (operation.op === "upsert-deal") return { type: "deal", id: operation.deal.batonId };
  if (operation.op === "upsert-note") return { type: "note", id: operation.note.batonId };
  return { type: "task", id: operation.task.batonId };
}

export interface WebhookAdapterOptions { timeoutMs?: number; now?: () => Date; fetch?: typeof fetch }

export function createWebhookAdapter(opts: WebhookAdapterOptions = {}): CrmAdapter {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? (() => new Date());
  const doFetch = opts.fetch ?? fetch;

  function target(conn: CrmConnectionConfig): string {
    if (!conn.baseUrl) throw new CrmError("The webhook connection has no target URL (base_url)", { retryable: false });
    return conn.baseUrl;
  }

  return {
    kind: "webhook",
    async apply(conn, operation, known): Promise<CrmApplyResult> {
      const url = target(conn);
      if (!conn.signingSecret) throw new CrmError("The webhook connection has no signing secret", { retryable: false });
      const sentAt = now();
      const body = JSON.stringify(webhookBody(operation, sentAt));
      let res: Response;
      try {
        res = await doFetch(url, {
          method: "POST", body, signal: AbortSignal.timeout(timeoutMs),
          headers: {
            "content-type": "application/json", "user-agent": "Baton-Webhook/1",
            [SIGNATURE_HEADER]: signWebhook(conn.signingSecret, body, Math.floor(sentAt.getTime() / 1000)),
            [IDEMPOTENCY_HEADER]: operation.idempotencyKey,
          },
        });
      } catch (e) {
        const reason = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? `timed out after ${timeoutMs} ms` : String((e as Error)?.cause ?? e);
        throw new CrmError(`POST ${url} failed: ${reason}`, { retryable: true, cause: e });
      }
      const text = await res.text().catch(() => "");
      if (res.status >= 200 && res.status < 300) {
        const b = batonIdOf(operation);
        let external: string = b.id;
        try { const j = JSON.parse(text) as { externalId?: unknown }; if (typeof j.externalId === "string") external = j.externalId; } catch { /* body is optional */ }
        const ids: CrmIds = b.type === "deal" ? { ...known, deal: external } : { ...known, [`${b.type}s`]: { ...(known[`${b.type}s`] ?? {}), [b.id]: external } };
        return { ids, summary: `delivered ${operation.op} ${b.id} (HTTP ${res.status})` };
      }
      const snippet = text.slice(0, 500);
      if (res.status === 429) {
        throw new CrmError(`POST ${url} answered 429 Too Many Requests`, { status: 429, retryable: true, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), now().getTime()) ?? undefined, body: snippet });
      }
      throw new CrmError(`POST ${url} answered ${res.status}${snippet ? `: ${snippet}` : ""}`, { status: res.status, retryable: res.status >= 500 || res.status === 408, body: snippet });
    },
    async plan(conn, operation) {
      const body = webhookBody(operation, now());
      return [{ method: "POST", url: target(conn), headers: { "content-type": "application/json", [SIGNATURE_HEADER]: "t=<unix>,v1=<hmac>", [IDEMPOTENCY_HEADER]: operation.idempotencyKey }, body }];
    },
    async check(conn) {
      try {
        const url = target(conn);
        if (!conn.signingSecret) return { ok: false, detail: "no signing secret" };
        // A receiver need not answer HEAD/GET; reaching it at all is the health signal.
        const res = await doFetch(url, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
        return { ok: res.status < 500, detail: `${url} answered ${res.status}` };
      } catch (e) {
        return { ok: false, detail: e instanceof CrmError ? e.message : `unreachable: ${String((e as Error)?.cause ?? e)}` };
      }
    },
  };
}

export const webhookAdapter = createWebhookAdapter();
