// Kysely types for 202611261300_recap.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import type { Side } from "../shared/sides.ts";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface RecapsTable {
  id: string; workspace_id: string; deal_id: string; conversation_id: string; version: ColumnType<number, number | undefined, number>;
  language: ColumnType<string, string | undefined, string>; lines: Json<unknown[]>; approvals: Json<unknown[]>;
  status: ColumnType<"draft" | "agreed" | "sent", "draft" | "agreed" | "sent" | undefined, "draft" | "agreed" | "sent">;
  created_by: string; created_at: Timestamp; updated_at: Timestamp;
}
export interface RecapVersionsTable { recap_id: string; version: number; lines: Json<unknown[]>; actor: string; at: Timestamp }
export interface RecapSendsTable {
  id: string; recap_id: string; version: number; message_id: string; sent_to: Json<string[]>; sent_cc: Json<string[]>;
  subject: string; text_body: string; html_body: string; actor: string; at: Timestamp;
}
export interface DealTopicLeadsTable {
  deal_id: string; topic: string; person_id: string | null; person_name: string; side: Side | null; actor: string; at: Timestamp;
}

declare module "./schema.ts" {
  interface DB { recaps: RecapsTable; recap_versions: RecapVersionsTable; recap_sends: RecapSendsTable; deal_topic_leads: DealTopicLeadsTable }
}
