// Partner activation: first win per partner (30-day clock from onboarding, status with evidence), behaviour signals,
// and the activation funnel diagnostic with partner-sourced pipeline per month (JSON, CSV, CLI, web).
export * from "./activation.schemas.ts";
export {
  FIRST_WIN_DAYS, AT_RISK_DAYS, FUNNEL_STEPS, STEP_LABELS, activationToCsv, buildActivationReport, buildPartnerActivation, buildSignals, firstWinStatus, median, satisfy,
  type ActivationReport, type CallFact, type FirstWin, type FirstWinRule, type FirstWinStatus, type FunnelStep, type PartnerActivation, type PartnerFacts, type Signals,
} from "./activation.ts";
export { getActivationReport, getFirstWin, getPartnerActivation, setFirstWin } from "./activation.service.ts";
export { createActivationRoutes } from "./activation.routes.ts";
// Runway of a newly onboarded partner: co-sell play, target accounts, four weekly huddles, shared note format.
export * from "./runway.schemas.ts";
export { RUNWAY_WEEKS, MAX_TARGET_ACCOUNTS, defaultNoteTemplate, defaultQuestions, defaultTalkTrack, runwayIcs, runwaySlots } from "./runway.ts";
export { createRunway, getRunway, updateRunway } from "./runway.service.ts";
export { createRunwayRoutes } from "./runway.routes.ts";
