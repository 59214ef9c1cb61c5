// Conversations: parsing every transcript/email format, speakers → people → sides, consent, language, storage.
export * from "./conversation.ts";
export { parseConversation, parseConversationSync, detectFormat } from "./parsers/index.ts";
export { resolveSpeakers } from "./speakers.ts";
export { isGenericLabel, isPhoneLabel } from "./speaker-names.ts";
export { detectLanguage, type DetectedLanguage } from "./language.ts";
export { detectConsent, redactDeclined } from "./consent.ts";
export { contentHash, isSameRecording, mayOverlapInTime } from "./duplicates.ts";
export {
  findConversationByHash, insertConversation, listConversationSummaries, listConversationsToExtract, findConversation, listUtterances, listSideTalkStats,
  setUtterancesInternal, setConversationInternal, loadInternalIndex, isInternalAt, type SeqRange, type InternalIndex,
  type NewConversation, type NewSpeaker, type NewUtterance, type ConversationSummary, type StoredUtterance,
} from "./conversations.repo.ts";
export {
  findConversationWithContent, listDuplicateCandidates, appendMergedFrom, listMergedFrom, listConversationSpeakers, findConversationSpeaker,
  listDealSpeakers, setSpeakerPerson, setSpeakerConsent, setHeldForConsent, insertProposedPeople, listProposedPeople, acceptProposedPerson,
  type MergedSource, type StoredSpeaker, type NewProposedPerson,
} from "./speakers.repo.ts";
export { mergeSpeakerNames } from "./merge-speakers.ts";
export { DECLINED_MARKER, type ConsentStatus, type DetectedConsent } from "./consent.ts";
export { createConversationRoutes } from "./conversations.routes.ts";
