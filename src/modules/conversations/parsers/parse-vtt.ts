// WebVTT as Zoom ("Name: text"), Microsoft Teams (<v Name>text</v>) and Google Meet export it.
import type { ParsedConversation, ParsedUtterance, ParseWarning, SourceFormat } from "../conversation.ts";
import { fail, finaliseUtterances, joinPayload, parseTimestamp, splitLabelPrefix } from "./source-text.ts";

const VOICE_TAG = /<v(?:\.[^\s>]*)?\s+([^>]*)>/;
const ANY_TAG = /<[^>]*>/g;

interface RawCue { line: number; startMs: number; endMs: number; payload: string[] }

/** Parse the cue blocks shared by WebVTT and SRT: optional identifier, "a --> b [settings]", payload. */
export function readCueBlocks(
  lines: string[],
  opts: { file: string; startLine: number; warnings: ParseWarning[]; isVtt: boolean },
): RawCue[] {
  const cues: RawCue[] = [];
  let i = opts.startLine;
  while (i < lines.length) {
    while (i < lines.length && lines[i].trim() === "") i++;
    if (i >= lines.length) break;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i].trim() !== "") block.push(lines[i++]);
    const head = block[0].trim();
    if (opts.isVtt && /^(NOTE|STYLE|REGION)(\s|$)/.test(head)) continue;
    const timingIndex = block.findIndex((l, k) => k < 2 && l.includes("-->"));
    if (timingIndex === -1) {
      // A stray line (e.g. the rest of a payload after an accidental blank line) is kept, not fatal.
      const previous = cues[cues.length - 1];
      if (previous && !/^\d+$/.test(head)) {
        previous.payload.push(...block);
        opts.warnings.push({ line: blockStart + 1, message: "text without a timing line appended to the previous cue" });
      } else {
        opts.warnings.push({ line: blockStart + 1, message: "block without a timing line skipped" });
      }
      continue;
    }
    const timingLine = blockStart + timingIndex + 1;
    const [rawStart, rest = ""] = block[timingIndex].split("-->");
    const rawEnd = rest.trim().split(/\s+/)[0] ?? "";
    const startMs = parseTimestamp(rawStart);
    const endMs = parseTimestamp(rawEnd);
    if (startMs === null || endMs === null) {
      fail(opts.file, timingLine, `malformed cue timing "${block[timingIndex].slice(0, 80)}"`);
    }
    cues.push({ line: blockStart + 1, startMs, endMs, payload: block.slice(timingIndex + 1) });
  }
  return cues;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&lrm;": "", "&rlm;": "" };

export function decodeEntities(text: string): string {
  return text.indexOf("&") === -1 ? text : text.replace(/&(?:amp|lt|gt|nbsp|quot|#39|apos|lrm|rlm);/g, (e) => ENTITIES[e] ?? e);
}

/** Turn a cue payload into speaker + text: voice tag first, then a "Name:" prefix. */
export function splitCuePayload(payloadLines: string[]): { label: string | null; text: string; hasVoice: boolean } {
  const joined = joinPayload(payloadLines);
  const voice = VOICE_TAG.exec(joined);
  if (voice) {
    const text = decodeEntities(joined.replace(ANY_TAG, "")).replace(/\s+/g, " ").trim();
    return { label: decodeEntities(voice[1]).trim() || null, text, hasVoice: true };
  }
  const plain = decodeEntities(joined.replace(ANY_TAG, "")).replace(/\s+/g, " ").trim();
  const prefixed = splitLabelPrefix(plain);
  if (prefixed) return { label: prefixed.label, text: prefixed.text.trim(), hasVoice: false };
  return { label: null, text: plain, hasVoice: false };
}

export function buildUtterances(cues: RawCue[], warnings: ParseWarning[]): { utterances: ParsedUtterance[]; voiceCount: number; labelCount: number } {
  const utterances: ParsedUtterance[] = [];
  let voiceCount = 0;
  let labelCount = 0;
  for (const cue of cues) {
    const { label, text, hasVoice } = splitCuePayload(cue.payload);
    if (text.length === 0) {
      warnings.push({ line: cue.line, message: "empty cue skipped" });
      continue;
    }
    if (hasVoice) voiceCount++;
    if (label) labelCount++;
    utterances.push({ seq: 0, speakerLabel: label, startMs: cue.startMs, endMs: cue.endMs, text, line: cue.line });
  }
  return { utterances, voiceCount, labelCount };
}

export function parseVtt(text: string, file: string, format?: SourceFormat): ParsedConversation {
  const lines = text.split("\n");
  if (!/^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? "")) fail(file, 1, 'WebVTT must start with "WEBVTT"');
  const warnings: ParseWarning[] = [];
  // The header block (WEBVTT line plus optional metadata) ends at the first blank line.
  let start = 1;
  while (start < lines.length && lines[start].trim() !== "") {
    if (lines[start].includes("-->")) break; // no blank line after the header: tolerated
    start++;
  }
  const cues = readCueBlocks(lines, { file, startLine: start, warnings, isVtt: true });
  const built = buildUtterances(cues, warnings);
  const detected: SourceFormat = built.voiceCount > 0 ? "vtt-teams" : built.labelCount > 0 ? "vtt-zoom" : "vtt";
  return {
    format: format && format.startsWith("vtt") ? format : detected,
    utterances: finaliseUtterances(built.utterances, warnings),
    warnings,
  };
}
