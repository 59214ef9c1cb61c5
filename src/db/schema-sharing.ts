// Kysely types for 202611261520_sharing_audit.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType, Generated } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface BuyerLinksTable {
  id: string; workspace_id: string; recap_id: string; deal_id: string; person_id: string | null;
  expires_at: Timestamp; revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string; created_at: Timestamp;
  last_viewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface AuditLogTable {
  id: Generated<string>; workspace_id: string | null; actor_id: string;
  actor_kind: "user" | "buyer-link" | "cli" | "system";
  action: "view" | "export" | "share" | "change" | "login" | "invite";
  entity: string; entity_id: string | null; deal_id: string | null; ip: string | null; user_agent: string | null;
  data: Json<Record<string, unknown>>; at: ColumnType<Date, Date | string | undefined, never>;
}
export interface WorkspaceSecretsTable { workspace_id: string; name: string; sealed: string; updated_by: string; updated_at: Timestamp }

declare module "./schema.ts" {
  interface DB { buyer_links: BuyerLinksTable; audit_log: AuditLogTable; workspace_secrets: WorkspaceSecretsTable }
}
