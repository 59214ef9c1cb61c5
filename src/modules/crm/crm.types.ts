// The contract between the outbox (which decides WHAT must reach a CRM, in order, exactly once) and the
// adapters (which know HOW one CRM's API spells it). Adapters are stateless: everything they need arrives in
// the call; they return the CRM's ids so the outbox can store the external-id map and stay idempotent.

export type CrmKind = "hubspot" | "salesforce" | "pipedrive" | "zoho" | "freshsales" | "webhook";

/** Credentials and endpoint of one connection, already decrypted (stored sealed, see shared/secret-box.ts). */
export interface CrmConnectionConfig {
  kind: CrmKind;
  /** API base URL. Tests point it at a local server; production uses the vendor default when null. */
  baseUrl: string | null;
  /** OAuth access token or API token (Salesforce / HubSpot / Zoho: bearer; Pipedrive: api_token; Freshsales: Token token=…). */
  accessToken: string | null;
  /** Webhook only: the HMAC-SHA256 signing secret and the target URL (baseUrl). */
  signingSecret?: string | null;
  /** Salesforce instance URL / Zoho data-centre domain etc., as the OAuth token answer gave it. */
  instanceUrl?: string | null;
}

/** Ids Baton already knows for this deal in this CRM (external-id map); adapters find-or-create the rest. */
export interface CrmIds { account?: string; deal?: string; contacts?: Record<string, string>; tasks?: Record<string, string>; notes?: Record<string, string> }

export interface CrmAccount { batonId: string; name: string; domain: string | null }
export interface CrmContact { batonId: string; name: string; email: string | null; title: string | null }
export interface CrmDealFields {
  batonId: string; name: string; stage: string | null; amount: number | null; currency: string | null;
  nextStep: string | null; closeDate: string | null;
  /** Already mapped through the workspace's field mapping: CRM field name → value (MEDDICC, attribution, custom). */
  custom: Record<string, string | number | boolean | null>;
  /** A link back to the deal in Baton. */
  url: string;
}
export interface CrmNote { batonId: string; title: string; body: string; at: string; url: string }
export interface CrmTask { batonId: string; subject: string; dueDate: string | null; ownerEmail: string | null; done: boolean }

/** One operation the outbox asks an adapter to apply. `idempotencyKey` is stable across retries. */
export type CrmOperation =
  | { op: "upsert-deal"; idempotencyKey: string; account: CrmAccount; contacts: CrmContact[]; deal: CrmDealFields }
  | { op: "upsert-note"; idempotencyKey: string; dealBatonId: string; note: CrmNote }
  | { op: "upsert-task"; idempotencyKey: string; dealBatonId: string; task: CrmTask };

export interface CrmApplyResult { ids: CrmIds; /** What the adapter did, for the outbox log ("created deal 123"). */ summary: string }

/** An error the outbox can act on: retry after `retryAfterMs` (429 Retry-After), retry with backoff, or dead-letter. */
export class CrmError extends Error {
  readonly opts: { status?: number; retryable: boolean; retryAfterMs?: number; body?: string; cause?: unknown };
  constructor(message: string, opts: { status?: number; retryable: boolean; retryAfterMs?: number; body?: string; cause?: unknown }) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.opts = opts;
    this.name = "CrmError";
  }
}

export interface CrmAdapter {
  kind: CrmKind;
  /** Applies one operation; must be safe to repeat with the same idempotencyKey and ids (find before create). */
  apply(conn: CrmConnectionConfig, operation: CrmOperation, known: CrmIds): Promise<CrmApplyResult>;
  /** Dry run: the exact HTTP requests apply() would send first (method, url, headers without secrets, body). */
  plan(conn: CrmConnectionConfig, operation: CrmOperation, known: CrmIds): Promise<Array<{ method: string; url: string; headers: Record<string, string>; body: unknown }>>;
  /** Cheap authenticated call used for the connection-health badge. */
  check(conn: CrmConnectionConfig): Promise<{ ok: boolean; detail: string }>;
}
