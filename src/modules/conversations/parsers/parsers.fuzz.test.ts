// Property tests: whatever bytes arrive, a parser returns a well-formed ParsedConversation or throws
// AppError INVALID_INPUT — never another error, never a hang. ~12,000 generated cases in total.
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors.ts";
import type { ParsedConversation, SourceFormat } from "../conversation.ts";
import { SOURCE_FORMATS } from "../conversation.ts";
import { parseConversation, parseConversationSync } from "./index.ts";

const FIXTURES = new URL("../../../../test/fixtures/transcripts/", import.meta.url);
const fixtureNames = readdirSync(FIXTURES).filter((n) => /\.(vtt|srt|txt|json|eml)$/.test(n));
const fixtures = fixtureNames.map((name) => ({ name, text: readFileSync(new URL(name, FIXTURES), "utf8") }));
const TEXT_FORMATS: Array<{ format: SourceFormat; ext: string }> = [
  { format: "vtt", ext: "vtt" }, { format: "vtt-zoom", ext: "vtt" }, { format: "vtt-teams", ext: "vtt" }, { format: "srt", ext: "srt" },
  { format: "otter", ext: "txt" }, { format: "meet-txt", ext: "txt" }, { format: "deepgram", ext: "json" },
  { format: "assemblyai", ext: "json" }, { format: "aws-transcribe", ext: "json" }, { format: "whisper", ext: "json" },
];
const MAX_MS_PER_PARSE = 2_000;

function assertWellFormed(p: ParsedConversation): void {
  expect(SOURCE_FORMATS).toContain(p.format);
  expect(Array.isArray(p.warnings)).toBe(true);
  for (const w of p.warnings) expect(Number.isInteger(w.line) && w.line >= 0 && typeof w.message === "string").toBe(true);
  let previousStart = -1;
  p.utterances.forEach((u, i) => {
    expect(u.seq).toBe(i);
    expect(Number.isFinite(u.startMs) && u.startMs >= 0).toBe(true);
    expect(Number.isFinite(u.endMs) && u.endMs >= u.startMs).toBe(true);
    expect(Number.isInteger(u.line) && u.line >= 0).toBe(true);
    expect(typeof u.text).toBe("string");
    expect(u.speakerLabel === null || typeof u.speakerLabel === "string").toBe(true);
    // Nothing PostgreSQL text cannot store.
    expect(u.text.includes("\u0000") || (u.speakerLabel ?? "").includes("\u0000")).toBe(false);
    if (p.format !== "email") {
      expect(u.text.length).toBeGreaterThan(0);
      expect(u.startMs).toBeGreaterThanOrEqual(previousStart);
    }
    previousStart = u.startMs;
  });
}

function runSync(content: Buffer | string, filename: string, format?: SourceFormat): ParsedConversation | null {
  const t0 = performance.now();
  try {
    const p = parseConversationSync({ content, filename, format });
    assertWellFormed(p);
    return p;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "INVALID_INPUT") throw e;
    expect(Array.isArray(e.details) && typeof e.details[0]?.line === "number").toBe(true);
    return null;
  } finally {
    expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_PARSE);
  }
}

async function runAsync(content: Buffer | string, filename: string, format?: SourceFormat): Promise<ParsedConversation | null> {
  try {
    const p = await parseConversation({ content, filename, format });
    assertWellFormed(p);
    return p;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "INVALID_INPUT") throw e;
    return null;
  }
}

// Strings that look like the formats: pieces of real syntax shuffled with noise.
const syntaxPiece = fc.constantFrom(
  "WEBVTT", "\n", "\n\n", "\r\n", "\r", "-->", " --> ", "00:00:01.000", "00:00:02,500", "1:02", "0:00:05", "99:99:99.999", "NOTE", "STYLE",
  "<v Ana>", "</v>", "<v>", "Ana:", "Speaker 1  0:00:03", "[00:00:04] Bo: ", "{", "}", "[", "]", '"utterances":', '"results":', '"segments":',
  '"start":', '"end":', '"speaker":', '"text":', '"transcript":', ":", ",", "1", "-1", "1e309", "null", "\ufeff", "\u0000", "é", "😀", " ",
);
const controlChar = fc.constantFrom("\u0000", "\u0007", "\u001b", "\u0000\u0000");
const lookalike = fc.array(fc.oneof(syntaxPiece, fc.string({ maxLength: 8 }), controlChar), { maxLength: 60 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 300 }), lookalike);

