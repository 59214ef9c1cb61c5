// Which adapter applies a connection's operations: the vendor adapters and the webhook (adapters/index.ts),
// or one registered here (a fake in tests). A kind with no adapter dead-letters with a clear error.
import { CrmError, type CrmAdapter, type CrmKind } from "./crm.types.ts";
import { adapterFor } from "./adapters/index.ts";

const registered = new Map<CrmKind, CrmAdapter>();

/** Registers (or replaces) the adapter of a kind. */
export function registerCrmAdapter(adapter: CrmAdapter): void {
  registered.set(adapter.kind, adapter);
}

export function resolveCrmAdapter(kind: CrmKind): CrmAdapter {
  const a = registered.get(kind);
  if (a) return a;
  try {
    return adapterFor(kind);
  } catch {
    throw new CrmError(`No ${kind} adapter is installed in this build`, { retryable: false });
  }
}
