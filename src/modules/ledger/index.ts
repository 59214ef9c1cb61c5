// Ledger: every commitment of a deal with status, evidence and history (ledger_events), and the weekly walk (ledger_walks).
export * from "./ledger.schemas.ts";
export {
  LEDGER_STATUSES, LEDGER_EVENT_TYPES, buildLedger, foldCommitment, localDate,
  type LedgerStatus, type LedgerEventType, type LedgerEntry, type LedgerEvidence, type HistoryEntry, type LedgerFulfilment,
} from "./ledger.ts";
export { getDealLedger, recordLedgerEvent, type DealLedger, type LedgerEventInput } from "./ledger.service.ts";
export { buildLedgerWalk, holdLedgerWalk, buildWorkspaceWalks, type WalkRequest, type WorkspaceWalks } from "./walk.service.ts";
export { assembleWalk, type Walk, type WalkItem, type WalkRisk, type WalkOwnerGroup } from "./walk.ts";
export { renderWalkBlocks, renderWalkEmail, walkTitle, type RenderOptions } from "./walk-render.ts";
export { isoWeekOf, weekRange, currentWeek } from "./week.ts";
export { weeklyWalkJob, scheduleNextWeeklyWalk, createWeeklyWalkJob, runWeeklyWalk, WeeklyWalkPayloadSchema, type WeeklyWalkPayload } from "./ledger.jobs.ts";
export { createDealLedgerRoutes, createLedgerRoutes } from "./ledger.routes.ts";
