// One transcript, email or transcribed recording uploaded into an existing deal: parse, resolve speakers,
// store (or merge into the same call recorded by another tool), re-extract — one transaction.
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { parseConversation, type ParsedConversation, type RosterPerson, type SourceFormat } from "../conversations/index.ts";
import { getDeal, listDealPeopleIds } from "../deals/index.ts";
import { getWorkspace, getWorkspaceSettings, listPeople } from "../directory/index.ts";
import { runDealExtraction } from "../extraction/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { storeParsedConversation } from "./store-conversation.ts";

export interface ConversationFileInput {
  dealId: string; filename: string; content: Buffer; format?: SourceFormat;
  kind?: "call" | "email" | "notes"; title?: string; startedAt?: string;
  /** Already parsed (audio: the transcription); `content` is then only hashed. */
  parsed?: ParsedConversation;
  contentHash?: string;
}

export interface ConversationFileResult {
  conversationId: string; status: "added" | "unchanged" | "merged"; unresolved: string[];
  heldForConsent: boolean; proposedPeople: number; warnings: Array<{ line: number; message: string }>;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A conversation's given start: an ISO 8601 date or date-time, or a clear error naming the field (not a 500 later). */
export function checkStartedAt(value: string | undefined): void {
  if (value === undefined) return;
  if (!ISO_DATE_TIME.test(value.trim()) || Number.isNaN(Date.parse(value.trim()))) {
    throw invalidInput(`startedAt "${value}" is not a date: use ISO 8601, e.g. 2026-05-21T09:00:00+02:00`, [{ field: "startedAt", message: "ISO 8601 date or date-time" }]);
  }
}

export async function importConversationFile(deps: Deps, actor: Actor, input: ConversationFileInput): Promise<ConversationFileResult> {
  checkStartedAt(input.startedAt);
  const parsed = input.parsed ?? await parseConversation({ content: input.content, filename: input.filename, format: input.format });
  const deal = await getDeal(deps, input.dealId);
  const startedAt = input.startedAt ?? parsed.email?.date ?? deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const ws = await getWorkspace(tx);
    const { requireConsent } = await getWorkspaceSettings(tx);
    const people = await listPeople(tx, ws.id, { ids: await listDealPeopleIds(tx, deal.id) });
    const roster: RosterPerson[] = people.filter((p) => p.side).map((p) => ({ id: p.id, name: p.name, emails: p.emails, phones: p.phones, title: p.title, side: p.side!, orgName: p.orgName }));
    const stored = await storeParsedConversation(tx, {
      dealId: deal.id, file: input.filename, parsed, roster, content: input.content, contentHash: input.contentHash,
      kind: input.kind ?? (parsed.email ? "email" : "call"), title: input.title ?? parsed.email?.subject ?? input.filename, startedAt, role: null,
      isStartKnown: input.startedAt != null || parsed.email?.date != null, requireConsent,
    });
    if (stored.unknownSpeakers.length) {
      throw invalidInput(`${stored.unknownSpeakers.length} speaker(s) match nobody on this deal: ${stored.unknownSpeakers.map((p) => `${p.file}:${p.line} ${p.message}`).join("; ")}`, stored.unknownSpeakers);
    }
    if (stored.status !== "unchanged") {
      if (!stored.heldForConsent) await runDealExtraction(tx, deal.id);
      await logActivity(tx, { workspaceId: ws.id, dealId: deal.id, actor, action: stored.status === "merged" ? "merge" : "upload", entity: "conversation", entityId: stored.id,
        data: { file: input.filename, ...(stored.heldForConsent ? { heldForConsent: true } : {}) } });
      await enqueueCrmSync(tx, { dealId: deal.id, reason: "ingest.upload" }); // the record changed: connected CRMs follow
    }
    return { conversationId: stored.id, status: stored.status, unresolved: stored.unresolved, heldForConsent: stored.heldForConsent, proposedPeople: stored.proposedPeople, warnings: parsed.warnings };
  });
}
