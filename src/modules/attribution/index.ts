// Attribution: the partner's part in a deal (sourced / influenced), with reasons and a dated trail.
export { computeAttribution } from "./attribution.ts";
export type { Attribution, AttributionClass, AttributionConversation, AttributionInput, TrailEvent } from "./attribution.ts";
export { AttributionRulesSchema, DEFAULT_ATTRIBUTION_RULES, type AttributionRules } from "./attribution.schemas.ts";
