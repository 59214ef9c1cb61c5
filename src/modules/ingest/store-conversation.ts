import {
  appendMergedFrom, contentHash, findConversationWithContent, insertConversation, insertProposedPeople, isSameRecording,
  listDuplicateCandidates, listUtterances, mayOverlapInTime, mergeSpeakerNames, setSpeakerPerson, type EmailAddress, type NewUtterance, type ParsedConversation, type RosterPerson,
} from "../conversations/index.ts";
import type { Deps } from "../../shared/deps.ts";
import type { ErrorDetail } from "../../shared/errors.ts";
import { prepareConversation, type ConversationAnalysis, type PreparedConversation } from "./prepare-conversation.ts";

export interface StoreConversationInput {
  dealId: string; file: string; parsed: ParsedConversation; roster: RosterPerson[]; content: Buffer | string;
  kind: "call" | "email" | "notes"; title: string; startedAt: string; role: "intro" | null;
  threadParticipants?: EmailAddress[];
  /** Precomputed hash (audio: the recording's bytes, so a re-import skips transcription). */
  contentHash?: string;
  /** false when startedAt is a guess (the import time): duplicates are then judged by text alone. */
  isStartKnown?: boolean;
  /** Workspace policy: hold a call with any speaker whose consent is unknown. */
  requireConsent?: boolean;
  /** analyzeConversation(parsed), when it was worked out ahead (a worker thread). */
  analysis?: ConversationAnalysis;
  /**
   * Set when the deal was created in this transaction (the import of a new deal): every conversation it has is one
   * this import stored, so `stored` (content hash → conversation, merged files' too) answers "stored already?"
   * without a lookup, and earlier calls are read for duplicates only once `calls` says there are some. Kept up here.
   */
  newDeal?: { stored: Map<string, string>; calls: number };
}

export interface StoredConversation {
  id: string; status: "added" | "unchanged" | "merged"; unknownSpeakers: ErrorDetail[]; unresolved: string[];
  heldForConsent: boolean; proposedPeople: number;
  /** What was written to utterances when status is "added" (an import extracts from these instead of reading them back). */
  utterances?: NewUtterance[];
}

/**
 * Stores one parsed conversation unless the same content is already in this deal. A call that is another
 * export of a call already stored (same words, overlapping time) is merged into it instead: the canonical
 * conversation keeps its utterances, gains the people the new export resolved, and lists the file in merged_from.
 */
export async function storeParsedConversation(deps: Deps, input: StoreConversationInput): Promise<StoredConversation> {
  const hash = input.contentHash ?? contentHash(input.content);
  const fresh = input.newDeal;
  const existing = fresh ? (fresh.stored.has(hash) ? { id: fresh.stored.get(hash)! } : null) : await findConversationWithContent(deps, input.dealId, hash);
  const none = { unknownSpeakers: [], unresolved: [], heldForConsent: false, proposedPeople: 0 };
  if (existing) return { id: existing.id, status: "unchanged", ...none };
  const prepared = prepareConversation(input.file, input.parsed, input.roster, input.threadParticipants, input.analysis);
  if (input.kind === "call" && input.role === null && prepared.utterances.length) {
    const merged = fresh?.calls === 0 ? null : await mergeIntoDuplicate(deps, input, prepared, hash);
    if (merged) {
      fresh?.stored.set(hash, merged);
      return { id: merged, status: "merged", ...none, unknownSpeakers: prepared.unknownSpeakers };
    }
  }
  const id = deps.ids.make("conv");
  const email = input.parsed.email ? { ...input.parsed.email } : null;
  const heldForConsent = input.requireConsent === true && input.kind === "call" && prepared.speakers.some((s) => s.consent === "unknown");
  await insertConversation(deps, {
    id, dealId: input.dealId, kind: input.kind, role: input.role, title: input.title, sourceFile: input.file,
    sourceFormat: input.parsed.format, startedAt: new Date(input.startedAt), durationMs: prepared.durationMs, contentHash: hash,
    language: prepared.language, languages: prepared.languages, email, heldForConsent,
  }, prepared.speakers, prepared.utterances);
  if (fresh) {
    fresh.stored.set(hash, id);
    if (input.kind === "call") fresh.calls++;
  }
  await insertProposedPeople(deps, prepared.proposedPeople.map((p) => ({ id: deps.ids.make("prop"), dealId: input.dealId, conversationId: id, ...p })));
  return {
    id, status: "added", unknownSpeakers: prepared.unknownSpeakers, unresolved: prepared.unresolved, heldForConsent, proposedPeople: prepared.proposedPeople.length,
    utterances: prepared.utterances,
  };
}

async function mergeIntoDuplicate(deps: Deps, input: StoreConversationInput, prepared: PreparedConversation, hash: string): Promise<string | null> {
  const incoming = { startedAt: input.isStartKnown === false ? null : input.startedAt, utterances: prepared.utterances };
  let best: { id: string; score: number; utterances: Awaited<ReturnType<typeof listUtterances>> } | null = null;
  for (const c of await listDuplicateCandidates(deps, input.dealId, "call")) {
    // Calls hours or days apart are different calls: their words need not be read and compared.
    if (!mayOverlapInTime({ startedAt: incoming.startedAt, durationMs: prepared.durationMs }, c)) continue;
    const utterances = await listUtterances(deps, c.id);
    const same = isSameRecording(incoming, { startedAt: c.startedAt, utterances });
    if (same.duplicate && (!best || same.score > best.score)) best = { id: c.id, score: same.score, utterances };
  }
  if (!best) return null;
  const mapped = mergeSpeakerNames(best.utterances, prepared.utterances);
  for (const [label, m] of Object.entries(mapped)) {
    await setSpeakerPerson(deps, { conversationId: best.id, label, personId: m.personId, side: m.side, method: "merged", confidence: 0.7 });
  }
  await appendMergedFrom(deps, best.id, {
    file: input.file, format: input.parsed.format, contentHash: hash, speakerLabels: prepared.speakers.map((s) => s.label),
    speakersMapped: Object.fromEntries(Object.entries(mapped).map(([l, m]) => [l, m.personId])), score: best.score,
    mergedAt: deps.clock.now().toISOString(),
  });
  return best.id;
}
