import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { createSttFromEnv } from "../../adapters/stt/index.ts";
import { SOURCE_FORMATS } from "../../modules/conversations/index.ts";
import {
  createFolderReader, importConversationFile, importDealFolder, importRecording, isAudioFile, readDealFolder,
  type ConversationFileResult, type ParsedDealFolder,
} from "../../modules/ingest/index.ts";
import { cliActor, type Deps } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { cannotRead, openConfiguredDb } from "../context.ts";
import { createProgress } from "./progress.ts";

/** Folders read and parsed ahead of the one being stored (a worker thread does it; memory holds this many). */
const READ_AHEAD = 3;
/**
 * Deal folders stored at once on PostgreSQL (the server works on one folder's statements while this process works
 * on the other's). Imports that create the same people or organisations queue on a lock (lockForCreate). PGlite is
 * one connection in this process, so it stores one folder at a time.
 */
const POSTGRES_CONCURRENCY = 2;
/** A single folder with more files than this shows per-file progress. */
const LONG_FOLDER_FILES = 5;

const FileOptionsSchema = z.object({
  deal: z.string().min(1).optional(),
  format: z.enum(SOURCE_FORMATS.filter((f) => f !== "audio") as [string, ...string[]]).optional(),
  kind: z.enum(["call", "email", "notes"]).optional(),
  title: z.string().trim().min(1).optional(),
  start: z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /[zZ]|[+-]\d{2}:?\d{2}$/.test(s), "ISO 8601 date-time with an offset").optional(),
  json: z.boolean().optional(),
});
type FileOptions = z.infer<typeof FileOptionsSchema>;

function parseOptions(raw: unknown): FileOptions {
  const r = FileOptionsSchema.safeParse(raw);
  if (!r.success) throw invalidInput("Invalid options", r.error.issues.map((i) => ({ field: `--${i.path.join(".")}`, message: i.message })));
  return r.data;
}

async function importFile(deps: Deps, path: string, opts: FileOptions): Promise<ConversationFileResult & { file: string }> {
  if (!opts.deal) throw invalidInput(`Importing the file ${path} needs --deal <slug>`, [{ file: path, field: "--deal", message: "which deal the conversation belongs to" }]);
  const content = await readFile(path);
  const filename = basename(path);
  if (isAudioFile(filename)) {
    const stt = await createSttFromEnv();
    const progress = createProgress(filename);
    try {
      const r = await importRecording(deps, cliActor, {
        dealId: opts.deal, filename, content, stt, kind: opts.kind === "email" ? "call" : opts.kind, title: opts.title, startedAt: opts.start,
        onProgress: (p) => progress.update(p.stage === "transcribe" ? p.done : 0, p.stage === "transcribe" ? p.total : 1, p.stage === "transcribe" ? `transcribing (${p.total} chunk${p.total === 1 ? "" : "s"} of 10 min)` : p.stage),
      });
      return { ...r, file: filename };
    } finally {
      progress.stop();
    }
  }
  const r = await importConversationFile(deps, cliActor, { dealId: opts.deal, filename, content, format: opts.format as never, kind: opts.kind, title: opts.title, startedAt: opts.start });
  return { ...r, file: filename };
}

function describeFile(r: ConversationFileResult & { file: string }, deal: string): string[] {
  const what = r.status === "merged" ? "merged into the same call already imported" : r.status === "unchanged" ? "unchanged (already imported)" : "added";
  const lines = [`${r.file} → ${deal}: ${what} (${r.conversationId})${r.heldForConsent ? "; held until consent is recorded" : ""}`];
  for (const label of r.unresolved) lines.push(`  unresolved speaker "${label}": baton speakers map --conversation ${r.conversationId} "${label}" <person email>`);
  if (r.proposedPeople) lines.push(`  ${r.proposedPeople} proposed person(s) not on the deal: baton speakers list --deal ${deal}`);
  for (const w of r.warnings) lines.push(`  warning ${r.file}:${w.line} ${w.message}`);
  return lines;
}

type Imported = Awaited<ReturnType<typeof importDealFolder>> | (ConversationFileResult & { file: string });

/** "3 deals (2 created, 1 unchanged), 7 conversations added, 1 merged". */
function summarise(results: Imported[]): string {
  let created = 0, unchanged = 0, updated = 0, added = 0, merged = 0, files = 0;
  for (const r of results) {
    if ("deal" in r) {
      if (r.unchanged) unchanged++; else if (r.created) created++; else updated++;
      added += r.conversations.added;
      merged += r.conversations.merged ?? 0;
    } else {
      files++;
      if (r.status === "added") added++; else if (r.status === "merged") merged++;
    }
  }
  const deals = created + unchanged + updated;
  const parts = [
    deals ? `${deals} deal folder${deals === 1 ? "" : "s"} (${[created && `${created} created`, updated && `${updated} updated`, unchanged && `${unchanged} unchanged`].filter(Boolean).join(", ")})` : null,
    files ? `${files} file${files === 1 ? "" : "s"}` : null,
    `${added} conversation${added === 1 ? "" : "s"} added${merged ? `, ${merged} merged` : ""}`,
  ];
  return `imported ${parts.filter(Boolean).join(", ")}`;
}

