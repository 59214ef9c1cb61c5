// Conversation parsers: turn a transcript or e-mail file into ParsedConversation (pure, no I/O).
import { AppError, invalidInput } from "../../../shared/errors.ts";
import type { ParsedConversation, SourceFormat } from "../conversation.ts";
import { SOURCE_FORMATS } from "../conversation.ts";
import { detectAsrFormat, parseAsrJson } from "./parse-asr-json.ts";
import { parseEmail } from "./parse-email.ts";
import { detectPlainTranscriptKind, parsePlainTranscript } from "./parse-plain-transcript.ts";
import { parseSrt } from "./parse-srt.ts";
import { parseVtt } from "./parse-vtt.ts";
import { decodeContent } from "./source-text.ts";

export { normaliseAsrSpeaker } from "./parse-asr-json.ts";
export { splitEmailBody } from "./split-email-body.ts";

export interface ParseConversationInput {
  content: Buffer | string;
  filename: string;
  /** Overrides detection. */
  format?: SourceFormat;
}

const EMAIL_HEADER = /^(?:From|To|Subject|Date|Message-ID|MIME-Version|Received|Return-Path|Delivered-To|Content-Type|X-[\w-]+):/im;
const SRT_TIMING = /^\s*\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}/m;

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot < 0 ? "" : filename.slice(dot + 1).toLowerCase();
}

/** Pick the format from the extension, refined (or replaced, for unknown extensions) by sniffing the text. */
export function detectFormat(input: { content: Buffer | string; filename: string }): SourceFormat {
  const ext = extensionOf(input.filename);
  if (["mp3", "wav", "m4a", "ogg", "opus", "webm", "flac", "mp4", "aac"].includes(ext)) return "audio";
  if (ext === "eml") return "email";
  const { text } = decodeContent(typeof input.content === "string" ? input.content : input.content.subarray(0, 65_536));
  const head = text.slice(0, 65_536);
  const trimmed = head.trimStart();
  if (ext === "vtt" || trimmed.startsWith("WEBVTT")) return head.includes("<v ") || head.includes("<v.") ? "vtt-teams" : "vtt";
  if (ext === "srt") return "srt";
  if (ext === "json" || trimmed.startsWith("{")) {
    try {
      return detectAsrFormat(JSON.parse(text)) ?? "deepgram";
    } catch {
      return "deepgram"; // the JSON parser reports the line of the syntax error
    }
  }
  if (ext !== "txt" && EMAIL_HEADER.test(head.split(/\n\s*\n/, 1)[0] ?? "") && /^(?:From|Subject):/im.test(head)) return "email";
  if (SRT_TIMING.test(head)) return "srt";
  return detectPlainTranscriptKind(head) ?? "otter";
}

/** Office documents, PDFs and archives by their first bytes: what people upload when they have a transcript as a document. */
const DOCUMENT_MAGIC: Array<{ bytes: number[]; what: (ext: string) => string }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: (ext) => ({ docx: "a Word document", odt: "an OpenDocument text", xlsx: "a spreadsheet", pptx: "a presentation", pages: "a Pages document" })[ext] ?? "a ZIP archive" },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: () => "a PDF" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: () => "an Office 97-2003 document" },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: () => "an RTF document" },
];

/**
 * An empty file, or a document where a transcript was expected: one clear error instead of a format's complaint
 * about its first line, "no utterances" or a JSON syntax error.
 */
function rejectNonTranscript(input: ParseConversationInput) {
  const isEmpty = input.content.length === 0 || (input.content.length < 4096 && input.content.toString().replace(/^\uFEFF/, "").trim() === "");
  if (isEmpty) throw invalidInput(`${input.filename} is empty`, [{ file: input.filename, line: 1, message: "the file is empty" }]);
  if (typeof input.content === "string") return;
  const head = input.content;
  const hit = DOCUMENT_MAGIC.find((m) => head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b));
  if (!hit) return;
  const message = `${hit.what(extensionOf(input.filename))}, not a transcript: save its text as a .txt file, or export the call from the recording tool as WebVTT, SRT or text`;
  throw invalidInput(`${input.filename} is ${message}`, [{ file: input.filename, line: 1, message: `is ${message}` }]);
}

/** Parse any supported format. Async because e-mail parsing (mailparser) is; every other format is sync. */
export async function parseConversation(input: ParseConversationInput): Promise<ParsedConversation> {
  rejectNonTranscript(input);
  const format = input.format ?? detectFormat(input);
  if (format === "email") return withoutNul(await parseEmail(input.content, input.filename));
  return parseTranscript(input, format);
}

const NUL = /\u0000/g;
const scrub = <T>(v: T): T => {
  if (typeof v === "string") return (v.includes("\u0000") ? v.replace(NUL, "") : v) as T;
  if (Array.isArray(v)) return v.map(scrub) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)])) as T;
  return v;
};

/**
 * NUL characters (a raw 0x00 byte, or a JSON \u0000 escape) removed from the words, labels and email fields, with a
 * warning naming the first line: PostgreSQL text cannot hold them, and they carry no words.
 */
function withoutNul(parsed: ParsedConversation): ParsedConversation {
  const hit = parsed.utterances.find((u) => u.text.includes("\u0000") || u.speakerLabel?.includes("\u0000"));
  const inEmail = parsed.email != null && JSON.stringify(parsed.email).includes("\\u0000");
  if (!hit && !inEmail) return parsed;
  return {
    ...parsed,
    utterances: hit ? parsed.utterances.map((u) => ({ ...u, text: scrub(u.text), speakerLabel: scrub(u.speakerLabel) })) : parsed.utterances,
    ...(inEmail ? { email: scrub(parsed.email) } : {}),
    warnings: [...parsed.warnings, { line: hit?.line ?? 0, message: "NUL characters removed" }],
  };
}

/** Sync variant for transcript formats; throws INVALID_INPUT for e-mail and audio. */
export function parseConversationSync(input: ParseConversationInput): ParsedConversation {
  rejectNonTranscript(input);
  return parseTranscript(input, input.format ?? detectFormat(input));
}

/** parseConversationSync once the input has passed rejectNonTranscript. */
function parseTranscript(input: ParseConversationInput, format: SourceFormat): ParsedConversation {
  if (!(SOURCE_FORMATS as readonly string[]).includes(format)) {
    throw invalidInput(`unknown format "${String(format)}"`, [{ file: input.filename, line: 0, message: "unknown format" }]);
  }
  const { text, warnings } = decodeContent(input.content);
  const file = input.filename;
  const parsed = parseText(text, file, format);
  parsed.warnings.unshift(...warnings);
  return withoutNul(parsed);
}

function parseText(text: string, file: string, format: SourceFormat): ParsedConversation {
  switch (format) {
    case "vtt": case "vtt-zoom": case "vtt-teams": case "vtt-meet":
      return parseVtt(text, file, format === "vtt" ? undefined : format);
    case "srt":
      return parseSrt(text, file);
    case "otter": case "meet-txt":
      return parsePlainTranscript(text, file, format);
    case "deepgram": case "assemblyai": case "aws-transcribe": case "whisper":
      return parseAsrJson(text, file, format);
    case "email":
      throw invalidInput("e-mail is parsed asynchronously: use parseConversation", [{ file, line: 0, message: "use parseConversation for .eml" }]);
    case "audio":
      throw invalidInput("audio must be transcribed before parsing", [{ file, line: 0, message: "audio is not a transcript" }]);
  }
}

export const isParseError = (e: unknown): e is AppError => e instanceof AppError && e.code === "INVALID_INPUT";
