// Plain-text transcripts: Otter ("Name  0:01:02" then text lines) and Meet/Docs ("[00:01:02] Name: text").
import type { ParsedConversation, ParsedUtterance, ParseWarning } from "../conversation.ts";
import { fail, finaliseUtterances, isLabelLike, parseTimestamp, splitLabelPrefix } from "./source-text.ts";

// "Name  0:01:02" (Otter uses two spaces; one space is accepted when the name looks like a label).
const OTTER_HEADER = /^(\S[^\t]{0,80}?)(\s+)(\d{1,3}:\d{2}(?::\d{2})?)\s*$/;
// "[00:01:02] Name: text", "00:01:02 Name: text", "(01:02) Name: text".
const BRACKET_LINE = /^[[(]?(\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?\s+(.*)$/;

export function detectPlainTranscriptKind(text: string): "otter" | "meet-txt" | null {
  let otter = 0;
  let meet = 0;
  const lines = text.split("\n", 400);
  for (const line of lines) {
    const trimmed = line.trim();
    if (BRACKET_LINE.test(trimmed)) meet++;
    else if (readOtterHeader(trimmed)) otter++;
  }
  if (otter === 0 && meet === 0) {
    // A pasted transcript without times ("Name: text" lines) reads as Meet-style lines at 0 ms.
    const labelled = lines.filter((l) => splitLabelPrefix(l.trim()) !== null).length;
    return labelled >= 2 ? "meet-txt" : null;
  }
  return meet > otter ? "meet-txt" : "otter";
}

function readOtterHeader(line: string, isAfterBlank = true): { label: string; startMs: number } | null {
  const m = OTTER_HEADER.exec(line);
  if (!m) return null;
  const label = m[1].trim();
  // Two spaces before the time is Otter's own layout; with one space, demand a name-like label
  // right after a blank line so "Let's meet Tuesday 10:30" inside a turn is not a new turn.
  const isWide = m[2].length >= 2;
  if (isWide ? /[.?!,;]$/.test(label) : !(isAfterBlank && isLabelLike(label))) return null;
  const startMs = parseTimestamp(m[3]);
  return startMs === null ? null : { label, startMs };
}

export function parsePlainTranscript(text: string, file: string, kind?: "otter" | "meet-txt"): ParsedConversation {
  const resolved = kind ?? detectPlainTranscriptKind(text);
  if (!resolved) fail(file, 1, 'no transcript lines found (expected "Name  0:01:02" or "[00:01:02] Name: text")');
  const lines = text.split("\n");
  const warnings: ParseWarning[] = [];
  const raw = resolved === "otter" ? readOtter(lines, warnings) : readBracketed(lines, warnings);
  if (raw.length === 0) fail(file, 1, "no utterances found");
  // Plain exports carry no end times: a cue ends where the next one starts (the last one at its start).
  for (let k = 0; k < raw.length; k++) {
    const next = raw[k + 1];
    raw[k].endMs = next && next.startMs >= raw[k].startMs ? next.startMs : raw[k].startMs;
  }
  const kept = raw.filter((u) => {
    if (u.text.length > 0) return true;
    warnings.push({ line: u.line, message: "empty utterance skipped" });
    return false;
  });
  return { format: resolved, utterances: finaliseUtterances(kept, warnings), warnings };
}

function readOtter(lines: string[], warnings: ParseWarning[]): ParsedUtterance[] {
  const out: ParsedUtterance[] = [];
  let current: ParsedUtterance | null = null;
  let body: string[] = [];
  const close = () => {
    if (current) {
      current.text = body.join(" ");
      out.push(current);
    }
    current = null;
    body = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    const isAfterBlank = i === 0 || lines[i - 1].trim() === "";
    const header = trimmed.length > 0 ? readOtterHeader(trimmed, isAfterBlank) : null;
    if (header) {
      close();
      current = { seq: 0, speakerLabel: header.label, startMs: header.startMs, endMs: header.startMs, text: "", line: i + 1 };
      continue;
    }
    if (trimmed.length === 0) continue; // Otter separates turns with a blank line; a blank inside a turn is harmless
    if (current) body.push(trimmed);
    else if (out.length > 0) warnings.push({ line: i + 1, message: "text outside a speaker turn ignored" });
    // Lines before the first speaker turn are the export header (title, date, attendees): ignored.
  }
  close();
  return out;
}

function readBracketed(lines: string[], warnings: ParseWarning[]): ParsedUtterance[] {
  const out: ParsedUtterance[] = [];
  const isUntimed = !lines.some((l) => BRACKET_LINE.test(l.trim()));
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed.length === 0) continue;
    const untimed = isUntimed ? splitLabelPrefix(trimmed) : null;
    if (untimed) {
      out.push({ seq: 0, speakerLabel: untimed.label, startMs: 0, endMs: 0, text: untimed.text.trim(), line: i + 1 });
      continue;
    }
    const m = BRACKET_LINE.exec(trimmed);
    const startMs = m ? parseTimestamp(m[1]) : null;
    if (m && startMs !== null) {
      const prefixed = splitLabelPrefix(m[2]);
      out.push({
        seq: 0,
        speakerLabel: prefixed ? prefixed.label : null,
        startMs,
        endMs: startMs,
        text: (prefixed ? prefixed.text : m[2]).trim(),
        line: i + 1,
      });
      continue;
    }
    const last = out[out.length - 1];
    // A wrapped continuation line belongs to the utterance above; before the first one it is header.
    if (last) last.text = last.text.length > 0 ? `${last.text} ${trimmed}` : trimmed;
    else if (/^\d/.test(trimmed) && trimmed.includes(":")) warnings.push({ line: i + 1, message: "unparsed line before the first utterance ignored" });
  }
  return out;
}
