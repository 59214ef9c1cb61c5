// Ingest: deal folders, single files and recordings into the record; speaker mapping and consent after import.
export { importDealFolder } from "./import-deal-folder.ts";
export { parseDealFile, parseDealFolder, type ParsedDealFolder } from "./parse-deal-folder.ts";
export { readDealFolder, readDealZip } from "./read-deal-folder.ts";
export type { DealFolderInput, ImportResult, DealFile } from "./deal-folder.schemas.ts";
export { importConversationFile, type ConversationFileInput, type ConversationFileResult } from "./import-conversation-file.ts";
export { mapSpeaker, recordConsent, settleProposedPerson, findPersonIdOrEmail } from "./speakers.service.ts";
export { MapSpeakerSchema, RecordConsentSchema, ProposedPersonActionSchema, type MapSpeaker, type RecordConsent, type ProposedPersonAction } from "./speakers.schemas.ts";
export { createImportRoutes, createDealUploadRoutes } from "./ingest.routes.ts";
export { createSpeakerRoutes, createProposedPeopleRoutes } from "./speakers.routes.ts";
export { importRecording, isAudioFile, AUDIO_EXTENSIONS, type RecordingInput, type RecordingProgress } from "./import-recording.ts";
export { storeParsedConversation } from "./store-conversation.ts";
export { updateConversation, deleteConversation, createConversationEditRoutes } from "./edit-conversation.ts";
export { createFolderReader, type FolderReader } from "./folder-reader.ts";
