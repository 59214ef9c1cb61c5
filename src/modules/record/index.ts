// Record: the whole deal record as one document (the gold.json shape the CLI and evaluations use).
export { buildDealRecord } from "./record.service.ts";
export { formatAt } from "./record.ts";
