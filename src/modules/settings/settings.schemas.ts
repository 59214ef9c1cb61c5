// zod for workspace secrets (imports only zod and shared/): which names may be stored, and what the API shows.
import { z } from "zod";

export const SECRET_NAMES = ["smtp_url", "slack_bot_token", "slack_webhook_url", "llm_api_key"] as const;
/** smtp_url, slack_bot_token, slack_webhook_url, llm_api_key, or crm:<connection> for CRM connections. */
export const SecretNameSchema = z.string().refine((n) => (SECRET_NAMES as readonly string[]).includes(n) || /^crm:[a-z0-9][a-z0-9_.-]{0,63}$/.test(n), {
  message: `one of ${SECRET_NAMES.join(", ")} or crm:<name> (lowercase letters, digits, _ . -)`,
});
export const SecretParamsSchema = z.object({ name: SecretNameSchema });
export const PutSecretSchema = z.object({ value: z.string().min(1).max(4000) });
/** Never the value: only that it is set, when and by whom. */
export const SecretInfoSchema = z.object({ name: z.string(), setAt: z.string(), setBy: z.string() });
export type SecretInfo = z.infer<typeof SecretInfoSchema>;
