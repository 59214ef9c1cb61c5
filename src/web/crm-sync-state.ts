// Pure rules behind the deal page's CRM sync section (no DOM, unit-tested in node): the shapes of
// GET /api/deals/:id/crm and POST /api/deals/:id/crm-sync, and the one state shown per connection.
export interface DealCrmConnection {
  connection: { id: string; kind: string; name: string; side: "ours" | "partner"; dryRun: boolean; enabled: boolean };
  externalIds: Array<{ batonType: string; batonId: string; externalId: string }>;
  counts: { pending: number; done: number; dead: number };
  lastDelivery: {
    id: string; op: string; status: "pending" | "in_flight" | "done" | "dead"; attempts: number; lastError: string | null; lastStatus: number | null;
    createdAt: string; doneAt: string | null; dryRunPlan: unknown;
  } | null;
}
export interface SyncResult { targets: number; planned: number; inserted: number }

export type CrmSyncState = "queued" | "sent" | "planned" | "failed" | "never";

/** Queued while anything waits; otherwise how the last delivered-or-dead change went. */
export function crmSyncState(c: Pick<DealCrmConnection, "counts" | "lastDelivery">): CrmSyncState {
  if (c.counts.pending > 0) return "queued";
  const last = c.lastDelivery;
  if (!last) return "never";
  if (last.status === "dead") return "failed";
  return last.dryRunPlan != null ? "planned" : "sent";
}
