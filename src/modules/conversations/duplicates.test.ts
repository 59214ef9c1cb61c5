import { describe, expect, it } from "vitest";
import { contentHash, isSameRecording, mayOverlapInTime } from "./duplicates.ts";

const zoom = {
  startedAt: "2026-05-05T15:00:00Z",
  utterances: [
    { text: "Good morning, everyone. Thanks for joining the rollout review.", startMs: 1000, endMs: 4000 },
    { text: "Happy to be here. Let's start with the integration timeline.", startMs: 4500, endMs: 8000 },
    { text: "The connector build takes about three weeks, um, including testing.", startMs: 8500, endMs: 13000 },
    { text: "And the security questionnaire goes back to Greg by the twenty-seventh.", startMs: 13500, endMs: 18000 },
  ],
};
// The same call as another tool exports it: lower case, other segmentation, no punctuation, no fillers.
const otter = {
  startedAt: "2026-05-05T15:00:30Z",
  utterances: [
    { text: "good morning everyone thanks for joining the rollout review happy to be here", startMs: 0, endMs: 7000 },
    { text: "lets start with the integration timeline the connector build takes about three weeks including testing", startMs: 7000, endMs: 12000 },
    { text: "and the security questionnaire goes back to greg by the twenty seventh", startMs: 12000, endMs: 17000 },
  ],
};
const other = {
  startedAt: "2026-05-05T15:00:00Z",
  utterances: [{ text: "Pricing for the pilot is forty-two thousand, and procurement needs the order form by Friday." }],
};

describe("isSameRecording", () => {
  it("matches two exports of the same call", () => {
    const r = isSameRecording(zoom, otter);
    expect(r.duplicate).toBe(true);
    expect(r.score).toBeGreaterThan(0.8);
  });

  it("does not match a different call at the same time", () => {
    expect(isSameRecording(zoom, other).duplicate).toBe(false);
  });

  it("does not match the same words on another day", () => {
    expect(isSameRecording(zoom, { ...otter, startedAt: "2026-05-12T15:00:00Z" }).duplicate).toBe(false);
  });

  it("decides on text alone when a start time is missing", () => {
    expect(isSameRecording(zoom, { ...otter, startedAt: null }).duplicate).toBe(true);
  });
});

describe("contentHash", () => {
  it("is stable across line endings and a BOM", () => {
    const text = "WEBVTT\n\n00:01.000 --> 00:02.000\nA: hi\n";
    const h = contentHash(text);
    expect(contentHash(text.replace(/\n/g, "\r\n"))).toBe(h);
    expect(contentHash(Buffer.from("\ufeff" + text.replace(/\n/g, "\r"), "utf8"))).toBe(h);
    expect(contentHash(text + "\n\n")).toBe(h);
    expect(contentHash(text.replace("hi", "hello"))).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("mayOverlapInTime (skips reading calls that cannot be the same recording)", () => {
  const hour = 3_600_000;
  it("rules out only calls whose stored spans are far apart", () => {
    const a = { startedAt: "2026-05-05T15:00:00Z", durationMs: hour };
    expect(mayOverlapInTime(a, { startedAt: "2026-05-05T15:10:00Z", durationMs: hour })).toBe(true);
    expect(mayOverlapInTime(a, { startedAt: "2026-05-05T16:00:30Z", durationMs: hour })).toBe(true); // within a minute's slack of the end
    expect(mayOverlapInTime(a, { startedAt: "2026-05-06T15:00:00Z", durationMs: hour })).toBe(false);
    expect(mayOverlapInTime(a, { startedAt: null, durationMs: hour })).toBe(true);
  });
  it("never rules out a pair isSameRecording would call a duplicate", () => {
    const dur = (r: typeof zoom) => Math.max(...r.utterances.map((u) => u.endMs));
    expect(isSameRecording(zoom, otter).duplicate).toBe(true);
    expect(mayOverlapInTime({ startedAt: zoom.startedAt, durationMs: dur(zoom) }, { startedAt: otter.startedAt, durationMs: dur(otter) })).toBe(true);
  });
});
