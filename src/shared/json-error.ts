/**
 * The 1-based line of a JSON.parse error in `text`. V8 reports "at position N (line L column C)" for some errors
 * but only quotes ~10 characters either side for others (`Unexpected token ',', ..."s": [1,,2]"... is not valid
 * JSON`): that excerpt is found in the text to name the line. 1 when nothing places it.
 */
export function jsonErrorLine(text: string, message: string): number {
  const lineOf = (offset: number) => text.slice(0, Math.max(0, offset)).split("\n").length;
  const position = /position (\d+)/.exec(message);
  if (position) return lineOf(Number(position[1]));
  if (/end of JSON input/i.test(message)) return lineOf(text.trimEnd().length);
  // `Unexpected token 'x', ..."<excerpt>"... is not valid JSON`; each "..." only where the excerpt was clipped,
  // and the one in front means the error is the 11th character of the excerpt.
  const excerpt = /^Unexpected token '[\s\S]{1,2}', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!excerpt) return 1;
  const isClipped = excerpt[1] !== undefined;
  const at = text.indexOf(excerpt[2]);
  if (at < 0) return 1;
  return lineOf(at + (isClipped ? 10 : 0));
}
