// CRM sync: connections (ours and partners'), the outbox written with each record change, delivery workers, MEDDICC and attribution fields, OAuth.
export * from "./crm.types.ts";
export * from "./crm.schemas.ts";
export { enqueueCrmSync, expandCrmSync, expandPendingSyncs, syncDealNow, loadDealSnapshot, createConnection, listConnectionViews, getConnection, updateConnectionSettings, removeConnection,
  listOutboxRows, retryOutboxRow, getDealCrmState, connectionConfig, presentConnection, type EnqueueResult, type ConnectionView, type CreateConnectionInput } from "./crm.service.ts";
export { createOutboxWorker, backoffDelayMs, failureOutcome, DEFAULT_BACKOFF, type OutboxWorker, type OutboxWorkerOptions, type BackoffPolicy } from "./outbox-worker.ts";
export { buildMeddicc, defaultFieldMapping, MEDDICC_FIELDS, BATON_FIELDS, type Meddicc, type MeddiccValue } from "./meddicc.ts";
export { planDealSync, type DealSnapshot } from "./sync-plan.ts";
export { verifyWebhookSignature, signWebhook, createWebhookAdapter, webhookAdapter, SIGNATURE_HEADER, IDEMPOTENCY_HEADER } from "./adapters/webhook.ts";
export { resolveCrmAdapter, registerCrmAdapter } from "./adapter-registry.ts";
export { startOAuth, finishOAuth, refreshConnectionToken, oauthProvider, OAUTH_KINDS } from "./oauth.ts";
export { planDealRequests } from "./dry-run.ts";
export { createCrmRoutes, createDealCrmRoutes } from "./crm.routes.ts";
