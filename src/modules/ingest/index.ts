// Ingest: deal folders and single files into the record, in one transaction per import.
export { importDealFolder, parseDealFile } from "./import-deal-folder.ts";
export { readDealFolder, readDealZip } from "./read-deal-folder.ts";
export type { DealFolderInput, ImportResult, DealFile } from "./deal-folder.schemas.ts";
export { importConversationFile } from "./import-conversation-file.ts";
export { createImportRoutes, createDealUploadRoutes } from "./ingest.routes.ts";
