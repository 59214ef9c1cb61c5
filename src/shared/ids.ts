import { randomBytes } from "node:crypto";

/** Id generator, injected so tests can be deterministic. Ids are `<prefix>_<random>`. */
export interface Ids { make(prefix: string): string }

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const randomIds: Ids = {
  make(prefix: string) {
    const bytes = randomBytes(14);
    let s = "";
    for (const b of bytes) s += ALPHABET[b % 36];
    return `${prefix}_${s}`;
  },
};
export function sequentialIds(): Ids {
  const counters = new Map<string, number>();
  return {
    make(prefix: string) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}_${String(n).padStart(4, "0")}`;
    },
  };
}
