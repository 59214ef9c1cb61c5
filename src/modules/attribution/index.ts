// Attribution: the partner's part in a deal (sourced / influenced), with reasons, an evidence trail, claims, locked snapshots and partner revenue.
export { computeAttribution } from "./attribution.ts";
export type { Attribution, AttributionClass, AttributionConversation, AttributionInput, TrailEvent } from "./attribution.ts";
export {
  AttributionRulesSchema, DEFAULT_ATTRIBUTION_RULES, type AttributionRules, ClaimRequestSchema, type ClaimRequest, SnapshotRequestSchema, type SnapshotRequest,
  PeriodSchema, RevenueQuerySchema, type RevenueQuery,
} from "./attribution.schemas.ts";
export type { TrailEntry, EvidenceQuote, Claim } from "./trail.ts";
export {
  getDealAttribution, refreshDealAttribution, addAttributionClaim, createAttributionSnapshot, listAttributionSnapshots, getAttributionSnapshot,
  getAttributionRules, setAttributionRules, type DealAttribution,
} from "./attribution.service.ts";
export { getPartnerRevenue, refreshAllAttributions } from "./partner-revenue.service.ts";
export { parsePeriod, buildRevenueReport, revenueToCsv, WON_STAGES, LOST_STAGES, type RevenueReport, type PartnerRevenue, type RevenueDeal, type Period } from "./partner-revenue.ts";
export { renderEvidencePackHtml, renderEvidencePackMarkdown, trailLabel } from "./evidence-pack.ts";
export { createDealAttributionRoutes, createAttributionRoutes, createPartnerRevenueRoutes } from "./attribution.routes.ts";
