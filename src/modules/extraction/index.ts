// Extraction: grounded commitments, objections, decisions, stakeholders, risks and fulfilments from one conversation (rules, no I/O).
import { extractCommitments } from "./commitments.ts";
import { checkEvidence } from "./evidence.ts";
import { createExtractionContext } from "./extraction-context.ts";
import { ENGINE_VERSION, type EarlierCommitment, type ExtractionInput, type ExtractionResult, type Fulfilment } from "./extraction.types.ts";
import { findFulfilments } from "./fulfilments.ts";
import { extractObjections } from "./objections.ts";
import { extractDecisions } from "./decisions.ts";
import { extractStakeholders } from "./stakeholders.ts";
import { extractRisks } from "./risks.ts";

export type * from "./extraction.types.ts";
export { checkEvidence, isEvidenceValid } from "./evidence.ts";
export { createDueContext, resolveDue } from "./due-dates.ts";

/** Runs every extractor over one conversation; items whose quote is not in the cited utterance are dropped. */
export function extractConversation(input: ExtractionInput): ExtractionResult {
  const ctx = createExtractionContext(input);
  const ev = <T extends { evidence: import("./extraction.types.ts").Evidence }>(xs: T[]) =>
    checkEvidence(xs, ctx.utterances, (x) => [x.evidence, (x as { resolution?: import("./extraction.types.ts").Evidence }).resolution]);
  const c = ev(extractCommitments(ctx));
  const o = ev(extractObjections(ctx));
  const d = ev(extractDecisions(ctx));
  const s = ev(extractStakeholders(ctx));
  const r = ev(extractRisks(ctx));
  return {
    commitments: c.kept,
    objections: o.kept,
    decisions: d.kept,
    stakeholders: s.kept,
    risks: r.kept,
    dropped: c.dropped + o.dropped + d.dropped + s.dropped + r.dropped,
    engine: { name: "rules", version: ENGINE_VERSION },
  };
}

/** Statements in this conversation that an earlier commitment was done, each linked to that commitment. */
export function linkFulfilments(input: { conversation: ExtractionInput; earlier: EarlierCommitment[] }): Fulfilment[] {
  const ctx = createExtractionContext(input.conversation);
  const found = findFulfilments(ctx, input.earlier);
  return checkEvidence(found, ctx.utterances, (f) => [f.evidence]).kept;
}

// Storage and re-runs (the lead's service layer over the rules above).
export { runDealExtraction, refineDealExtraction, buildExtractionInputs, type RunExtractionOptions } from "./extraction.service.ts";
export { refineExtraction, buildRefinePrompt, type RefineModel } from "./llm-refine.ts";
export { applyRefinement, isDueSupported } from "./apply-refinement.ts";
export { RefinementSchema, type Refinement } from "./refinement.schemas.ts";
export { listItems, findItem, setItemReview, setItemInternal, setItemsInternalInRange, type StoredItem } from "./extraction.repo.ts";
export { createDealItemRoutes, createItemRoutes } from "./extraction.routes.ts";
export { extractDealJob, createExtractDealJob } from "./extraction.jobs.ts";