describe("parsers never throw anything but INVALID_INPUT", () => {
  it.each(TEXT_FORMATS)("$format: arbitrary and look-alike text", ({ format, ext }) => {
    fc.assert(fc.property(anyText, (text) => { runSync(text, `f.${ext}`, format); }), { numRuns: 700 });
  });

  it.each(TEXT_FORMATS)("$format: arbitrary bytes", ({ format, ext }) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => { runSync(Buffer.from(bytes), `f.${ext}`, format); }), { numRuns: 200 });
  });

  it("auto-detection over arbitrary text and file names", () => {
    const name = fc.constantFrom("a.vtt", "a.srt", "a.txt", "a.json", "a", "a.bin", "a.VTT");
    fc.assert(fc.property(anyText, name, (text, filename) => { runSync(text, filename); }), { numRuns: 1000 });
  });

  it("truncated, BOM'd and CRLF'd fixtures", () => {
    const transcripts = fixtures.filter((f) => !f.name.endsWith(".eml"));
    fc.assert(
      fc.property(fc.constantFrom(...transcripts), fc.nat(), fc.constantFrom("", "\ufeff"), fc.constantFrom("\n", "\r\n", "\r"), (f, cut, bom, eol) => {
        const text = bom + f.text.slice(0, cut % (f.text.length + 1)).replace(/\n/g, eol);
        runSync(text, f.name);
        runSync(Buffer.from(text, "utf8"), f.name);
      }),
      { numRuns: 1500 },
    );
  });

  it("line endings and BOM never change the result", () => {
    const transcripts = fixtures.filter((f) => !f.name.endsWith(".eml"));
    fc.assert(
      fc.property(fc.constantFrom(...transcripts), fc.constantFrom("\r\n", "\r"), fc.boolean(), (f, eol, bom) => {
        const base = runSync(f.text, f.name);
        const variant = runSync((bom ? "\ufeff" : "") + f.text.replace(/\n/g, eol), f.name);
        expect(variant?.utterances).toEqual(base?.utterances);
      }),
      { numRuns: 200 },
    );
  });
});

// Cue files with random (out-of-order, overlapping, empty) cues.
const cue = fc.record({
  start: fc.integer({ min: 0, max: 10_000_000 }),
  length: fc.integer({ min: -5_000, max: 60_000 }),
  speaker: fc.constantFrom("Ana Diaz", "Bo", "Speaker 2", "+1 415 555 0100", ""),
  text: fc.oneof(fc.constant(""), fc.string({ maxLength: 80 }), fc.constant("line one\nline two")),
  teams: fc.boolean(),
});
const stamp = (ms: number, comma: boolean) => {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}${comma ? "," : "."}${pad(ms % 1000, 3)}`;
};

describe("generated cue files", () => {
  it("VTT and SRT with out-of-order, overlapping and empty cues stay well-formed and sorted", () => {
    fc.assert(
      fc.property(fc.array(cue, { maxLength: 40 }), fc.boolean(), (cues, isSrt) => {
        const blocks = cues.map((c, i) => {
          const end = Math.max(0, c.start + c.length);
          const payload = c.teams && !isSrt ? `<v ${c.speaker}>${c.text}</v>` : c.speaker ? `${c.speaker}: ${c.text}` : c.text;
          return `${i + 1}\n${stamp(c.start, isSrt)} --> ${stamp(end, isSrt)}\n${payload}`;
        });
        const text = (isSrt ? "" : "WEBVTT\n\n") + blocks.join("\n\n") + "\n";
        runSync(text, isSrt ? "g.srt" : "g.vtt");
      }),
      { numRuns: 1000 },
    );
  });

  it("a huge single line does not hang", () => {
    const huge = "A".repeat(300_000);
    for (const [name, text] of [
      ["h.vtt", `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna: ${huge}\n`],
      ["h.srt", `1\n00:00:01,000 --> 00:00:02,000\n${huge}:${huge}\n`],
      ["h.txt", `${huge}  0:01\n${huge}\n`],
      ["h2.txt", `[00:00:01] ${huge}: ${huge}\n`],
      ["h.json", `{"segments":[{"start":0,"end":1,"text":"${huge}"}]}`],
      ["h3.txt", `${" ".repeat(100_000)}x${"\t".repeat(100_000)}:`],
    ] as const) {
      const t0 = performance.now();
      runSync(text, name);
      expect(performance.now() - t0).toBeLessThan(1_000);
    }
  });
});

describe("e-mail", () => {
  it("arbitrary text and bytes", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(anyText, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), async (content) => {
      await runAsync(content, "m.eml");
    }), { numRuns: 400 });
  });

  it("truncated and re-line-ended fixtures", async () => {
    const emails = fixtures.filter((f) => f.name.endsWith(".eml"));
    await fc.assert(fc.asyncProperty(fc.constantFrom(...emails), fc.nat(), fc.constantFrom("\n", "\r\n"), async (f, cut, eol) => {
      await runAsync(f.text.slice(0, cut % (f.text.length + 1)).replace(/\n/g, eol), f.name);
    }), { numRuns: 400 });
  });
});
