// Handoff: intro intake → deal brief, owners, the time-to-first-action clock and its escalations, the first follow-up draft.
export { extractBrief, briefToGoldShape, detectLanguage, type DealBrief, type GoldShapeBrief } from "./brief.ts";
export type { BriefOrg, BriefPerson, ExtractBriefInput, Field, Urgency } from "./deal-brief.ts";
export { addBusinessTime, businessMsBetween, getBusinessDayMs, isBusinessDay, type BusinessTimeOptions } from "./business-time.ts";
export { intakeIntro, type IntakeInput, type IntakeResult } from "./intake-intro.ts";
export { ensureImportedHandoff, type ImportedHandoff, type ImportedIntro } from "./import-handoff.ts";
export { pickOpenDeal, subjectSimilarity, isClosedStage } from "./match-deal.ts";
export { startIntakeServer, type IntakeServer, type IntakeServerOptions } from "./intake-smtp.ts";
export { createHandoffRoutes, createIntakeRoutes } from "./handoff.routes.ts";
export { escalateHandoffJob, createEscalateHandoffJob, EscalateHandoffPayloadSchema } from "./handoff.jobs.ts";
export { escalateHandoff } from "./escalate-handoff.ts";
export { getHandoffView, editBrief, recordFirstAction, setHandoffOwners, getFirstFollowUp, type HandoffView } from "./handoff.service.ts";
export { draftFirstFollowUp, type FollowUpDraft } from "./first-follow-up.ts";
export { computeClock, resolveTargetMs, FIRST_ACTION_KINDS, type Clock, type FirstActionKind } from "./ttfa.ts";
export { BRIEF_FIELDS, toStoredBrief, applyBriefEdit, type StoredBrief, type StoredField, type BriefFieldKey } from "./stored-brief.ts";
export { createSmtpMailer, type Mailer, type OutgoingMail } from "./handoff-mailer.ts";
