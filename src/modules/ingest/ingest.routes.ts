import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { invalidInput } from "../../shared/errors.ts";
import type { DealFolderInput } from "./deal-folder.schemas.ts";
import { importConversationFile } from "./import-conversation-file.ts";
import { importDealFolder } from "./import-deal-folder.ts";
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

export function createDealUploadRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "post", path: "/{id}/conversations", request: { params: z.object({ id: z.string() }), body: { content: { "multipart/form-data": { schema: z.object({ file: z.any(), kind: z.string().optional(), title: z.string().optional(), startedAt: z.string().optional(), format: z.string().optional() }) } } } },
    description: "Upload one transcript or email into a deal",
    responses: { 200: { description: "Stored", content: { "application/json": { schema: z.object({ conversationId: z.string(), status: z.string(), unresolved: z.array(z.string()), heldForConsent: z.boolean(), proposedPeople: z.number(), warnings: z.array(z.object({ line: z.number(), message: z.string() })) }) } } } } }), async (c) => {
    const form = await c.req.formData();
    const file = form.get("file");
    if (!file || typeof file === "string") throw invalidInput("No file uploaded", [{ field: "file", message: "required" }]);
    const opt = (k: string) => (typeof form.get(k) === "string" && form.get(k) ? String(form.get(k)) : undefined);
    const kind = opt("kind");
    if (kind && !["call", "email", "notes"].includes(kind)) throw invalidInput("kind must be call, email or notes", [{ field: "kind", message: "call | email | notes" }]);
    const result = await importConversationFile(c.get("deps"), c.get("actor"), {
      dealId: c.req.valid("param").id, filename: file.name, content: Buffer.from(await file.arrayBuffer()),
      kind: kind as "call" | "email" | "notes" | undefined, title: opt("title"), startedAt: opt("startedAt"), format: opt("format") as never,
    });
    return c.json(result, 200);
  });
  return app;
}
