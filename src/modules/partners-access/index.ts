// Partner access: internal-only content (utterance ranges, whole conversations) kept from partner users.
// Invitations and partner users live in auth; each module's handlers drop internal content for partners.
export { markConversationInternal } from "./internal.service.ts";
export { MarkInternalSchema, MarkInternalResultSchema, type MarkInternal, type MarkInternalResult } from "./internal.schemas.ts";
export { createInternalContentRoutes } from "./internal.routes.ts";
