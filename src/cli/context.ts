// How CLI commands get a database: the configured one (PGlite data dir or DATABASE_URL), or a fresh in-memory one.
import { createDb, type Database } from "../db/client.ts";
import { AppError } from "../shared/errors.ts";
import { loadConfig } from "../shared/config.ts";
import { systemClock } from "../shared/clock.ts";
import { randomIds, sequentialIds } from "../shared/ids.ts";
import type { Deps } from "../shared/deps.ts";

export async function openConfiguredDb(): Promise<{ database: Database; deps: Deps }> {
  const cfg = loadConfig();
  const database = cfg.DATABASE_URL ? await createDb({ url: cfg.DATABASE_URL }) : await createDb({ dataDir: cfg.BATON_DATA_DIR });
  return { database, deps: { db: database.db, clock: systemClock, ids: randomIds } };
}

export async function openMemoryDb(opts: { searchIndex?: boolean } = {}): Promise<{ database: Database; deps: Deps }> {
  const database = await createDb({ memory: true, searchIndex: opts.searchIndex });
  // Sequential ids keep `analyze` output identical run to run.
  return { database, deps: { db: database.db, clock: systemClock, ids: sequentialIds() } };
}

/** A path given on the command line that cannot be read: not found (exit 3), naming the path. */
export function cannotRead(path: string, cause: unknown): AppError {
  return new AppError("NOT_FOUND", `${path} cannot be read`, { cause, details: [{ file: path, message: (cause as Error).message }] });
}
