// Audit: the append-only audit log (views, exports, shares, changes, sign-ins, invitations, deliveries) and its admin API.
export * from "./audit.schemas.ts";
export { recordAudit, listAudit, type AuditInput } from "./audit.service.ts";
export type { DealOwner } from "./audit.repo.ts";
export { createAuditMiddleware, SELF_AUDITED } from "./audit.middleware.ts";
export { createAuditRoutes } from "./audit.routes.ts";
