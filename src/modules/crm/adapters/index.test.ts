import { describe, expect, it } from "vitest";
import type { CrmKind } from "../crm.types.ts";
import { adapterFor } from "./index.ts";

describe("adapterFor", () => {
  it.each(["hubspot", "salesforce", "pipedrive", "zoho", "freshsales", "webhook"] as CrmKind[])("%s", (kind) => {
    const a = adapterFor(kind);
    expect(a.kind).toBe(kind);
    expect(adapterFor(kind)).toBe(a);
    const custom = adapterFor(kind, { timeoutMs: 1000 });
    expect(custom.kind).toBe(kind);
    expect(custom).not.toBe(a);
  });
});
