// Imports a deal folder (deal.json, intro.eml, conversation files) in one transaction:
// everything validates and stores, or nothing does. Re-importing the same folder changes nothing.
import { createHash } from "node:crypto";
import { logActivity } from "../activity/index.ts";
import { enqueueCrmSync } from "../crm/index.ts";
import { contentHash, parseConversation, type ParsedConversation } from "../conversations/index.ts";
import { getWorkspaceSettings } from "../directory/index.ts";
import { runDealExtraction, type ExtractionUtterance } from "../extraction/index.ts";
import { ensureImportedHandoff, type ImportedIntro } from "../handoff/index.ts";
import type { Actor, Deps } from "../../shared/deps.ts";
import { AppError, type ErrorDetail, invalidInput, isAppError } from "../../shared/errors.ts";
import { DealFileSchema, type DealFile, type DealFolderInput, type ImportResult } from "./deal-folder.schemas.ts";
import { upsertDealFromFile } from "./upsert-deal.ts";
import { analyzeConversation, type ConversationAnalysis } from "./prepare-conversation.ts";
import { storeParsedConversation } from "./store-conversation.ts";

function jsonErrorLine(text: string, err: Error): number {
  const m = /position (\d+)/.exec(err.message) ?? /line (\d+)/.exec(err.message);
  if (!m) return 0;
  if (/line \d+/.test(m[0])) return Number(m[1]);
  return text.slice(0, Number(m[1])).split("\n").length;
}

export function parseDealFile(buf: Buffer | undefined): DealFile {
  if (!buf) throw invalidInput("deal.json is missing from the folder", [{ file: "deal.json", path: "deal.json", message: "missing" }]);
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, e as Error);
    throw invalidInput(`deal.json is not valid JSON (line ${line}): ${(e as Error).message}`, [{ file: "deal.json", line, path: `deal.json:${line}`, message: (e as Error).message }]);
  }
  const r = DealFileSchema.safeParse(raw);
  if (!r.success) {
    const details = r.error.issues.map((i) => {
      const field = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
      return { file: "deal.json", field, path: `deal.json: ${field}`, message: i.message };
    });
    throw invalidInput(`deal.json is invalid: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`, details);
  }
  return r.data;
}

export function folderHash(input: DealFolderInput): string {
  const h = createHash("sha256");
  for (const name of [...input.files.keys()].sort()) h.update(name).update("\0").update(contentHash(input.files.get(name)!)).update("\0");
  return h.digest("hex");
}

interface ParsedFile {
  file: string; parsed: ParsedConversation; meta: DealFile["conversations"][number] | null;
  /** Consent and language, when parseDealFolder was asked to work them out (ahead of the import, in a worker). */
  analysis?: ConversationAnalysis;
}

/** A deal folder read, validated and parsed, ready to store: everything an import does before the database. */
export interface ParsedDealFolder { input: DealFolderInput; dealFile: DealFile; files: ParsedFile[]; intro: ParsedFile | null; hash: string }

/**
 * Validates and parses a folder (errors name file and line) without touching the database. `analyze` also works out
 * each conversation's consent and language (analyzeConversation), the import's costliest pure step: a multi-folder
 * import runs this in a worker thread (folder-reader.ts) for the next folders while the current one is stored.
 */
export async function parseDealFolder(input: DealFolderInput, opts: { analyze?: boolean } = {}): Promise<ParsedDealFolder> {
  const dealFile = parseDealFile(input.files.get("deal.json"));
  const { files, intro } = await parseAll(input, dealFile);
  if (opts.analyze) for (const f of [...files, ...(intro ? [intro] : [])]) f.analysis = analyzeConversation(f.parsed);
  return { input, dealFile, files, intro, hash: folderHash(input) };
}

