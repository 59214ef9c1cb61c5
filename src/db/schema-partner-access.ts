// Kysely types for 202611261500_partner_access.sql, merged by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface InvitationsTable {
  id: string; workspace_id: string; email: string; name: string | null; partner_org_id: string; token_hash: string;
  invited_by: string | null; expires_at: Timestamp; accepted_at: NullableTimestamp; accepted_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  revoked_at: NullableTimestamp; created_at: Timestamp;
}

declare module "./schema.ts" {
  interface ConversationsTable { is_internal: ColumnType<boolean, boolean | undefined, boolean> }
  interface UsersTable { disabled_at: NullableTimestamp }
  interface DB { invitations: InvitationsTable }
}
