// A cheap RFC 5322 shape check for intake: a header block of "Name: value" lines (with folded
// continuations), a From and a Date header, then a blank line. Pure, no I/O.

/** Intros larger than this are refused, over HTTP and SMTP alike. */
export const MAX_INTRO_BYTES = 10 * 1024 * 1024;

export function checkRfc5322(raw: Buffer): string | null {
  const text = raw.subarray(0, 256 * 1024).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  if (!head.trim()) return "no header section";
  const names = new Set<string>();
  for (const [i, line] of head.split(/\r?\n/).entries()) {
    if (/^[ \t]/.test(line) && i > 0) continue; // folded continuation
    const m = /^([\x21-\x39\x3b-\x7e]+):/.exec(line);
    if (!m) return `header line ${i + 1} is not "Name: value"`;
    names.add(m[1].toLowerCase());
  }
  if (!names.has("from")) return "no From header";
  if (!names.has("date")) return "no Date header";
  return null;
}
