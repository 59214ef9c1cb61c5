// Transactions that PostgreSQL rolled back because another one ran at the same time, run again.

/**
 * Runs `run` (a whole transaction) again, twice at most, when PostgreSQL rolled it back over another transaction
 * running at the same time: a deadlock (40P01), a serialization failure (40001), or a unique key (23505) that a
 * concurrent writer took first. The next try sees what that one committed. Creating shared rows is locked
 * (lockForCreate in the directory), so these are rare; on PGlite, with one connection, they cannot happen. A
 * unique key that a retry hits again is a real conflict and is thrown.
 */
export async function retryConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= 3 || !isConflict(e)) throw e;
    }
  }
}

function isConflict(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === "40P01" || code === "40001" || code === "23505";
}
