// The deal page's CRM sync badge: queued while anything waits, else how the last delivered-or-dead change went.
import { describe, expect, it } from "vitest";
import { crmSyncState } from "./crm-sync-state.ts";

const last = (status: "done" | "dead", dryRunPlan: unknown = null) => ({
  id: "1", op: "upsert-deal", status, attempts: 1, lastError: status === "dead" ? "refused" : null, lastStatus: null,
  createdAt: "2026-11-26T10:00:00Z", doneAt: status === "done" ? "2026-11-26T10:00:01Z" : null, dryRunPlan,
});
const counts = (pending = 0) => ({ pending, done: 0, dead: 0 });

describe("crmSyncState", () => {
  it("names each state", () => {
    expect(crmSyncState({ counts: counts(), lastDelivery: null })).toBe("never");
    expect(crmSyncState({ counts: counts(), lastDelivery: last("done") })).toBe("sent");
    expect(crmSyncState({ counts: counts(), lastDelivery: last("done", { method: "POST" }) })).toBe("planned");
    expect(crmSyncState({ counts: counts(), lastDelivery: last("dead") })).toBe("failed");
  });
  it("is queued while changes wait, whatever went before", () => {
    expect(crmSyncState({ counts: counts(2), lastDelivery: last("dead") })).toBe("queued");
    expect(crmSyncState({ counts: counts(1), lastDelivery: null })).toBe("queued");
  });
});
