// Imports a deal folder (deal.json, intro.eml, conversation files) in one transaction:
// everything validates and stores, or nothing does. Re-importing the same folder changes nothing.
import { retryConflicts } from "../../db/retry.ts";
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { getWorkspaceSettings } from "../directory/index.ts";
import { runDealExtraction, type ExtractionUtterance } from "../extraction/index.ts";
import { ensureImportedHandoff, type ImportedIntro } from "../handoff/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, type ErrorDetail, invalidInput, isAppError } from "../../shared/errors.ts";
import type { DealFolderInput, ImportResult } from "./deal-folder.schemas.ts";
import { parseDealFolder, type ParsedDealFolder } from "./parse-deal-folder.ts";
import { upsertDealFromFile } from "./upsert-deal.ts";
import { storeParsedConversation } from "./store-conversation.ts";

export interface ImportDealFolderOptions {
  extract?: boolean;
  /**
   * The handoff an intro.eml starts (escalation jobs default "future": none already due). false: no handoff at all,
   * for `baton analyze`, whose in-memory database is thrown away and whose record does not read the handoff.
   */
  handoff?: false | { escalations?: ImportedIntro["escalations"] };
  /** Called as each file is stored and each conversation extracted (a long folder's progress in the CLI). */
  onProgress?: (p: { stage: "store" | "extract"; done: number; total: number; file?: string }) => void;
}

/** `folder`: as read from disk or upload, or already parsed (parseDealFolder). */
export async function importDealFolder(deps: Deps, actor: Actor, folder: DealFolderInput | ParsedDealFolder, opts: ImportDealFolderOptions = {}): Promise<ImportResult> {
  const { input, dealFile, files, intro, hash, hashes } = "dealFile" in folder ? folder : await parseDealFolder(folder);

  // Run again if a concurrent import (PostgreSQL) took a deadlock or a unique key first (retryConflicts).
  return retryConflicts(() => deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const { deal, created, unchanged, roster, workspace } = await upsertDealFromFile(tx, actor, dealFile, hash);
    const result: ImportResult = {
      deal: { id: deal.id, slug: deal.slug, name: deal.name }, created, unchanged,
      conversations: { added: 0, unchanged: 0, files: [] }, warnings: [],
    };
    // The deal's handoff from its intro, as intake makes it; a no-op once the deal has one (re-imports, older imports).
    const startHandoff = async () => {
      if (intro?.parsed.email && opts.handoff !== false) {
        await ensureImportedHandoff(tx, actor, {
          dealId: deal.id, content: input.files.get("intro.eml")!, contentHash: hashes.get("intro.eml"), email: intro.parsed.email,
          escalations: opts.handoff?.escalations, deal, workspace,
          conversationId: result.conversations.files.find((f) => f.file === "intro.eml")?.conversationId,
        });
      }
    };
    if (unchanged) {
      result.conversations.unchanged = files.length + (intro ? 1 : 0);
      await startHandoff();
      return result;
    }
    const problems: ErrorDetail[] = [];
    const { requireConsent } = await getWorkspaceSettings(tx);
    const all = [...(intro ? [{ ...intro, isIntro: true }] : []), ...files.map((f) => ({ ...f, isIntro: false }))];
    const introMail = intro?.parsed.email?.forwarded ?? intro?.parsed.email;
    const threadParticipants = introMail ? [introMail.from, ...introMail.to, ...introMail.cc].filter((a) => a != null) : [];
    // What this import wrote, as extraction reads it: a long call is not read back from the database.
    const known = new Map<string, ExtractionUtterance[]>();
    const nameOf = new Map(roster.map((p) => [p.id, p.name]));
    // A deal created just now holds only what this import stores: the store keeps track instead of looking it up.
    const newDeal = created ? { stored: new Map<string, string>(), calls: 0 } : undefined;
    for (const [k, f] of all.entries()) {
      opts.onProgress?.({ stage: "store", done: k, total: all.length, file: f.file });
      const startedAt = f.meta?.start ?? f.parsed.email?.forwarded?.date ?? f.parsed.email?.date ?? new Date(0).toISOString();
      const stored = await storeParsedConversation(tx, {
        dealId: deal.id, file: f.file, parsed: f.parsed, roster, content: input.files.get(f.file)!, contentHash: hashes.get(f.file),
        kind: f.meta?.kind ?? "email", title: f.meta?.title ?? f.parsed.email?.subject ?? f.file,
        startedAt, role: f.isIntro ? "intro" : null, threadParticipants, isStartKnown: f.meta?.start != null, requireConsent,
        analysis: f.analysis, newDeal,
      });
      problems.push(...stored.unknownSpeakers);
      if (stored.utterances) {
        known.set(stored.id, stored.utterances.map((u) => ({
          seq: u.seq, startMs: u.startMs, endMs: u.endMs, speakerLabel: u.speakerLabel, personId: u.personId,
          speakerName: (u.personId ? nameOf.get(u.personId) : undefined) ?? u.speakerLabel, side: u.side, text: u.text,
        })));
      }
      result.warnings.push(...f.parsed.warnings.map((w) => ({ file: f.file, line: w.line, message: w.message })));
      result.conversations.files.push({ file: f.file, status: stored.status, conversationId: stored.id });
      if (stored.status === "added") result.conversations.added++;
      else if (stored.status === "merged") result.conversations.merged = (result.conversations.merged ?? 0) + 1;
      else result.conversations.unchanged++;
    }
    if (problems.length) {
      throw invalidInput(`${problems.length} speaker(s) match nobody in deal.json people: ${problems.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.message}`).join("; ")}`, problems);
    }
    await startHandoff();
    if (opts.extract !== false) await runDealExtraction(tx, deal.id, {
      justWritten: { known, deal, workspace },
      onConversation: opts.onProgress && ((done, total) => opts.onProgress!({ stage: "extract", done, total })),
    });
    await logActivity(tx, { workspaceId: workspace.id, dealId: deal.id, actor, action: created ? "import" : "reimport", entity: "deal", entityId: deal.id,
      data: { folder: input.name, added: result.conversations.added, unchanged: result.conversations.unchanged } });
    await enqueueCrmSync(tx, { dealId: deal.id, reason: "ingest.import" }); // the record changed: connected CRMs follow
    return result;
  })).catch((e: unknown) => {
    if (isAppError(e)) throw e;
    throw new AppError("INTERNAL", `Import of ${input.name} failed; nothing was stored`, { cause: e });
  });
}
