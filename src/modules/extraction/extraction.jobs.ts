import { z } from "zod";
import { enqueueCrmSync } from "../crm/index.ts";
import { defineJob } from "../jobs/index.ts";
import { refineDealExtraction, runDealExtraction } from "./extraction.service.ts";
import type { RefineModel } from "./llm-refine.ts";

/**
 * Re-runs extraction over a whole deal (after an engine upgrade or on request); human decisions survive.
 * With a model, its calls happen before the write transaction opens.
 */
export function createExtractDealJob(opts: { model?: RefineModel | null } = {}) {
  return defineJob({
    id: "extraction.extract-deal",
    version: 1,
    schema: z.object({ dealId: z.string() }),
    handler: async (deps, payload) => {
      const refined = opts.model ? await refineDealExtraction(deps, payload.dealId, opts.model) : undefined;
      await deps.db.transaction().execute(async (trx) => {
        await runDealExtraction({ ...deps, db: trx }, payload.dealId, { refined });
        await enqueueCrmSync({ ...deps, db: trx }, { dealId: payload.dealId, reason: "extraction" });
      });
    },
  });
}

export const extractDealJob = createExtractDealJob();
