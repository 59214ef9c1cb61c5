import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors.ts";
import { detectFormat, parseConversation, parseConversationSync } from "./index.ts";

const FIXTURES = new URL("../../../../test/fixtures/transcripts/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const parse = (name: string) => parseConversation({ content: fixture(name), filename: name });
const brief = (p: Awaited<ReturnType<typeof parse>>) => p.utterances.map((u) => [u.seq, u.speakerLabel, u.startMs, u.endMs, u.text, u.line]);

async function expectInvalid(run: () => unknown, line?: number) {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("INVALID_INPUT");
    if (line !== undefined) expect((e as AppError).details?.[0]?.line).toBe(line);
    return;
  }
  throw new Error("expected INVALID_INPUT");
}

describe("WebVTT", () => {
  it("reads Zoom cues with Name: prefixes, cue settings, multi-line payloads and phone labels", async () => {
    const p = await parse("zoom.vtt");
    expect(p.format).toBe("vtt-zoom");
    expect(brief(p)).toEqual([
      [0, "Avery Stone", 1000, 4500, "Morning all, can everyone hear me?", 3],
      [1, "Bo Lindqvist", 5000, 9250, "Loud and clear. I'll send the rollout plan by Friday.", 7],
      [2, "+1 415 555 0100", 10000, 12000, "Sorry, dialed in from the car.", 12],
    ]);
  });

  it("reads Teams voice tags, keeps badges raw, skips NOTE/STYLE and warns about empty cues", async () => {
    const p = await parse("teams.vtt");
    expect(p.format).toBe("vtt-teams");
    expect(brief(p)).toEqual([
      [0, "Carmen Ortiz (External)", 1200, 3400, "Hi both, thanks for making time.", 8],
      [1, "Dev Malhotra", 4000, 8000, "We can share the security pack & the DPA before the review.", 12],
    ]);
    expect(p.warnings).toContainEqual({ line: 17, message: "empty cue skipped" });
  });

  it("accepts mm:ss.ttt timings, header metadata and cues without identifiers or speakers", async () => {
    const p = await parse("meet-short.vtt");
    expect(brief(p)).toEqual([
      [0, "Gia Romano", 1000, 3000, "Short timestamps work too.", 5],
      [1, null, 3500, 5000, "Plain caption without a speaker.", 8],
    ]);
  });

  it("rejects a file without the WEBVTT header, naming line 1", async () => {
    await expectInvalid(() => parseConversation({ content: "00:01.000 --> 00:02.000\nhi", filename: "x.vtt", format: "vtt" }), 1);
  });

  it("rejects malformed timings with the line of the timing", async () => {
    await expectInvalid(() => parseConversation({ content: "WEBVTT\n\n1\n00:00:xx --> 00:00:02.000\nA: hi\n", filename: "x.vtt" }), 4);
  });

  it("does not take a sentence with a colon for a speaker", async () => {
    const p = parseConversationSync({ content: "WEBVTT\n\n00:01.000 --> 00:02.000\nWe agreed on three things: scope, price, dates.\n", filename: "x.vtt" });
    expect(p.utterances[0].speakerLabel).toBeNull();
    expect(p.utterances[0].text).toBe("We agreed on three things: scope, price, dates.");
  });
});

describe("SRT", () => {
  it("reads comma millis, joins multi-line payloads and sorts out-of-order cues with a warning", async () => {
    const p = await parse("call.srt");
    expect(p.format).toBe("srt");
    expect(brief(p)).toEqual([
      [0, "Hana Sato", 1000, 3000, "Welcome to the pricing call.", 1],
      [1, "Hana Sato", 2000, 2800, "(overlapping) Great.", 10],
      [2, "Ivo Petrov", 3500, 7000, "Thanks. Our board meets on the twelfth.", 5],
    ]);
    expect(p.warnings.some((w) => w.line === 10)).toBe(true);
  });
});

