import { contentHash, findConversationByHash, insertConversation, type EmailAddress, type ParsedConversation, type RosterPerson } from "../conversations/index.ts";
import type { Deps } from "../../shared/deps.ts";
import type { ErrorDetail } from "../../shared/errors.ts";
import { prepareConversation } from "./prepare-conversation.ts";

export interface StoreConversationInput {
  dealId: string; file: string; parsed: ParsedConversation; roster: RosterPerson[]; content: Buffer | string;
  kind: "call" | "email" | "notes"; title: string; startedAt: string; role: "intro" | null;
  threadParticipants?: EmailAddress[];
}

/** Stores one parsed conversation unless the same content is already in this deal. */
export async function storeParsedConversation(deps: Deps, input: StoreConversationInput): Promise<{
  id: string; status: "added" | "unchanged"; unknownSpeakers: ErrorDetail[]; unresolved: string[];
}> {
  const hash = contentHash(input.content);
  const existing = await findConversationByHash(deps, input.dealId, hash);
  if (existing) return { id: existing.id, status: "unchanged", unknownSpeakers: [], unresolved: [] };
  const prepared = prepareConversation(input.file, input.parsed, input.roster, input.threadParticipants);
  const id = deps.ids.make("conv");
  const email = input.parsed.email ? { ...input.parsed.email } : null;
  await insertConversation(deps, {
    id, dealId: input.dealId, kind: input.kind, role: input.role, title: input.title, sourceFile: input.file,
    sourceFormat: input.parsed.format, startedAt: new Date(input.startedAt), durationMs: prepared.durationMs, contentHash: hash,
    language: prepared.language, languages: prepared.languages, email,
  }, prepared.speakers, prepared.utterances);
  return { id, status: "added", unknownSpeakers: prepared.unknownSpeakers, unresolved: prepared.unresolved };
}
