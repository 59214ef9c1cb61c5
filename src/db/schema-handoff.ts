// Kysely types for 202611261220_handoff.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType, Generated } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface HandoffsTable {
  id: string; workspace_id: string; deal_id: string; conversation_id: string | null; partner_org_id: string | null;
  message_id: string | null; content_hash: string; subject: string | null; brief: Json<Record<string, unknown>>;
  received_at: Timestamp; owner_id: string | null; backup_id: string | null;
  owner_rule: "partner_usual" | "round_robin" | "manual" | "none";
  status: Generated<"awaiting_action" | "actioned">; first_action_at: Timestamp | null;
  first_action_kind: "reply_sent" | "meeting_booked" | "call_held" | null; first_action_by: string | null;
  // bigint comes back as a string from pg.
  target_business_ms: ColumnType<string, number | string, number | string>;
  due_at: Timestamp; created_at: TimestampDefault; updated_at: TimestampDefault;
}
export interface HandoffEscalationsTable {
  id: string; handoff_id: string; level: number; recipients: Generated<string[]>; subject: string | null;
  delivery: Generated<"pending" | "sent" | "not_sent" | "failed">; note: string | null; at: Timestamp;
}

declare module "./schema.ts" {
  interface DB { handoffs: HandoffsTable; handoff_escalations: HandoffEscalationsTable }
}
