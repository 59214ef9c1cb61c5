// Makes a quoted intro sentence readable on its own in a brief: first names become full
// names ("Mike, could you..." → "Mike Donnelly, could you...") and the object pronoun of
// the request ("grab 45 minutes with him") becomes the introduced buyer. Pure.

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function expandNames(text: string, fullNames: string[], buyerName: string | null): string {
  const byFirst = new Map<string, Set<string>>();
  for (const full of fullNames) {
    const parts = full.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const set = byFirst.get(parts[0]) ?? new Set<string>();
    set.add(parts.join(" "));
    byFirst.set(parts[0], set);
  }
  let out = text;
  for (const [first, set] of byFirst) {
    // A first name shared by two people stays as written: we can't tell which one is meant.
    if (set.size !== 1) continue;
    const full = [...set][0];
    const rest = full.slice(first.length).trim();
    const re = new RegExp(String.raw`\b${escapeRe(first)}\b(?!\s+${escapeRe(rest.split(" ")[0])})(?!['’]s\s+${escapeRe(rest.split(" ")[0])})`, "gu");
    out = out.replace(re, full);
  }
  if (buyerName && !out.includes(buyerName)) {
    out = out.replace(/\b(with|to|for|meet|call|email|ping) (him|her)\b/i, (_m, prep: string) => `${prep} ${buyerName}`);
  }
  return out;
}
