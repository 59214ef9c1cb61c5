// Handoff: the intro email becomes a deal brief; business-time clocks for time-to-first-action.
export { extractBrief, briefToGoldShape, detectLanguage, type DealBrief, type GoldShapeBrief } from "./brief.ts";
export type { BriefOrg, BriefPerson, ExtractBriefInput, Field, Urgency } from "./deal-brief.ts";
export { addBusinessTime, businessMsBetween, getBusinessDayMs, isBusinessDay, type BusinessTimeOptions } from "./business-time.ts";