export function registerImport(program: Command) {
  program.command("import").description("Import deal folders, or single transcripts, e-mails and recordings into a deal (--deal)")
    .argument("<paths...>", "deal folders, or files with --deal")
    .option("--deal <slug>", "the deal a single file belongs to (id or slug)")
    .option("--format <format>", "vtt|srt|otter|meet-txt|deepgram|assemblyai|aws-transcribe|whisper|email (default: detected)")
    .option("--kind <kind>", "call|email|notes")
    .option("--title <title>", "conversation title (default: the file name or e-mail subject)")
    .option("--start <iso>", "when it started, ISO 8601 with offset")
    .option("--json", "print the result as JSON")
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const opts = parseOptions(raw);
      const isDir = paths.map((path) => {
        try { return statSync(path).isDirectory(); } catch (e) { throw cannotRead(path, e); }
      });
      // Several folders: the next ones are read, parsed and analyzed in a worker thread while this one is stored.
      const reader = isDir.filter(Boolean).length > 1 ? createFolderReader() : null;
      const ahead = new Map<number, Promise<ParsedDealFolder>>();
      const readAhead = (from: number) => {
        for (let j = from; j < paths.length && ahead.size < READ_AHEAD; j++) {
          if (!isDir[j] || ahead.has(j)) continue;
          const p = reader!.read(paths[j]!);
          p.catch(() => {}); // reported when its turn comes
          ahead.set(j, p);
        }
      };
      // The first folders are parsed while the database opens (and migrates a fresh one).
      if (reader) readAhead(0);
      const { database, deps } = await openConfiguredDb().catch(async (e: unknown) => {
        await reader?.close();
        throw e;
      });
      /** Folder j parsed (read ahead, or now), and the next ones set reading. */
      const takeParsed = (j: number): Promise<ParsedDealFolder> => {
        readAhead(j);
        const p = ahead.get(j) ?? reader!.read(paths[j]!);
        ahead.delete(j);
        readAhead(j + 1);
        return p;
      };
      // Folders read by the worker are stored as they come, several at once on PostgreSQL; results are still reported
      // in the order given.
      const concurrency = reader && database.kind === "postgres" && isDir.every(Boolean) ? POSTGRES_CONCURRENCY : 1;
      const running = new Map<number, Promise<Awaited<ReturnType<typeof importDealFolder>>>>();
      const startFolder = (j: number) => {
        if (j >= paths.length || !isDir[j] || running.has(j)) return;
        const p = takeParsed(j).then((folder) => importDealFolder(deps, cliActor, folder));
        p.catch(() => {}); // reported when its turn comes
        running.set(j, p);
      };
      const reportFolder = (i: number, r: Awaited<ReturnType<typeof importDealFolder>>) => {
        if (opts.json) return;
        const what = r.unchanged ? "unchanged (already imported)" : r.created ? "created" : "updated";
        process.stdout.write(`[${i + 1}/${paths.length}] ${r.deal.slug}: ${what}; conversations added ${r.conversations.added}, unchanged ${r.conversations.unchanged}${r.conversations.merged ? `, merged ${r.conversations.merged}` : ""}\n`);
        for (const w of r.warnings) process.stdout.write(`  warning ${w.file}:${w.line} ${w.message}\n`);
      };
      try {
        const results = [];
        const started = performance.now();
        const progress = paths.length > 1 ? createProgress("import") : null;
        for (const [i, path] of paths.entries()) {
          progress?.update(i, paths.length, basename(path));
          if (isDir[i] && reader) {
            for (let j = i; j < i + concurrency; j++) startFolder(j);
            let r;
            try {
              r = await running.get(i)!;
            } catch (e) {
              // Folders after this one that were being stored meanwhile finish (or roll back) before the error is
              // reported; the ones that were stored are listed, so a re-run shows them unchanged.
              progress?.stop();
              for (const [j, other] of [...running].filter(([j]) => j > i).sort((a, b) => a[0] - b[0])) {
                const done = await other.then((x) => x, () => null);
                if (done) reportFolder(j, done);
              }
              throw e;
            }
            running.delete(i);
            results.push(r);
            reportFolder(i, r);
          } else if (isDir[i]) {
            // The only folder: read here. One folder of many calls is long work of its own, so its files' progress
            // shows (several folders show the folders' progress instead).
            const folder = readDealFolder(path);
            const own = !progress && folder.files.size > LONG_FOLDER_FILES ? createProgress(`import ${basename(path)}`) : null;
            const r = await importDealFolder(deps, cliActor, folder, {
              onProgress: own ? (p) => own.update(p.done, p.total, p.stage === "store" ? `storing ${p.file}` : "extracting") : undefined,
            }).finally(() => own?.stop());
            results.push(r);
            reportFolder(i, r);
          } else {
            const r = await importFile(deps, path, opts);
            results.push(r);
            if (!opts.json) process.stdout.write(`${describeFile(r, opts.deal!).map((l, k) => (k === 0 ? `[${i + 1}/${paths.length}] ${l}` : l)).join("\n")}\n`);
          }
        }
        progress?.update(paths.length, paths.length, "done");
        progress?.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else if (paths.length > 1) process.stdout.write(`${summarise(results)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      } finally {
        await reader?.close();
        await database.close();
      }
    });
}
