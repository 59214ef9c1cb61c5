import { z } from "zod";
import { defineJob } from "../jobs/index.ts";
import { runDealExtraction } from "./extraction.service.ts";

/** Re-runs extraction over a whole deal (after an engine upgrade or on request); human decisions survive. */
export const extractDealJob = defineJob({
  id: "extraction.extract-deal",
  version: 1,
  schema: z.object({ dealId: z.string() }),
  handler: async (deps, payload) => {
    await deps.db.transaction().execute(async (trx) => { await runDealExtraction({ ...deps, db: trx }, payload.dealId); });
  },
});
