// Reads deal folders for a multi-folder import ahead of the one being stored: parsing, consent and language detection
// (pure work, about a fifth of importing an hour-long call) run in a worker thread on the second core while the main
// thread holds the database. Without the worker script (an unusual install) it parses in-thread, same results.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode, type ErrorDetail } from "../../shared/errors.ts";
import type { DealFolderInput } from "./deal-folder.schemas.ts";
import { parseDealFolder, type ParsedDealFolder } from "./parse-deal-folder.ts";
import { readDealFolder } from "./read-deal-folder.ts";

export interface FolderReader {
  /** The folder parsed and analyzed; rejects with the AppError that reading or validating it raised. */
  read(dir: string): Promise<ParsedDealFolder>;
  /** Whether a worker thread does the reading (false: in this thread). */
  readonly threaded: boolean;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; folder: ParsedDealFolder } | { id: number; ok: false; error: { code: ErrorCode; message: string; details?: ErrorDetail[]; stack?: string } };

/** The worker script beside this module: the bundle's dist/folder-worker.mjs, or the source's folder-worker.ts. */
function workerScript(): string | null {
  const here = import.meta.url;
  const file = fileURLToPath(new URL(here.endsWith(".ts") ? "./folder-worker.ts" : "./folder-worker.mjs", here));
  return existsSync(file) ? file : null;
}

export function createFolderReader(opts: { threaded?: boolean } = {}): FolderReader {
  const script = opts.threaded === false ? null : workerScript();
  if (!script) {
    return { threaded: false, read: (dir) => parseDealFolder(readDealFolder(dir), { analyze: true }), async close() {} };
  }
  const worker = new Worker(script);
  worker.unref(); // an idle reader never keeps the process alive
  const waiting = new Map<number, { resolve: (f: ParsedDealFolder) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | null = null;
  const failAll = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on("message", (r: Reply) => {
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    if (waiting.size === 0) worker.unref();
    if (r.ok) w.resolve(revive(r.folder));
    else w.reject(new AppError(r.error.code, r.error.message, { details: r.error.details, cause: r.error.stack ? Object.assign(new Error(r.error.message), { stack: r.error.stack }) : undefined }));
  });
  worker.on("error", (e) => failAll(new AppError("INTERNAL", `The import's reader thread failed: ${e.message}`, { cause: e })));
  worker.on("exit", (code) => { if (waiting.size) failAll(new AppError("INTERNAL", `The import's reader thread stopped (exit ${code})`)); });
  return {
    threaded: true,
    read(dir) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      worker.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, dir });
      });
    },
    async close() { await worker.terminate(); },
  };
}

/** Buffers cross the thread boundary as plain Uint8Arrays: make them Buffers again (no copy). */
function revive(folder: ParsedDealFolder): ParsedDealFolder {
  const files: DealFolderInput["files"] = new Map();
  for (const [name, bytes] of folder.input.files) files.set(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { ...folder, input: { ...folder.input, files } };
}
