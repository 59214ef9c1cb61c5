// Bench-only bundle entry: the in-process APIs the benchmarks drive, bundled by bench/run.mjs into .tmp/bench-build/lib.mjs.
export { createDb } from "../src/db/client.ts";
export { importDealFolder, readDealFolder, importConversationFile } from "../src/modules/ingest/index.ts";
export { storeParsedConversation } from "../src/modules/ingest/store-conversation.ts";
export { parseConversation } from "../src/modules/conversations/index.ts";
export { extractConversation, buildExtractionInputs } from "../src/modules/extraction/index.ts";
export { getDeal, listDealPeopleIds } from "../src/modules/deals/index.ts";
export { getWorkspace, listPeople, findWorkspace, createWorkspace } from "../src/modules/directory/index.ts";
export { createUser } from "../src/modules/auth/index.ts";
export { createApiToken } from "../src/modules/auth/auth.service.ts";
export { startServer } from "../src/server/main.ts";
export { systemClock } from "../src/shared/clock.ts";
export { randomIds, sequentialIds } from "../src/shared/ids.ts";
export { cliActor } from "../src/shared/deps.ts";
export { askDeal, askWorkspace } from "../src/modules/ask/index.ts";
