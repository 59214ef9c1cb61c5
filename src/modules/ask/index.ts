// Ask: questions over a deal's conversations answered from the record and the transcripts, with citations.
export { askDeal, askWorkspace, NOT_FOUND_ANSWER, type AskAnswer, type AskEvidence, type AskAudience, type AskInput, type AskPhrasing } from "./ask.service.ts";
export { checkCitations, type AskModel } from "./llm-phrase.ts";
export { parseQuestion, type ParsedQuestion, type Intent } from "./question.ts";
export { rankDocs, bm25, type RankDoc, type RankQuery, type Ranked } from "./rank.ts";
export { buildTermGroups } from "./synonyms.ts";
export { createAskRoutes } from "./ask.routes.ts";
export { AskRequestSchema, AskResponseSchema, type AskRequest, type AskResponse } from "./ask.schemas.ts";
