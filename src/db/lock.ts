import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../shared/errors.ts";

/**
 * PGlite is single-process: a second process on the same data dir silently loses writes.
 * So whoever opens a data dir takes this exclusive lock file first, and refuses clearly if it is held.
 */
export interface DataDirLock { path: string; release(): void }

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === "EPERM"; }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "baton.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { unlinkSync(path); } catch { /* already gone */ }
      };
      process.once("exit", release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: { pid?: number; at?: string } = {};
      try { holder = JSON.parse(readFileSync(path, "utf8")); } catch { /* unreadable: treat as stale */ }
      if (holder.pid && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new AppError("CONFLICT",
          `The database at ${dataDir} is in use by another Baton process (pid ${holder.pid}, since ${holder.at}). ` +
          `Stop it (or use its web app and HTTP API), or point this command at PostgreSQL with DATABASE_URL.`,
          { details: [{ path: path, message: "data dir lock held" }] });
      }
      if (holder.pid === process.pid) {
        throw new AppError("CONFLICT", `The database at ${dataDir} is already open in this process.`);
      }
      try { unlinkSync(path); } catch { /* raced */ }
    }
  }
  throw new AppError("CONFLICT", `Could not lock ${dataDir}`);
}
