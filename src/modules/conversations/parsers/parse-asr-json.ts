// ASR vendor JSON: Deepgram, AssemblyAI, AWS Transcribe and OpenAI Whisper (verbose_json).
import type { ParsedConversation, ParsedUtterance, ParseWarning, SourceFormat } from "../conversation.ts";
import { fail, finaliseUtterances } from "./source-text.ts";
import { jsonErrorLine } from "../../../shared/json-error.ts";

type Json = Record<string, unknown>;
type AsrFormat = Extract<SourceFormat, "deepgram" | "assemblyai" | "aws-transcribe" | "whisper">;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asNumber = (v: unknown): number | null => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
};
const asText = (v: unknown): string => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : "");

/** Tools label speakers 0, "A", "spk_1", "SPEAKER_02": all become "Speaker N"; real names stay. */
export function normaliseAsrSpeaker(raw: unknown): string | null {
  if (typeof raw === "number" && Number.isFinite(raw)) return `Speaker ${raw}`;
  if (typeof raw !== "string" || raw.trim() === "") return null;
  const s = raw.trim();
  if (/^\d+$/.test(s)) return `Speaker ${Number(s)}`;
  if (/^[A-Z]$/i.test(s)) return `Speaker ${s.toUpperCase()}`;
  const m = /^(?:spk|speaker|speaker_label)[\s_-]*(\d+|[A-Z])$/i.exec(s);
  if (m) return `Speaker ${/^\d+$/.test(m[1]) ? Number(m[1]) : m[1].toUpperCase()}`;
  return s;
}

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    fail(file, jsonErrorLine(text, message), `invalid JSON: ${message.slice(0, 200)}`);
  }
}

export function detectAsrFormat(doc: unknown): AsrFormat | null {
  if (!isObject(doc)) return null;
  const results = doc.results;
  if (isObject(results)) {
    if (Array.isArray(results.channels) || Array.isArray(results.utterances)) return "deepgram";
    if (Array.isArray(results.items) || isObject(results.speaker_labels) || Array.isArray(results.audio_segments) || Array.isArray(results.transcripts)) return "aws-transcribe";
  }
  if (Array.isArray(doc.utterances) || (typeof doc.audio_duration === "number") || (Array.isArray(doc.words) && "speaker_labels" in doc)) return "assemblyai";
  if (Array.isArray(doc.segments)) return "whisper";
  return null;
}

export function parseAsrJson(text: string, file: string, format?: SourceFormat): ParsedConversation {
  const doc = parseJsonText(text, file);
  const kind = format && ["deepgram", "assemblyai", "aws-transcribe", "whisper"].includes(format) ? (format as AsrFormat) : detectAsrFormat(doc);
  if (!kind || !isObject(doc)) fail(file, 1, "unrecognised ASR JSON (expected Deepgram, AssemblyAI, AWS Transcribe or Whisper output)");
  const warnings: ParseWarning[] = [];
  const raw =
    kind === "deepgram" ? readDeepgram(doc) :
    kind === "assemblyai" ? readAssemblyAi(doc) :
    kind === "aws-transcribe" ? readAwsTranscribe(doc) : readWhisper(doc);
  const kept: ParsedUtterance[] = [];
  raw.forEach((u, index) => {
    if (u.text.length === 0) warnings.push({ line: 0, message: `empty utterance #${index} skipped` });
    else kept.push(u);
  });
  if (kept.length === 0) fail(file, 1, `no utterances in ${kind} JSON`);
  return { format: kind, utterances: finaliseUtterances(kept, warnings), warnings };
}

function makeUtterance(label: string | null, startSec: number | null, endSec: number | null, text: string, scale = 1000): ParsedUtterance {
  const startMs = Math.round((startSec ?? 0) * scale);
  const endMs = Math.round((endSec ?? startSec ?? 0) * scale);
  return { seq: 0, speakerLabel: label, startMs, endMs, text, line: 0 };
}

function readDeepgram(doc: Json): ParsedUtterance[] {
  const results = isObject(doc.results) ? doc.results : {};
  const utterances = asArray(results.utterances).filter(isObject);
  if (utterances.length > 0) {
    return utterances.map((u) => makeUtterance(normaliseAsrSpeaker(u.speaker), asNumber(u.start), asNumber(u.end), asText(u.transcript)));
  }
  const channel = asArray(results.channels).filter(isObject)[0];
  const alternative = channel ? asArray(channel.alternatives).filter(isObject)[0] : undefined;
  if (!alternative) return [];
  const paragraphs = isObject(alternative.paragraphs) ? asArray(alternative.paragraphs.paragraphs).filter(isObject) : [];
  if (paragraphs.length > 0) {
    const out: ParsedUtterance[] = [];
    for (const p of paragraphs) {
      const label = normaliseAsrSpeaker(p.speaker);
      for (const s of asArray(p.sentences).filter(isObject)) {
        out.push(makeUtterance(label, asNumber(s.start), asNumber(s.end), asText(s.text)));
      }
    }
    return out;
  }
  const words = asArray(alternative.words).filter(isObject);
  if (words.length > 0) return groupWords(words.map((w) => ({ label: normaliseAsrSpeaker(w.speaker), start: asNumber(w.start), end: asNumber(w.end), text: asText(w.punctuated_word ?? w.word) })));
  const transcript = asText(alternative.transcript);
  return transcript ? [makeUtterance(null, 0, 0, transcript)] : [];
}

