// Deal folders for tests: the fixture on disk, or a copy of it with some files changed.
import { join } from "node:path";
import { readDealFolder } from "../src/modules/ingest/index.ts";
import type { DealFolderInput } from "../src/modules/ingest/index.ts";

export const TINY_DEAL_DIR = join(import.meta.dirname, "fixtures", "deals", "tiny-deal");

export function tinyDeal(changes: Record<string, string | Buffer | null> = {}): DealFolderInput {
  const folder = readDealFolder(TINY_DEAL_DIR);
  for (const [name, content] of Object.entries(changes)) {
    if (content === null) folder.files.delete(name);
    else folder.files.set(name, Buffer.isBuffer(content) ? content : Buffer.from(content));
  }
  return folder;
}

/** Row counts of every table that holds deal data: "nothing partial stored" means these don't move. */
export async function countRows(db: import("kysely").Kysely<import("../src/db/schema.ts").DB>) {
  const tables = ["workspaces", "organisations", "people", "deals", "conversations", "utterances", "conversation_speakers", "items", "activity"] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
