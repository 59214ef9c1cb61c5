// Recap: one recap per call (grounded, versioned lines, two-sided approval, sent to the buyer), the follow-up email, the two-recap check, weekly huddles.
export * from "./recap.schemas.ts";
export {
  RECAP_SECTIONS, SELLING_SIDES, buildRecapDraft, reviseLine, reviseLines, approvalState, linesFor,
  type RecapLine, type RecapEvidence, type RecapApproval, type RecapSection, type SellingSide, type Audience, type LineEdit,
} from "./recap.ts";
export { wordOverlap, keyWordsPresent, newFacts, contentWords } from "./text-match.ts";
export { detectTopics, topicOf, topicLabel, TOPICS, type Topic } from "./topics.ts";
export { buildFollowUp, recapLanguage, RECAP_LANGUAGES, type RecapLanguage, type FollowUp } from "./templates.ts";
export { draftRecap, findCallRecap, getRecap, editRecap, approveRecap, sendRecap, getFollowUp, listRecapMessages, type RecapView } from "./recap.service.ts";
export { findRecapByConversation, listDealRecaps } from "./recap.repo.ts";
export { pickRecapEmails, readStatements, compareRecaps, type Divergence, type Statement } from "./recap-check.ts";
export { checkRecaps } from "./recap-check.service.ts";
export { createRichMailer, mailerFromEnv, type RichMailer, type RichMail } from "./recap-mailer.ts";
export { huddleIcs, nextSlot, zonedTime, HUDDLE_MINUTES, HUDDLE_WEEKDAYS, type Weekday } from "./huddle.ts";
export { buildHuddleInvite, sendHuddleInvite, recordHuddle, listHuddles, HUDDLE_FORMAT } from "./huddle.service.ts";
export { createConversationRecapRoutes, createRecapRoutes } from "./recap.routes.ts";
export { createDealHuddleRoutes, createPartnerHuddleRoutes } from "./huddle.routes.ts";
