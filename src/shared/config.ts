import { z } from "zod";
import { invalidInput } from "./errors.ts";

/** Environment configuration, parsed once at the edge. */
export const ConfigSchema = z.object({
  BATON_DATA_DIR: z.string().default("./.baton"),
  DATABASE_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  BATON_PUBLIC_URL: z.string().optional(),
  BATON_ADMIN_EMAIL: z.string().email().optional(),
  BATON_ADMIN_PASSWORD: z.string().min(8).optional(),
  BATON_SECRET_KEY: z.string().optional(),
  BATON_SMTP_URL: z.string().optional(),
  BATON_INTAKE_PORT: z.coerce.number().int().optional(),
  BATON_SLACK_WEBHOOK_URL: z.string().url().optional(),
  BATON_LOG: z.enum(["silent", "info", "debug"]).default("info"),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw invalidInput("Invalid configuration", parsed.error.issues.map((i) => ({
      field: i.path.join("."), path: `env ${i.path.join(".")}`, message: i.message,
    })));
  }
  return parsed.data;
}