describe("plain-text transcripts", () => {
  it("reads Otter turns with h:mm:ss and mm:ss times", async () => {
    const p = await parse("otter.txt");
    expect(p.format).toBe("otter");
    expect(brief(p)).toEqual([
      [0, "Jun Park", 2000, 5000, "Good morning, let's start.", 1],
      [1, "Speaker 2", 5000, 67000, "Hi, this is Lena from Corvid Labs. I run procurement there.", 4],
      [2, "Jun Park", 67000, 67000, "Welcome Lena.", 8],
    ]);
  });

  it("reads Meet/Docs lines, ignores the header and joins wrapped lines", async () => {
    const p = await parse("meet.txt");
    expect(p.format).toBe("meet-txt");
    expect(brief(p)).toEqual([
      [0, "Ola Nowak", 1000, 4000, "Shall we get going?", 9],
      [1, "Pat Quinn", 4000, 70000, "Yes. I will circulate the notes after the call.", 10],
      [2, "Ola Nowak", 70000, 70000, "Perfect.", 12],
    ]);
  });

  it("reads a pasted transcript of Name: text lines without times", async () => {
    const p = await parseConversation({ content: "Call notes\n\nAna Diaz: We can start Monday.\nBo: Great, I will send the contract.\n", filename: "pasted.txt" });
    expect(p.format).toBe("meet-txt");
    expect(brief(p)).toEqual([
      [0, "Ana Diaz", 0, 0, "We can start Monday.", 3],
      [1, "Bo", 0, 0, "Great, I will send the contract.", 4],
    ]);
  });

  it("rejects text with no transcript lines", async () => {
    await expectInvalid(() => parseConversation({ content: "just some notes\nnothing else", filename: "notes.txt" }), 1);
  });
});

describe("ASR JSON", () => {
  it.each([
    ["deepgram.json", "deepgram", [["Speaker 0", 500, 1750, "hello there"], ["Speaker 1", 2000, 3250, "hi kevin here"]]],
    ["deepgram-paragraphs.json", "deepgram", [["Speaker 0", 100, 1200, "First sentence."], ["Speaker 0", 1300, 2400, "Second sentence."], ["Speaker 1", 3000, 4000, "Reply here."]]],
    ["assemblyai.json", "assemblyai", [["Speaker A", 250, 1900, "Thanks for joining."], ["Speaker B", 2100, 4000, "Happy to be here."]]],
    ["assemblyai-seconds.json", "assemblyai", [["Speaker 1", 1500, 3250, "okay we're recording"], ["Speaker 2", 4000, 6000, "great thanks"]]],
    ["aws-segments.json", "aws-transcribe", [["Speaker 0", 500, 1200, "Hello."], ["Speaker 1", 1600, 2600, "Yes hi."]]],
    ["aws-audio-segments.json", "aws-transcribe", [["Speaker 0", 0, 1500, "Good afternoon."], ["Speaker 1", 2000, 2800, "Afternoon!"]]],
    ["whisper.json", "whisper", [["Speaker 0", 0, 3500, "Let's review the timeline."], [null, 3500, 8000, "Sounds good to me."]]],
  ])("%s", async (name, format, expected) => {
    const p = await parse(name);
    expect(p.format).toBe(format);
    expect(p.utterances.map((u) => [u.speakerLabel, u.startMs, u.endMs, u.text])).toEqual(expected);
    expect(p.utterances.every((u, i) => u.seq === i && u.line === 0)).toBe(true);
  });

  it("names the line of a JSON syntax error", async () => {
    await expectInvalid(() => parseConversation({ content: '{\n  "results": {\n    "utterances": [,]\n  }\n}', filename: "x.json" }), 3);
    // Deep in a long file V8 quotes the error clipped at both ends ("…"excerpt"…"), with no position.
    const turns = Array.from({ length: 40 }, (_, i) => `      { "speaker": ${i % 2}, "start": ${i}, "end": ${i + 1}, "transcript": "turn ${i}" },`).join("\n");
    await expectInvalid(() => parseConversation({ content: `{\n  "results": {\n    "utterances": [\n${turns}\n      { "speaker": 1, "start": , "end": 42 }\n    ]\n  }\n}`, filename: "long.json" }), 44);
  });

  it("rejects JSON that is no ASR output", async () => {
    await expectInvalid(() => parseConversation({ content: '{"hello": 1}', filename: "x.json" }));
  });
});

describe("line endings and encodings", () => {
  it.each(["zoom.vtt", "teams.vtt", "call.srt", "otter.txt", "meet.txt"])("%s parses the same with BOM, CRLF and CR", async (name) => {
    const text = fixture(name).toString("utf8");
    const base = brief(await parse(name));
    for (const variant of ["\ufeff" + text, text.replace(/\n/g, "\r\n"), "\ufeff" + text.replace(/\n/g, "\r")]) {
      expect(brief(await parseConversation({ content: Buffer.from(variant, "utf8"), filename: name }))).toEqual(base);
      expect(brief(await parseConversation({ content: variant, filename: name }))).toEqual(base);
    }
  });

  it("decodes UTF-16 with a BOM", async () => {
    const text = fixture("zoom.vtt").toString("utf8");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(brief(await parseConversation({ content: utf16, filename: "zoom.vtt" }))).toEqual(brief(await parse("zoom.vtt")));
  });
});

