// Worker thread of a multi-folder import (folder-reader.ts): reads, validates and parses deal folders and works out
// each conversation's consent and language, so the main thread only stores. Answers { id, ok, folder | error }.
import { parentPort } from "node:worker_threads";
import { isAppError } from "../../shared/errors.ts";
import { parseDealFolder } from "./parse-deal-folder.ts";
import { readDealFolder } from "./read-deal-folder.ts";

export interface FolderRequest { id: number; dir: string }

parentPort?.on("message", async ({ id, dir }: FolderRequest) => {
  try {
    const folder = await parseDealFolder(readDealFolder(dir), { analyze: true });
    parentPort!.postMessage({ id, ok: true, folder });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({
      id, ok: false,
      error: isAppError(e) ? { code: e.code, message: e.message, details: e.details } : { code: "INTERNAL", message: err?.message ?? String(e), stack: err?.stack },
    });
  }
});
