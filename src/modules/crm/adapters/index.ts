// The CRM adapters by kind: five vendor APIs plus the generic signed webhook.
import type { CrmAdapter, CrmKind } from "../crm.types.ts";
import type { AdapterOptions } from "./http.ts";
import { createFreshsalesAdapter, freshsalesAdapter } from "./freshsales.ts";
import { createHubspotAdapter, hubspotAdapter } from "./hubspot.ts";
import { createPipedriveAdapter, pipedriveAdapter } from "./pipedrive.ts";
import { createSalesforceAdapter, salesforceAdapter } from "./salesforce.ts";
import { createWebhookAdapter, webhookAdapter } from "./webhook.ts";
import { createZohoAdapter, zohoAdapter } from "./zoho.ts";

export type { AdapterOptions } from "./http.ts";
export { freshsalesAdapter, hubspotAdapter, pipedriveAdapter, salesforceAdapter, webhookAdapter, zohoAdapter };

const defaults: Record<CrmKind, CrmAdapter | undefined> = {
  hubspot: hubspotAdapter, salesforce: salesforceAdapter, pipedrive: pipedriveAdapter, zoho: zohoAdapter, freshsales: freshsalesAdapter, webhook: webhookAdapter,
};
const factories: Record<CrmKind, ((o: AdapterOptions) => CrmAdapter) | undefined> = {
  hubspot: createHubspotAdapter, salesforce: createSalesforceAdapter, pipedrive: createPipedriveAdapter, zoho: createZohoAdapter, freshsales: createFreshsalesAdapter, webhook: createWebhookAdapter,
};

/** The adapter of a kind; pass options (a shorter timeout in tests) to get a fresh instance. */
export function adapterFor(kind: CrmKind, options?: AdapterOptions): CrmAdapter {
  const a = options ? factories[kind]?.(options) : defaults[kind];
  if (!a) throw new Error(`no ${kind} adapter`);
  return a;
}
