import { z } from "zod";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/errors.ts";
import { computeBackoffMs, defineJob, describeError, isPermanentError, MAX_BACKOFF_MS } from "./job.ts";

describe("defineJob", () => {
  it("fills in defaults and checks the id", () => {
    const def = defineJob({ id: "deals.close-deal", version: 1, schema: z.object({ id: z.string() }), handler: async () => {} });
    expect(def).toMatchObject({ maxAttempts: 5, backoffMs: 30_000 });
    expect(() => defineJob({ id: "CloseDeal", version: 1, schema: z.object({}), handler: async () => {} })).toThrow(/module\.action/);
    expect(() => defineJob({ id: "a.b", version: 1, schema: z.object({}), handler: async () => {}, maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe("computeBackoffMs", () => {
  it.each([[1, 1000], [2, 2000], [3, 4000], [5, 16000]])("attempt %i waits %i ms before jitter", (attempts, expected) => {
    expect(computeBackoffMs(1000, attempts, () => 0)).toBe(expected);
    expect(computeBackoffMs(1000, attempts, () => 0.999)).toBe(Math.round(expected * 1.0999));
  });
  it("caps the delay", () => {
    expect(computeBackoffMs(60_000, 40, () => 0)).toBe(MAX_BACKOFF_MS);
  });
});

describe("errors", () => {
  it("never retries invalid input", () => {
    expect(isPermanentError(new AppError("INVALID_INPUT", "bad"))).toBe(true);
    expect(isPermanentError(z.object({ a: z.string() }).safeParse({}).error)).toBe(true);
    expect(isPermanentError(new AppError("UPSTREAM_FAILED", "crm down"))).toBe(false);
    expect(isPermanentError(new Error("boom"))).toBe(false);
  });
  it("describes errors briefly", () => {
    expect(describeError(new AppError("UPSTREAM_FAILED", "crm down"))).toBe("UPSTREAM_FAILED: crm down");
    expect(describeError(new TypeError("x is undefined"))).toBe("TypeError: x is undefined");
    expect(describeError("plain")).toBe("plain");
    expect(describeError(new Error("y".repeat(5000))).length).toBe(2001);
  });
});
