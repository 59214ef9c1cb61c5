// Duplicate detection: the same recording imported twice (a Zoom VTT and an Otter export of one call),
// and a content hash that ignores line endings and BOMs.
import { createHash } from "node:crypto";
import { decodeContent } from "./parsers/source-text.ts";

export interface RecordingLike {
  /** ISO 8601 start of the conversation, when known. */
  startedAt?: string | null;
  utterances: Array<{ text: string; startMs?: number; endMs?: number }>;
}

const SHINGLE = 3;
/** Share of the smaller transcript's shingles found in the other. */
const SAME_TEXT = 0.5;
/** Start times further apart than this (with no overlap) are different calls. */
const MAX_START_GAP_MS = 15 * 60_000;

export function normaliseForComparison(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    // Fillers differ most between transcribers; dropping them makes exports of one call agree.
    .filter((t) => t.length > 0 && !FILLERS.has(t));
}

const FILLERS = new Set(["um", "uh", "umm", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm", "like", "yeah", "so", "oh", "okay", "ok"]);

function shingles(tokens: string[]): Set<string> {
  const out = new Set<string>();
  if (tokens.length < SHINGLE) {
    if (tokens.length > 0) out.add(tokens.join(" "));
    return out;
  }
  for (let i = 0; i + SHINGLE <= tokens.length; i++) out.add(tokens.slice(i, i + SHINGLE).join(" "));
  return out;
}

function durationOf(r: RecordingLike): number {
  let end = 0;
  for (const u of r.utterances) end = Math.max(end, u.endMs ?? 0, u.startMs ?? 0);
  return end;
}

/** Do the two time spans overlap (or sit close)? null when either start is unknown. */
function isTimeCompatible(a: RecordingLike, b: RecordingLike): boolean | null {
  const sa = a.startedAt ? Date.parse(a.startedAt) : NaN;
  const sb = b.startedAt ? Date.parse(b.startedAt) : NaN;
  if (Number.isNaN(sa) || Number.isNaN(sb)) return null;
  const ea = sa + durationOf(a);
  const eb = sb + durationOf(b);
  const isOverlapping = sa <= eb && sb <= ea;
  return isOverlapping || Math.abs(sa - sb) <= MAX_START_GAP_MS;
}

/**
 * Can two recordings be one call by their stored start and duration alone? false only when both starts are known
 * and the spans are apart by more than isTimeCompatible allows even with a minute's slack on each duration (a
 * stored duration may differ slightly from the last cue's end): such a pair never needs its words compared.
 */
export function mayOverlapInTime(a: { startedAt: string | null; durationMs: number }, b: { startedAt: string | null; durationMs: number }): boolean {
  const sa = a.startedAt ? Date.parse(a.startedAt) : NaN;
  const sb = b.startedAt ? Date.parse(b.startedAt) : NaN;
  if (Number.isNaN(sa) || Number.isNaN(sb)) return true;
  const slack = 60_000;
  const ea = sa + a.durationMs + slack;
  const eb = sb + b.durationMs + slack;
  return (sa <= eb && sb <= ea) || Math.abs(sa - sb) <= MAX_START_GAP_MS;
}

/**
 * Text similarity is shingle containment (|A∩B| / min(|A|,|B|)) over normalised tokens, so
 * segmentation, punctuation, case and a trimmed start or end do not matter.
 */
export function isSameRecording(a: RecordingLike, b: RecordingLike): { duplicate: boolean; score: number; timeCompatible: boolean | null } {
  const sa = shingles(normaliseForComparison(a.utterances.map((u) => u.text).join(" ")));
  const sb = shingles(normaliseForComparison(b.utterances.map((u) => u.text).join(" ")));
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  const score = small.size === 0 ? 0 : Math.round((shared / small.size) * 1000) / 1000;
  const timeCompatible = isTimeCompatible(a, b);
  return { duplicate: score >= SAME_TEXT && timeCompatible !== false, score, timeCompatible };
}

/** sha256 of the content after BOM removal and line-ending normalisation (and trailing blank lines). */
export function contentHash(content: Buffer | string): string {
  const { text } = decodeContent(content);
  return createHash("sha256").update(text.replace(/[ \t]+$/gm, "").replace(/\n+$/, ""), "utf8").digest("hex");
}
