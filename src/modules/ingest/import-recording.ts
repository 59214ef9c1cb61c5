// A call recording into a deal: convert to 16 kHz mono WAV (ffmpeg), transcribe in chunks through the
// configured speech-to-text provider, then store like any transcript. Re-importing the same file skips
// transcription (the hash is of the recording's bytes).
import { createHash } from "node:crypto";
import { convertToSpeechWav, isSpeechWav, splitWav, type SpeechToText, type TranscriptSegment } from "../../adapters/stt/index.ts";
import { findConversationWithContent, parseConversation } from "../conversations/index.ts";
import { getDeal } from "../deals/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { checkStartedAt, importConversationFile, type ConversationFileResult } from "./import-conversation-file.ts";

export const AUDIO_EXTENSIONS = ["m4a", "wav", "mp3", "ogg", "oga", "opus", "webm", "mp4", "flac", "aac"] as const;
export const isAudioFile = (filename: string) => (AUDIO_EXTENSIONS as readonly string[]).includes(filename.split(".").pop()?.toLowerCase() ?? "");

export interface RecordingProgress { stage: "convert" | "transcribe" | "store"; done: number; total: number }
export interface RecordingInput {
  dealId: string; filename: string; content: Buffer; stt: SpeechToText;
  kind?: "call" | "notes"; title?: string; startedAt?: string;
  /** Seconds of audio per upload to the provider (default 10 minutes). */
  chunkSeconds?: number;
  /** Path to ffmpeg, null for "not installed"; default: looked up on PATH. */
  ffmpeg?: string | null;
  onProgress?: (p: RecordingProgress) => void;
}

export async function importRecording(deps: Deps, actor: Actor, input: RecordingInput): Promise<ConversationFileResult & { chunks: number; provider: string }> {
  checkStartedAt(input.startedAt); // before any transcription is paid for
  const hash = createHash("sha256").update(input.content).digest("hex");
  const deal = await getDeal(deps, input.dealId);
  const existing = await findConversationWithContent(deps, deal.id, hash);
  if (existing) return { conversationId: existing.id, status: "unchanged", unresolved: [], heldForConsent: false, proposedPeople: 0, warnings: [], chunks: 0, provider: input.stt.name };

  const progress = input.onProgress ?? (() => {});
  progress({ stage: "convert", done: 0, total: 1 });
  const wav = isSpeechWav(input.content) ? input.content : await convertToSpeechWav(input.content, input.filename, input.ffmpeg === undefined ? {} : { ffmpeg: input.ffmpeg });
  progress({ stage: "convert", done: 1, total: 1 });
  const chunks = splitWav(wav, input.chunkSeconds ?? 600, input.filename);
  const segments: TranscriptSegment[] = [];
  let language: string | null = null;
  for (const [i, chunk] of chunks.entries()) {
    progress({ stage: "transcribe", done: i, total: chunks.length });
    const t = await input.stt.transcribe({ audio: chunk.audio, filename: `${input.filename}.part${i + 1}.wav` });
    language ??= t.language;
    for (const s of t.segments) segments.push({ ...s, start: s.start + chunk.offsetSec, end: Math.max(s.end, s.start) + chunk.offsetSec });
  }
  progress({ stage: "transcribe", done: chunks.length, total: chunks.length });
  if (!segments.some((s) => s.text.trim())) {
    throw invalidInput(`No speech was recognised in ${input.filename}`, [{ file: input.filename, message: `${input.stt.name} returned no text` }]);
  }
  // The provider's segments go through the Whisper JSON parser, like an uploaded whisper export.
  const json = JSON.stringify({ language, segments });
  const parsed = { ...(await parseConversation({ content: json, filename: `${input.filename}.json`, format: "whisper" })), format: "audio" as const };
  progress({ stage: "store", done: 0, total: 1 });
  const result = await importConversationFile(deps, actor, {
    dealId: deal.id, filename: input.filename, content: input.content, parsed, contentHash: hash,
    kind: input.kind ?? "call", title: input.title, startedAt: input.startedAt,
  });
  progress({ stage: "store", done: 1, total: 1 });
  return { ...result, chunks: chunks.length, provider: input.stt.name };
}
