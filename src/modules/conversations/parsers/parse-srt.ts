// SubRip (.srt) with the speaker as a "Name:" prefix in the cue text.
import type { ParsedConversation, ParseWarning } from "../conversation.ts";
import { fail, finaliseUtterances } from "./source-text.ts";
import { buildUtterances, readCueBlocks } from "./parse-vtt.ts";

export function parseSrt(text: string, file: string): ParsedConversation {
  const lines = text.split("\n");
  if (!lines.some((l) => l.includes("-->"))) fail(file, 1, "no SRT cue timing line (\"00:00:01,000 --> 00:00:02,000\") found");
  const warnings: ParseWarning[] = [];
  const cues = readCueBlocks(lines, { file, startLine: 0, warnings, isVtt: false });
  const built = buildUtterances(cues, warnings);
  return { format: "srt", utterances: finaliseUtterances(built.utterances, warnings), warnings };
}
