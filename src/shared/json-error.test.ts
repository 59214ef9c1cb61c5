import { describe, expect, it } from "vitest";
import { jsonErrorLine } from "./json-error.ts";

/** The line jsonErrorLine names for this text's own JSON.parse error. */
function lineOfError(text: string): number {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonErrorLine(text, (e as Error).message);
  }
  throw new Error("the text parsed");
}

describe("jsonErrorLine", () => {
  it("names the line of an unexpected token, which V8 reports only as a quoted excerpt", () => {
    const text = '{\n  "id": "x",\n  "name": "Deal",\n  "timezone": "UTC",\n  "oops": ,\n  "people": []\n}\n';
    expect(lineOfError(text)).toBe(5);
  });

  it("names the line when the excerpt is clipped at both ends", () => {
    const body = Array.from({ length: 30 }, (_, i) => `  "key${i}": "a long enough value to clip ${i}",`).join("\n");
    const text = `{\n${body}\n  "broken": [1, 2,, 3]\n}`;
    expect(lineOfError(text)).toBe(32);
  });

  it("names the line from a reported position, and the last line for a truncated document", () => {
    expect(lineOfError('{\n  "id": "x",\n  oops\n}\n')).toBe(3);
    expect(lineOfError('{\n  "id": "x",\n  "people": [\n')).toBe(3);
  });
});
