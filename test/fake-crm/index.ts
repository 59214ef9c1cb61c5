// Local stand-ins for the CRMs Baton syncs to, for adapter tests and the outbox fault suite:
//   const crm = await startFakeCrm("hubspot");
//   adapter.apply(crm.conn, op, {}); crm.records.deals.size; crm.inject({ type: "rate-limit", retryAfter: "3" }); await crm.close();
import type { CrmConnectionConfig } from "../../src/modules/crm/crm.types.ts";
import { createFreshsalesFake } from "./freshsales.ts";
import { createHubspotFake } from "./hubspot.ts";
import { createPipedriveFake } from "./pipedrive.ts";
import { createSalesforceFake } from "./salesforce.ts";
import { createZohoFake } from "./zoho.ts";
import { serveVendor, type FakeOptions, type RunningFake, type VendorFake } from "./server.ts";

export type { Fault, FakeOptions, FakeRecord, FakeRecords, RecordedRequest } from "./server.ts";
export type FakeCrmKind = "hubspot" | "salesforce" | "pipedrive" | "zoho" | "freshsales";

export interface FakeCrm extends RunningFake {
  kind: FakeCrmKind;
  /** A ready connection config pointing at this server with the right token. */
  conn: CrmConnectionConfig;
}

const factories: Record<FakeCrmKind, (options: FakeOptions) => VendorFake> = {
  freshsales: createFreshsalesFake,
  hubspot: createHubspotFake,
  pipedrive: createPipedriveFake,
  salesforce: createSalesforceFake,
  zoho: createZohoFake,
};

/** Starts the local server of one CRM on a free port; `options.stages` adds pipeline stages to the vendor's defaults. */
export async function startFakeCrm(kind: FakeCrmKind, options: FakeOptions = {}): Promise<FakeCrm> {
  const make = factories[kind];
  if (!make) throw new Error(`no local ${kind} server`);
  const running = await serveVendor(make(options));
  return { ...running, kind, conn: { kind, baseUrl: running.url, accessToken: running.token, instanceUrl: running.url } };
}
