import { describe, expect, it } from "vitest";
import { httpError, mergeIds, networkError, normalizeDomain, noteHtml, parseRetryAfter, redactHeaders, redactPlan, splitName } from "./http.ts";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  it.each([
    ["7", 7000], ["0", 0], ["1.5", 1500], [" 30 ", 30_000],
    ["Thu, 26 Nov 2026 12:01:00 GMT", 60_000], ["Thu, 26 Nov 2026 11:00:00 GMT", 0],
    ["soon", undefined], ["", undefined], [null, undefined],
  ])("%s → %s ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe("httpError", () => {
  it.each([
    [400, false], [401, false], [403, false], [404, false], [422, false],
    [408, true], [429, true], [500, true], [502, true], [503, true], [504, true],
  ])("HTTP %i retryable=%s", (status, retryable) => {
    const e = httpError("Acme CRM", "create deal", status, new Headers(), '{"error":"x"}');
    expect(e.opts).toMatchObject({ status, retryable, body: '{"error":"x"}' });
    expect(e.message).toContain(`HTTP ${status}`);
  });
  it("prefers Retry-After and falls back to the vendor's reset only for 429", () => {
    expect(httpError("X", "y", 429, { "retry-after": "3" }, "", 9000).opts.retryAfterMs).toBe(3000);
    expect(httpError("X", "y", 429, {}, "", 9000).opts.retryAfterMs).toBe(9000);
    expect(httpError("X", "y", 500, {}, "", 9000).opts.retryAfterMs).toBeUndefined();
    expect(httpError("X", "y", 503, new Headers({ "Retry-After": "120" }), "").opts.retryAfterMs).toBe(120_000);
  });
});

describe("networkError", () => {
  it("names timeouts and network failures, both retryable", () => {
    expect(networkError("X", "check", Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" })).message).toMatch(/timed out/);
    const refused = networkError("X", "check", Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect(refused.opts.retryable).toBe(true);
  });
});

describe("redaction", () => {
  it("hides secret headers and query tokens but keeps the rest", () => {
    expect(redactHeaders({ Authorization: "Bearer abc", "x-api-token": "t", Accept: "application/json" }))
      .toEqual({ Authorization: "[redacted]", "x-api-token": "[redacted]", Accept: "application/json" });
    const p = redactPlan({ method: "GET", url: "https://api.example/v1/users/me?api_token=s3cret&limit=1", headers: {}, body: undefined });
    expect(p.url).toBe("https://api.example/v1/users/me?api_token=[redacted]&limit=1");
  });
});

describe("helpers", () => {
  it("splits names so a last name is always present", () => {
    expect(splitName("Ada King Lovelace")).toEqual({ first: "Ada King", last: "Lovelace" });
    expect(splitName("Cher")).toEqual({ first: "", last: "Cher" });
  });
  it("normalises domains", () => {
    expect(normalizeDomain("https://www.Acme.example/about")).toBe("acme.example");
    expect(normalizeDomain(" ")).toBeNull();
    expect(normalizeDomain(null)).toBeNull();
  });
  it("escapes HTML in notes and keeps the link back", () => {
    const html = noteHtml("A <b>", "x & y\n\nz", "https://baton.example/d?a=1&b=2");
    expect(html).toContain("A &lt;b&gt;");
    expect(html).toContain("x &amp; y");
    expect(html).toContain('href="https://baton.example/d?a=1&amp;b=2"');
  });
  it("merges new ids into the known map", () => {
    expect(mergeIds({ account: "1", contacts: { a: "2" }, notes: { n: "9" } }, { deal: "3", contacts: { b: "4" } }))
      .toMatchObject({ account: "1", deal: "3", contacts: { a: "2", b: "4" }, notes: { n: "9" } });
  });
});