interface Word { label: string | null; start: number | null; end: number | null; text: string; isPunctuation?: boolean }

/** Consecutive words of the same speaker make one utterance. */
function groupWords(words: Word[], scale = 1000): ParsedUtterance[] {
  const out: ParsedUtterance[] = [];
  let current: { label: string | null; start: number | null; end: number | null; parts: string[] } | null = null;
  for (const w of words) {
    if (!w.text) continue;
    if (current && (w.isPunctuation || w.label === current.label)) {
      if (w.isPunctuation) current.parts[current.parts.length - 1] += w.text;
      else current.parts.push(w.text);
      current.end = w.end ?? current.end;
      continue;
    }
    if (current) out.push(makeUtterance(current.label, current.start, current.end, current.parts.join(" "), scale));
    current = { label: w.label, start: w.start, end: w.end, parts: [w.text] };
  }
  if (current) out.push(makeUtterance(current.label, current.start, current.end, current.parts.join(" "), scale));
  return out;
}

/**
 * AssemblyAI gives milliseconds; some exports (and re-serialisations) give seconds.
 * audio_duration is in seconds, so compare against it; otherwise integers mean ms.
 */
function pickAssemblyScale(doc: Json, values: number[]): number {
  if (values.length === 0) return 1;
  let max = 0;
  for (const v of values) if (v > max) max = v; // no spread: long files would overflow the stack
  const duration = asNumber(doc.audio_duration);
  if (duration !== null && duration > 0) return max > duration * 1.5 ? 1 : 1000;
  return values.every(Number.isInteger) ? 1 : 1000;
}

function readAssemblyAi(doc: Json): ParsedUtterance[] {
  const utterances = asArray(doc.utterances).filter(isObject);
  const words = asArray(doc.words).filter(isObject);
  const source = utterances.length > 0 ? utterances : words;
  const values = source.flatMap((u) => [asNumber(u.start), asNumber(u.end)]).filter((n): n is number => n !== null);
  const scale = pickAssemblyScale(doc, values);
  if (utterances.length > 0) {
    return utterances.map((u) => makeUtterance(normaliseAsrSpeaker(u.speaker), asNumber(u.start), asNumber(u.end), asText(u.text), scale));
  }
  if (words.length > 0) {
    return groupWords(words.map((w) => ({ label: normaliseAsrSpeaker(w.speaker), start: asNumber(w.start), end: asNumber(w.end), text: asText(w.text) })), scale);
  }
  const whole = asText(doc.text);
  return whole ? [makeUtterance(null, 0, 0, whole)] : [];
}

function readAwsTranscribe(doc: Json): ParsedUtterance[] {
  const results = isObject(doc.results) ? doc.results : {};
  const segments = asArray(results.audio_segments).filter(isObject);
  if (segments.length > 0) {
    return segments.map((s) => makeUtterance(normaliseAsrSpeaker(s.speaker_label), asNumber(s.start_time), asNumber(s.end_time), asText(s.transcript)));
  }
  const items = asArray(results.items).filter(isObject).map((item) => {
    const alternative = asArray(item.alternatives).filter(isObject)[0];
    return {
      label: normaliseAsrSpeaker(item.speaker_label),
      start: asNumber(item.start_time),
      end: asNumber(item.end_time),
      text: alternative ? asText(alternative.content) : "",
      isPunctuation: item.type === "punctuation",
    };
  });
  const speakerSegments = isObject(results.speaker_labels) ? asArray(results.speaker_labels.segments).filter(isObject) : [];
  if (speakerSegments.length > 0 && items.every((w) => w.label === null)) {
    // Older exports put speakers only in speaker_labels.segments: label each word by the segment
    // covering its start. Both lists are time-ordered, so one forward pointer keeps this linear.
    const spans = speakerSegments
      .map((s) => ({ label: normaliseAsrSpeaker(s.speaker_label), start: asNumber(s.start_time) ?? 0, end: asNumber(s.end_time) ?? 0 }))
      .sort((a, b) => a.start - b.start);
    let k = 0;
    let lastLabel: string | null = null;
    for (const w of items) {
      if (w.isPunctuation || w.start === null) { w.label = lastLabel; continue; }
      while (k < spans.length - 1 && w.start >= spans[k].end && w.start >= spans[k + 1].start) k++;
      w.label = spans[k]?.label ?? null;
      lastLabel = w.label;
    }
  }
  if (items.length > 0) return groupWords(items);
  const transcript = asArray(results.transcripts).filter(isObject)[0];
  const whole = transcript ? asText(transcript.transcript) : "";
  return whole ? [makeUtterance(null, 0, 0, whole)] : [];
}

function readWhisper(doc: Json): ParsedUtterance[] {
  return asArray(doc.segments).filter(isObject).map((s) =>
    makeUtterance(normaliseAsrSpeaker(s.speaker), asNumber(s.start), asNumber(s.end), asText(s.text)),
  );
}
