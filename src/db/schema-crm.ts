// Kysely types for 202611261530_crm.sql, merged by module augmentation (schema.ts stays as it is).
import type { ColumnType, Generated } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface CrmConnectionsTable {
  id: string; workspace_id: string;
  kind: "hubspot" | "salesforce" | "pipedrive" | "zoho" | "freshsales" | "webhook";
  name: string; side: "ours" | "partner"; partner_org_id: string | null; base_url: string | null; instance_url: string | null;
  credentials_sealed: string | null; token_expires_at: Timestamp | null; field_mapping: Json<Record<string, string>>;
  enabled: Generated<boolean>; dry_run: Generated<boolean>; last_ok_at: Timestamp | null; last_error: string | null; created_at: TimestampDefault;
}
export interface CrmOutboxTable {
  id: Generated<string>; connection_id: string; deal_id: string; op: "sync-deal" | "upsert-deal" | "upsert-note" | "upsert-task"; baton_id: string;
  content_hash: string; payload: Json<Record<string, unknown>>; idempotency_key: string;
  status: Generated<"pending" | "in_flight" | "done" | "dead">; attempts: Generated<number>; next_attempt_at: TimestampDefault;
  locked_by: string | null; locked_at: Timestamp | null; last_error: string | null; last_status: number | null; reason: string | null;
  created_at: TimestampDefault; done_at: Timestamp | null; dry_run_plan: Json<unknown> | null;
}
export interface CrmExternalIdsTable { connection_id: string; baton_type: string; baton_id: string; external_id: string; updated_at: TimestampDefault }
export interface CrmOauthStatesTable { state: string; workspace_id: string; kind: string; connection: Json<Record<string, unknown>>; created_at: TimestampDefault }

declare module "./schema.ts" {
  interface DB { crm_connections: CrmConnectionsTable; crm_outbox: CrmOutboxTable; crm_external_ids: CrmExternalIdsTable; crm_oauth_states: CrmOauthStatesTable }
}
