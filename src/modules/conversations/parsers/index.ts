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

/** Parse any supported format. Async because e-mail parsing (mailparser) is; every other format is sync. */
export async function parseConversation(input: ParseConversationInput): Promise<ParsedConversation> {
  const format = input.format ?? detectFormat(input);
  if (format === "email") return parseEmail(input.content, input.filename);
  return parseConversationSync({ ...input, format });
}

/** Sync variant for transcript formats; throws INVALID_INPUT for e-mail and audio. */
export function parseConversationSync(input: ParseConversationInput): ParsedConversation {
  const format = input.format ?? detectFormat(input);
  if (!(SOURCE_FORMATS as readonly string[]).includes(format)) {
    throw invalidInput(`unknown format "${String(format)}"`, [{ file: input.filename, line: 0, message: "unknown format" }]);
  }
  const { text, warnings } = decodeContent(input.content);
  const file = input.filename;
  const parsed = parseText(text, file, format);
  parsed.warnings.unshift(...warnings);
  return parsed;
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