describe("detectFormat", () => {
  it.each([
    ["zoom.vtt", "vtt"], ["teams.vtt", "vtt-teams"], ["call.srt", "srt"], ["otter.txt", "otter"], ["meet.txt", "meet-txt"],
    ["deepgram.json", "deepgram"], ["assemblyai.json", "assemblyai"], ["aws-segments.json", "aws-transcribe"], ["whisper.json", "whisper"],
    ["plain.eml", "email"],
  ])("%s → %s", (name, format) => {
    expect(detectFormat({ content: fixture(name), filename: name })).toBe(format);
  });

  it("sniffs content when the extension says nothing", () => {
    expect(detectFormat({ content: fixture("call.srt"), filename: "upload.bin" })).toBe("srt");
    expect(detectFormat({ content: fixture("teams.vtt"), filename: "upload" })).toBe("vtt-teams");
    expect(detectFormat({ content: fixture("plain.eml"), filename: "message" })).toBe("email");
    expect(detectFormat({ content: fixture("whisper.json"), filename: "out" })).toBe("whisper");
    expect(detectFormat({ content: "x", filename: "call.m4a" })).toBe("audio");
  });
});

describe("NUL characters", () => {
  it("are removed from words and labels (raw bytes, or JSON escapes), with a warning naming the line", async () => {
    const vtt = Buffer.from("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nDa\u0000na: I'll send it\u0000 by Friday.\n");
    const p = parseConversationSync({ content: vtt, filename: "nul.vtt" });
    expect(p.utterances.map((u) => [u.speakerLabel, u.text])).toEqual([["Dana", "I'll send it by Friday."]]);
    expect(p.warnings).toContainEqual({ line: 3, message: "NUL characters removed" });
    const json = JSON.stringify({ segments: [{ start: 0, end: 2, text: "Budget\u0000 is approved", speaker: "A" }] });
    const w = await parseConversation({ content: json, filename: "w.json", format: "whisper" });
    expect(w.utterances[0]!.text).toBe("Budget is approved");
    const eml = Buffer.from("From: Dana <dana@x.example>\r\nTo: Ben <ben@y.example>\r\nSubject: Pilot\u0000 plan\r\nDate: Tue, 5 May 2026 10:00:00 +0200\r\n\r\nHi Ben,\u0000 the plan is attached.\r\n");
    const e = await parseConversation({ content: eml, filename: "m.eml" });
    expect(JSON.stringify(e)).not.toContain("\\u0000");
    expect(e.email?.subject).toBe("Pilot plan");
  });
});

describe("documents where a transcript was expected", () => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ["notes.docx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("word/document.xml")]), /notes\.docx is a Word document, not a transcript/],
    ["call.pdf", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj"), /call\.pdf is a PDF, not a transcript/],
    ["call.txt", Buffer.from("{\\rtf1\\ansi Dana: hello}"), /call\.txt is an RTF document/],
    ["old.doc", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /old\.doc is an Office 97-2003 document/],
  ];
  it.each(cases)("%s is refused by name, with what to export instead", async (filename, content, message) => {
    await expectInvalid(() => parseConversation({ content, filename }), 1);
    expect(() => parseConversationSync({ content, filename, format: "otter" })).toThrow(message);
    expect(() => parseConversationSync({ content, filename })).toThrow(/export the call from the recording tool as WebVTT, SRT or text/);
  });

  it("reads text that merely mentions those formats", () => {
    const p = parseConversationSync({ content: Buffer.from("[00:00:01] Dana: the PK and %PDF- files are attached\n"), filename: "call.txt" });
    expect(p.utterances.map((u) => u.text)).toEqual(["the PK and %PDF- files are attached"]);
  });
});

describe("speed", () => {
  // Speed is measured by `npm run bench` (parse+store of a 60-minute call), not asserted here.
  it("parses a 900-cue hour-long VTT into 900 utterances in order", () => {
    const cues: string[] = ["WEBVTT", ""];
    for (let i = 0; i < 900; i++) {
      const at = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
      cues.push(String(i + 1), `${at(i * 4)} --> ${at(i * 4 + 3)}`, `Person ${i % 5} Name: sentence number ${i} with some words in it`, "");
    }
    const content = cues.join("\n");
    const p = parseConversationSync({ content, filename: "long.vtt" });
    expect(p.utterances).toHaveLength(900);
    expect(p.utterances[899].text).toBe("sentence number 899 with some words in it");
    expect(p.utterances.every((u, i) => i === 0 || u.startMs > p.utterances[i - 1].startMs)).toBe(true);
  });
});
