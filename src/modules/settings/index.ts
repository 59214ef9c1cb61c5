// Settings: workspace secrets sealed at rest (SMTP, Slack, model key, CRM credentials) and Baton's own generated keys.
export * from "./settings.schemas.ts";
export { putSecret, getSecret, listSecretNames, deleteSecret, getOrCreateInternalKey, type SecretOptions } from "./secrets.service.ts";
export { createSettingsRoutes } from "./settings.routes.ts";
