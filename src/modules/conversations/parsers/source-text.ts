// Shared, I/O-free helpers every text parser uses: decoding, line splitting, timestamps, labels.
import { invalidInput } from "../../../shared/errors.ts";
import type { ParsedUtterance, ParseWarning } from "../conversation.ts";

/**
 * Decode bytes to text. UTF-8 first (the common case); UTF-16 when a BOM says so;
 * latin1 as a last resort so a Windows-1252 export still parses instead of failing.
 */
export function decodeContent(content: Buffer | string): { text: string; warnings: ParseWarning[] } {
  if (typeof content === "string") return { text: normaliseNewlines(stripBom(content)), warnings: [] };
  const bytes = content;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: normaliseNewlines(new TextDecoder("utf-16le").decode(bytes.subarray(2))), warnings: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: normaliseNewlines(new TextDecoder("utf-16be").decode(bytes.subarray(2))), warnings: [] };
  }
  try {
    return { text: normaliseNewlines(stripBom(new TextDecoder("utf-8", { fatal: true }).decode(bytes))), warnings: [] };
  } catch {
    return {
      text: normaliseNewlines(stripBom(bytes.toString("latin1"))),
      warnings: [{ line: 0, message: "content is not valid UTF-8; decoded as latin1" }],
    };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** CRLF and lone CR both become LF, so the same file with other line endings parses identically. */
export function normaliseNewlines(text: string): string {
  return text.indexOf("\r") === -1 ? text : text.replace(/\r\n?/g, "\n");
}

export function splitLines(text: string): string[] {
  return text.split("\n");
}

// Anchored and without nested quantifiers: linear time on any input.
const TIMESTAMP = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/;

/** "01:02:03.456", "02:03.456", "0:01:02", "1:02", "00:00:03,290" → ms, or null. */
export function parseTimestamp(raw: string): number | null {
  const m = TIMESTAMP.exec(raw.trim());
  if (!m) return null;
  const h = m[1] ? Number(m[1]) : 0;
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (min > 59 && m[1] !== undefined) return null;
  if (s > 59) return null;
  const frac = m[4] ? Number(m[4].padEnd(3, "0")) : 0;
  return ((h * 60 + min) * 60 + s) * 1000 + frac;
}

export function fail(file: string, line: number, message: string): never {
  throw invalidInput(`${file}: ${message}`, [{ file, line, message }]);
}

/** Words that can open a sentence with a colon and are not speakers ("Note: ..."). */
const NOT_SPEAKERS = new Set([
  "note", "notes", "so", "okay", "ok", "yes", "no", "update", "question", "answer", "action", "example",
  "ps", "re", "fyi", "agenda", "summary", "next", "well", "also", "and", "but", "um", "uh", "look",
  "listen", "first", "second", "third", "then", "now", "here", "basically", "honestly", "anyway",
]);

const LABEL_PREFIX = /^([^:<>\n]{1,80}?):\s+(.*)$/;

/**
 * Split "Name: text" into label and text when the prefix looks like a speaker label.
 * Tools write display names, "Speaker 3", phone numbers or e-mail addresses there.
 */
export function splitLabelPrefix(payload: string): { label: string; text: string } | null {
  const m = LABEL_PREFIX.exec(payload);
  if (!m) return null;
  const label = m[1].trim();
  if (!isLabelLike(label)) return null;
  return { label, text: m[2] };
}

export function isLabelLike(label: string): boolean {
  if (label.length === 0 || label.length > 80) return false;
  if (/^\+?[\d\s().-]{7,}$/.test(label)) return true; // phone number
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(label)) return true; // e-mail address
  if (/^(speaker|participant|guest|caller|spk)[\s_-]*[\w]{1,3}$/i.test(label)) return true;
  const words = label.split(/\s+/);
  if (words.length > 6) return false;
  if (/[.?!;"]$/.test(label) || /[?!;"]/.test(label)) return false;
  if (words.length === 1 && NOT_SPEAKERS.has(label.toLowerCase())) return false;
  // Every word of a name is capitalised (bar particles like "de", "van"), so "We agreed on this: ..."
  // is not mistaken for a speaker; Teams badges "(External)" and "| Company" suffixes are allowed.
  if (!/^[\p{Lu}\p{Lt}]/u.test(words[0])) return false;
  return words.every((w) => /^[\p{Lu}\p{Lt}(|\-&\d]/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()));
}

const NAME_PARTICLES = new Set(["de", "del", "della", "di", "da", "das", "dos", "do", "van", "von", "der", "den", "la", "le", "du", "bin", "al", "el", "y", "e", "ten", "ter", "zu"]);

/** Sort by start (stable), renumber seq and warn about order problems instead of failing. */
export function finaliseUtterances(
  utterances: ParsedUtterance[],
  warnings: ParseWarning[],
): ParsedUtterance[] {
  let previousStart = -1;
  let previousEnd = -1;
  let isOutOfOrder = false;
  for (const u of utterances) {
    if (u.startMs < previousStart) {
      warnings.push({ line: u.line, message: "cue starts before the previous cue; sorted by start time" });
      isOutOfOrder = true;
    } else if (u.startMs < previousEnd) {
      warnings.push({ line: u.line, message: "cue overlaps the previous cue" });
    }
    if (u.endMs < u.startMs) {
      warnings.push({ line: u.line, message: "cue ends before it starts; end set to start" });
      u.endMs = u.startMs;
    }
    previousStart = u.startMs;
    previousEnd = Math.max(previousEnd, u.endMs);
  }
  const sorted = isOutOfOrder
    ? utterances.map((u, i) => ({ u, i })).sort((a, b) => a.u.startMs - b.u.startMs || a.i - b.i).map((x) => x.u)
    : utterances;
  return sorted.map((u, seq) => ({ ...u, seq }));
}

/** Collapse internal whitespace runs so multi-line payloads read as one line. */
export function joinPayload(lines: string[]): string {
  return lines.map((l) => l.trim()).filter((l) => l.length > 0).join(" ");
}