async function parseAll(input: DealFolderInput, deal: DealFile): Promise<{ files: ParsedFile[]; intro: ParsedFile | null }> {
  const errors: ErrorDetail[] = [];
  const files: ParsedFile[] = [];
  for (const [i, c] of deal.conversations.entries()) {
    const buf = input.files.get(c.file);
    if (!buf) { errors.push({ file: "deal.json", field: `conversations[${i}].file`, path: `deal.json: conversations[${i}].file`, message: `${c.file} is not in the folder` }); continue; }
    try {
      files.push({ file: c.file, meta: c, parsed: await parseConversation({ content: buf, filename: c.file, format: c.format as never }) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(...(e.details?.length ? e.details : [{ file: c.file, message: e.message }]));
    }
  }
  let intro: ParsedFile | null = null;
  const introBuf = input.files.get("intro.eml");
  if (introBuf) {
    try {
      intro = { file: "intro.eml", meta: null, parsed: await parseConversation({ content: introBuf, filename: "intro.eml", format: "email" }) };
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(...(e.details?.length ? e.details : [{ file: "intro.eml", message: e.message }]));
    }
  }
  if (errors.length) {
    throw invalidInput(`${input.name}: ${errors.length} problem(s): ${errors.slice(0, 3).map((d) => `${d.file ?? ""}${d.line ? `:${d.line}` : ""} ${d.message}`).join("; ")}`, errors);
  }
  return { files, intro };
}

export interface ImportDealFolderOptions {
  extract?: boolean;
  /**
   * The handoff an intro.eml starts (escalation jobs default "future": none already due). false: no handoff at all,
   * for `baton analyze`, whose in-memory database is thrown away and whose record does not read the handoff.
   */
  handoff?: false | { escalations?: ImportedIntro["escalations"] };
}

/** `folder`: as read from disk or upload, or already parsed (parseDealFolder). */
export async function importDealFolder(deps: Deps, actor: Actor, folder: DealFolderInput | ParsedDealFolder, opts: ImportDealFolderOptions = {}): Promise<ImportResult> {
  const { input, dealFile, files, intro, hash } = "dealFile" in folder ? folder : await parseDealFolder(folder);

  return deps.db.transaction().execute(async (trx) => {
    const tx: Deps = { ...deps, db: trx };
    const { deal, created, unchanged, roster, workspaceId } = await upsertDealFromFile(tx, actor, dealFile, hash);
    const result: ImportResult = {
      deal: { id: deal.id, slug: deal.slug, name: deal.name }, created, unchanged,
      conversations: { added: 0, unchanged: 0, files: [] }, warnings: [],
    };
    // The deal's handoff from its intro, as intake makes it; a no-op once the deal has one (re-imports, older imports).
    const startHandoff = async () => {
      if (intro?.parsed.email && opts.handoff !== false) {
        await ensureImportedHandoff(tx, actor, { dealId: deal.id, content: input.files.get("intro.eml")!, email: intro.parsed.email, escalations: opts.handoff?.escalations });
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
    for (const f of all) {
      const startedAt = f.meta?.start ?? f.parsed.email?.forwarded?.date ?? f.parsed.email?.date ?? new Date(0).toISOString();
      const stored = await storeParsedConversation(tx, {
        dealId: deal.id, file: f.file, parsed: f.parsed, roster, content: input.files.get(f.file)!,
        kind: f.meta?.kind ?? "email", title: f.meta?.title ?? f.parsed.email?.subject ?? f.file,
        startedAt, role: f.isIntro ? "intro" : null, threadParticipants, isStartKnown: f.meta?.start != null, requireConsent,
        analysis: f.analysis,
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
    if (opts.extract !== false) await runDealExtraction(tx, deal.id, { known });
    await logActivity(tx, { workspaceId, dealId: deal.id, actor, action: created ? "import" : "reimport", entity: "deal", entityId: deal.id,
      data: { folder: input.name, added: result.conversations.added, unchanged: result.conversations.unchanged } });
    await enqueueCrmSync(tx, { dealId: deal.id, reason: "ingest.import" }); // the record changed: connected CRMs follow
    return result;
  }).catch((e: unknown) => {
    if (isAppError(e)) throw e;
    throw new AppError("INTERNAL", `Import of ${input.name} failed; nothing was stored`, { cause: e });
  });
}
