// Types shared by every transcript/email parser and by the ingest service. No I/O here.
import type { Side } from "../../shared/sides.ts";

export const SOURCE_FORMATS = [
  "vtt-zoom", "vtt-teams", "vtt-meet", "vtt", "srt", "otter", "meet-txt",
  "deepgram", "assemblyai", "aws-transcribe", "whisper", "email", "audio",
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** One cue / utterance as it stands in the source file. */
export interface ParsedUtterance {
  /** 0-based order in the conversation (after sorting by start time where the format allows). */
  seq: number;
  /** Speaker label exactly as the tool wrote it (Teams badges still on), or null if the cue has none. */
  speakerLabel: string | null;
  startMs: number;
  endMs: number;
  /** The cue text with the speaker prefix removed; line breaks inside a cue joined by a single space. */
  text: string;
  /** 1-based line in the source file where this cue starts (0 when the format has no lines, e.g. JSON). */
  line: number;
}

export interface EmailAddress { name: string | null; address: string }

export interface ParsedEmailMeta {
  subject: string | null;
  date: string | null;            // ISO 8601
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  /** The message's own words (quoted history and signature split off). */
  bodyText: string;
  /** The quoted/forwarded history that was split off, if any. */
  quotedText: string | null;
  /** The signature block split off the own words ("-- " delimiter or contact block after a sign-off), if any. */
  signature?: string | null;
  /** When the message forwards another one (e.g. a partner intro forwarded to intros@), the inner message. */
  forwarded: Omit<ParsedEmailMeta, "forwarded"> | null;
}

export interface ParseWarning { line: number; message: string }

export interface ParsedConversation {
  format: SourceFormat;
  utterances: ParsedUtterance[];
  /** Set for email. */
  email?: ParsedEmailMeta;
  /** Non-fatal oddities (out-of-order cues, empty cues dropped...), each with the line. */
  warnings: ParseWarning[];
}

/** A person of the deal as the speaker matcher and the extractors see them. */
export interface RosterPerson {
  id: string;
  name: string;
  emails: string[];
  phones?: string[];
  title: string | null;
  side: Side;
  orgName: string | null;
}
