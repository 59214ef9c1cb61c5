// HTTP edge of workspace settings: secrets (admins). Values go in, never come out.
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../shared/app-env.ts";
import { AppError } from "../../shared/errors.ts";
import { PutSecretSchema, SecretInfoSchema, SecretParamsSchema } from "./settings.schemas.ts";
import { deleteSecret, listSecretNames, putSecret } from "./secrets.service.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ok = <T extends z.ZodType>(schema: T) => ({ 200: { description: "OK", ...json(schema) } });
const tags = ["settings"];

function workspaceOf(c: { get(k: "user"): AppEnv["Variables"]["user"] }): string {
  const u = c.get("user");
  if (!u) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token (Authorization: Bearer …)");
  return u.workspaceId;
}

/** Mounted at /settings. */
export function createSettingsRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(createRoute({ method: "get", path: "/secrets", tags, description: "Which secrets are set (names, when, by whom — never values)",
    responses: ok(z.object({ secrets: z.array(SecretInfoSchema) })) }),
  async (c) => c.json({ secrets: await listSecretNames(c.get("deps"), workspaceOf(c)) }, 200));
  app.openapi(createRoute({ method: "put", path: "/secrets/{name}", tags, description: "Set a secret (sealed at rest with BATON_SECRET_KEY): smtp_url, slack_bot_token, slack_webhook_url, llm_api_key or crm:<name>",
    request: { params: SecretParamsSchema, body: { ...json(PutSecretSchema), required: true } }, responses: ok(z.object({ secret: SecretInfoSchema })) }),
  async (c) => c.json({ secret: await putSecret(c.get("deps"), { workspaceId: workspaceOf(c), name: c.req.valid("param").name, value: c.req.valid("json").value, actor: c.get("actor") }) }, 200));
  app.openapi(createRoute({ method: "delete", path: "/secrets/{name}", tags, description: "Remove a secret",
    request: { params: SecretParamsSchema }, responses: ok(z.object({ deleted: z.boolean() })) }), async (c) => {
    await deleteSecret(c.get("deps"), workspaceOf(c), c.req.valid("param").name);
    return c.json({ deleted: true }, 200);
  });
  return app;
}
