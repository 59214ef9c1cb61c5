import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { invalidInput } from "../../shared/errors.ts";
import type { DealFolderInput } from "./deal-folder.schemas.ts";
import { importConversationFile } from "./import-conversation-file.ts";
import { importDealFolder } from "./import-deal-folder.ts";
import { createSttFromEnv, type SpeechToText } from "../../adapters/stt/index.ts";
import { importRecording, isAudioFile } from "./import-recording.ts";
import { readDealZip } from "./read-deal-folder.ts";

const ImportResultSchema = z.object({
  deal: z.object({ id: z.string(), slug: z.string(), name: z.string() }), created: z.boolean(), unchanged: z.boolean(),
  conversations: z.object({ added: z.number(), unchanged: z.number(), merged: z.number().optional(), files: z.array(z.object({ file: z.string(), status: z.string(), conversationId: z.string() })) }),
  warnings: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })),
});
const multipart = { content: { "multipart/form-data": { schema: z.object({ files: z.any() }) } } };

async function filesFromForm(form: FormData, field: string): Promise<File[]> {
  return form.getAll(field).filter((f): f is File => typeof f !== "string");
}

export function createImportRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/", request: { body: multipart }, description: "Upload a deal folder: its files (field `files`) or one .zip",
    responses: { 200: { description: "Import result", content: { "application/json": { schema: ImportResultSchema } } } } }), async (c) => {
    const form = await c.req.formData();
    const files = await filesFromForm(form, "files");
    if (!files.length) throw invalidInput("No files uploaded", [{ field: "files", message: "send the deal folder's files or one .zip" }]);
    let input: DealFolderInput;
    if (files.length === 1 && files[0].name.toLowerCase().endsWith(".zip")) input = readDealZip(files[0].name, new Uint8Array(await files[0].arrayBuffer()));
    else input = { name: String(form.get("name") ?? "upload"), files: new Map(await Promise.all(files.map(async (f) => [f.name.split(/[\\/]/).pop()!, Buffer.from(await f.arrayBuffer())] as const))) };
    return c.json(await importDealFolder(c.get("deps"), c.get("actor"), input), 200);
  });
  return app;
}

/** Upload routes of one deal; `stt` picks the speech-to-text provider for recordings (default: from the environment, per upload). */
export function createDealUploadRoutes(opts: { stt?: () => Promise<SpeechToText> } = {}) {
  const stt = opts.stt ?? (() => createSttFromEnv());
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/conversations", request: { params: z.object({ id: z.string() }), body: { content: { "multipart/form-data": { schema: z.object({ file: z.any(), kind: z.string().optional(), title: z.string().optional(), startedAt: z.string().optional(), format: z.string().optional() }) } } } },
    description: "Upload one transcript, email or call recording (wav, mp3, m4a, ogg, webm, mp4…: transcribed by the configured speech-to-text provider) into a deal",
    responses: { 200: { description: "Stored", content: { "application/json": { schema: z.object({ conversationId: z.string(), status: z.string(), unresolved: z.array(z.string()), heldForConsent: z.boolean(), proposedPeople: z.number(), warnings: z.array(z.object({ line: z.number(), message: z.string() })), chunks: z.number().optional(), provider: z.string().optional() }) } } } } }), async (c) => {
    const form = await c.req.formData();
    const file = form.get("file");
    if (!file || typeof file === "string") throw invalidInput("No file uploaded", [{ field: "file", message: "required" }]);
    const opt = (k: string) => {
      const v = form.get(k);
      if (typeof v !== "string" || !v) return undefined;
      if (v.includes("\u0000")) throw invalidInput(`${k} holds a NUL character`, [{ field: k, message: "NUL is not allowed" }]);
      return v;
    };
    const kind = opt("kind");
    if (kind && !["call", "email", "notes"].includes(kind)) throw invalidInput("kind must be call, email or notes", [{ field: "kind", message: "call | email | notes" }]);
    const dealId = c.req.valid("param").id;
    const content = Buffer.from(await file.arrayBuffer());
    if (isAudioFile(file.name) && !opt("format")) {
      if (kind === "email") throw invalidInput("A recording cannot be an email", [{ field: "kind", message: "call | notes for a recording" }]);
      const r = await importRecording(c.get("deps"), c.get("actor"), {
        dealId, filename: file.name, content, stt: await stt(), kind: kind as "call" | "notes" | undefined, title: opt("title"), startedAt: opt("startedAt"),
      });
      return c.json({ conversationId: r.conversationId, status: r.status, unresolved: r.unresolved, heldForConsent: r.heldForConsent, proposedPeople: r.proposedPeople, warnings: r.warnings, chunks: r.chunks, provider: r.provider }, 200);
    }
    const result = await importConversationFile(c.get("deps"), c.get("actor"), {
      dealId, filename: file.name, content,
      kind: kind as "call" | "email" | "notes" | undefined, title: opt("title"), startedAt: opt("startedAt"), format: opt("format") as never,
    });
    return c.json(result, 200);
  });
  return app;
}
