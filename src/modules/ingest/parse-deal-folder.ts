// The database-free half of importing a deal folder: deal.json validated, every conversation file parsed (errors
// name file and line), the folder's hash, and optionally each conversation's consent and language. Kept apart
// from import-deal-folder.ts so the worker thread that runs it (folder-worker.ts) loads no database code.
import { createHash } from "node:crypto";
import { contentHash, parseConversation, type ParsedConversation } from "../conversations/index.ts";
import { type ErrorDetail, invalidInput, isAppError } from "../../shared/errors.ts";
import { jsonErrorLine } from "../../shared/json-error.ts";
import { DealFileSchema, type DealFile, type DealFolderInput } from "./deal-folder.schemas.ts";
import { analyzeConversation, type ConversationAnalysis } from "./prepare-conversation.ts";

/** The field path ("people[0].name") of the first string holding a NUL character, which no database text can store; null if none. */
function pathToNul(v: unknown, at = ""): string | null {
  if (typeof v === "string") return v.includes("\u0000") ? at : null;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) { const p = pathToNul(x, `${at}[${i}]`); if (p !== null) return p; }
    return null;
  }
  if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const here = at ? `${at}.${k}` : k;
      if (k.includes("\u0000")) return here;
      const p = pathToNul(x, here);
      if (p !== null) return p;
    }
  }
  return null;
}

export function parseDealFile(buf: Buffer | undefined): DealFile {
  if (!buf) throw invalidInput("deal.json is missing from the folder", [{ file: "deal.json", path: "deal.json", message: "missing" }]);
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, (e as Error).message);
    throw invalidInput(`deal.json is not valid JSON (line ${line}): ${(e as Error).message}`, [{ file: "deal.json", line, path: `deal.json:${line}`, message: (e as Error).message }]);
  }
  const nul = pathToNul(raw);
  if (nul !== null) {
    throw invalidInput(`deal.json is invalid: ${nul || "(root)"} holds a NUL character`, [{ file: "deal.json", field: nul, path: `deal.json: ${nul}`, message: "NUL (\\u0000) is not allowed" }]);
  }
  const r = DealFileSchema.safeParse(raw);
  if (!r.success) {
    const details = r.error.issues.map((i) => {
      const field = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
      return { file: "deal.json", field, path: `deal.json: ${field}`, message: i.message };
    });
    throw invalidInput(`deal.json is invalid: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`, details);
  }
  return r.data;
}

/** The folder's hash, from its files' content hashes (name → contentHash). */
function folderHash(hashes: ReadonlyMap<string, string>): string {
  const h = createHash("sha256");
  for (const name of [...hashes.keys()].sort()) h.update(name).update("\0").update(hashes.get(name)!).update("\0");
  return h.digest("hex");
}

interface ParsedFile {
  file: string; parsed: ParsedConversation; meta: DealFile["conversations"][number] | null;
  /** Consent and language, when parseDealFolder was asked to work them out (ahead of the import, in a worker). */
  analysis?: ConversationAnalysis;
}

/**
 * A deal folder read, validated and parsed, ready to store: everything an import does before the database.
 * `hashes`: each file's contentHash, by name (the folder's `hash` is made of them; storing a conversation uses its own).
 */
export interface ParsedDealFolder {
  input: DealFolderInput; dealFile: DealFile; files: ParsedFile[]; intro: ParsedFile | null; hash: string; hashes: Map<string, string>;
}

/**
 * Validates and parses a folder (errors name file and line) without touching the database. `analyze` also works out
 * each conversation's consent and language (analyzeConversation), the import's costliest pure step: a multi-folder
 * import runs this in a worker thread (folder-reader.ts) for the next folders while the current one is stored.
 */
export async function parseDealFolder(input: DealFolderInput, opts: { analyze?: boolean } = {}): Promise<ParsedDealFolder> {
  const dealFile = parseDealFile(input.files.get("deal.json"));
  const { files, intro } = await parseAll(input, dealFile);
  if (opts.analyze) for (const f of [...files, ...(intro ? [intro] : [])]) f.analysis = analyzeConversation(f.parsed);
  const hashes = new Map([...input.files].map(([name, bytes]) => [name, contentHash(bytes)]));
  return { input, dealFile, files, intro, hash: folderHash(hashes), hashes };
}

async function parseAll(input: DealFolderInput, deal: DealFile): Promise<{ files: ParsedFile[]; intro: ParsedFile | null }> {
  const errors: ErrorDetail[] = [];
  const files: ParsedFile[] = [];
  for (const [i, c] of deal.conversations.entries()) {
    const buf = input.files.get(c.file);
    if (!buf) { errors.push({ file: "deal.json", field: `conversations[${i}].file`, path: `deal.json: conversations[${i}].file`, message: `${c.file} is not in the folder` }); continue; }
    try {
      files.push({ file: c.file, meta: c, parsed: await parseConversation({ content: buf, filename: c.file, format: c.format as never }) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(...(e.details?.length ? e.details : [{ file: c.file, message: e.message }]));
    }
  }
  let intro: ParsedFile | null = null;
  const introBuf = input.files.get("intro.eml");
  if (introBuf) {
    try {
      intro = { file: "intro.eml", meta: null, parsed: await parseConversation({ content: introBuf, filename: "intro.eml", format: "email" }) };
    } catch (e) {
      if (!isAppError(e)) throw e;
      errors.push(...(e.details?.length ? e.details : [{ file: "intro.eml", message: e.message }]));
    }
  }
  if (errors.length) {
    throw invalidInput(`${input.name}: ${errors.length} problem(s): ${errors.slice(0, 3).map((d) => `${d.file ?? ""}${d.line ? `:${d.line}` : ""} ${d.message}`).join("; ")}`, errors);
  }
  return { files, intro };
}
