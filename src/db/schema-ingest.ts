// Kysely types for 202611261210_ingest.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType, Generated } from "kysely";
import "./schema.ts";

type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface ProposedPeopleTable {
  id: string; deal_id: string; conversation_id: string; label: string; name: string;
  evidence: Json<{ seq: number; quote: string }> | null;
  status: Generated<"proposed" | "accepted" | "dismissed">; person_id: string | null; created_at: TimestampDefault;
}

declare module "./schema.ts" {
  interface ConversationsTable { held_for_consent: Generated<boolean> }
  interface DB { proposed_people: ProposedPeopleTable }
}
