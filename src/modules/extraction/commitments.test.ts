import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Side } from "../../shared/sides.ts";
import { extractConversation } from "./index.ts";
import { buildTestInput } from "./test-input.ts";

interface Expected { owner?: string | null; side?: string | null; due?: string | null; quote?: string; textIncludes?: string; ownerUnclear?: boolean }
interface Case { name: string; language?: string; unknownSpeaker?: boolean; turns: Array<[string, string]>; expect: Expected[] }
const fixture = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../../test/fixtures/extraction/commitment-cases.json"), "utf8")) as {
  roster: Array<[string, Side]>; startedAt: string; timezone: string; cases: Case[];
};

describe("extractConversation: commitments", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = buildTestInput({ roster: fixture.roster, startedAt: fixture.startedAt, timezone: fixture.timezone, language: c.language, unknownSpeaker: c.unknownSpeaker, turns: c.turns });
    const got = extractConversation(input).commitments;
    expect(got.length, JSON.stringify(got.map((x) => x.evidence.quote))).toBe(c.expect.length);
    c.expect.forEach((e, k) => {
      const g = got[k];
      if (e.owner !== undefined) expect(g.owner).toBe(e.owner);
      if (e.side !== undefined) expect(g.side).toBe(e.side);
      if (e.due !== undefined) expect(g.due).toBe(e.due);
      if (e.quote !== undefined) expect(g.evidence.quote).toBe(e.quote);
      if (e.textIncludes !== undefined) expect(g.text.toLowerCase()).toContain(e.textIncludes);
      if (e.ownerUnclear !== undefined) expect(g.ownerUnclear).toBe(e.ownerUnclear);
      expect(input.utterances[g.evidence.seq].text).toContain(g.evidence.quote);
    });
  });
});
