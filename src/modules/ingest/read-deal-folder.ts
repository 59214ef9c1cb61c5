import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { unzipSync } from "fflate";
import { AppError, invalidInput } from "../../shared/errors.ts";
import type { DealFolderInput } from "./deal-folder.schemas.ts";

const MAX_FILE = 50 * 1024 * 1024;

/** Reads a deal folder from disk (top level only; gold.json and hidden files are skipped). */
export function readDealFolder(dir: string): DealFolderInput {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new AppError("NOT_FOUND", `Deal folder ${dir} cannot be read: ${(e as Error).message}`, { details: [{ file: dir, message: "not a readable folder" }] });
  }
  const files = new Map<string, Buffer>();
  for (const name of entries.sort()) {
    if (name.startsWith(".") || name === "gold.json") continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (!st.isFile()) continue;
    if (st.size > MAX_FILE) throw invalidInput(`${name} is larger than 50 MB`, [{ file: name, message: "file too large" }]);
    files.set(name, readFileSync(full));
  }
  return { name: basename(dir), files };
}

/** A zip of a deal folder (files at the root or inside one top folder). */
export function readDealZip(name: string, zip: Uint8Array): DealFolderInput {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw invalidInput(`${name} is not a readable zip file`, [{ file: name, message: (e as Error).message }]);
  }
  const files = new Map<string, Buffer>();
  for (const [path, bytes] of Object.entries(entries)) {
    if (path.endsWith("/")) continue;
    const file = path.split("/").pop()!;
    if (!file || file.startsWith(".") || file === "gold.json" || path.includes("__MACOSX")) continue;
    files.set(file, Buffer.from(bytes));
  }
  return { name, files };
}
