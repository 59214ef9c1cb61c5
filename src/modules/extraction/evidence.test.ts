import { describe, expect, it } from "vitest";
import { checkEvidence } from "./evidence.ts";
import type { Evidence, ExtractionUtterance } from "./extraction.types.ts";

const utterances: ExtractionUtterance[] = [
  { seq: 0, startMs: 0, endMs: 1000, speakerLabel: "A", personId: null, speakerName: "A", side: null, text: "I'll send the deck by Friday." },
];
const item = (quote: string, seq = 0): { evidence: Evidence } => ({ evidence: { seq, atMs: 0, speaker: "A", quote } });

describe("checkEvidence", () => {
  it("keeps exact substrings and counts the rest", () => {
    const r = checkEvidence([item("send the deck"), item("send the slides"), item("send the deck", 4), item("")], utterances, (x) => [x.evidence]);
    expect(r.kept).toHaveLength(1);
    expect(r.dropped).toBe(3);
  });
});
