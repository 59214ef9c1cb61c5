// Kysely types for 202611261410_runway.sql, merged by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import "./schema.ts";
import "./schema-handoff.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string, T | string>;

export interface RunwayHuddleJson { weekday: string; time: string; timeZone: string; from: string; fromOnboarding: boolean }

export interface PartnerRunwaysTable {
  org_id: string; workspace_id: string; talk_track: string; questions: Json<string[]>; target_accounts: Json<string[]>;
  huddle: Json<RunwayHuddleJson>; note_template: string; created_by: string; created_at: Timestamp; updated_at: Timestamp;
}

declare module "./schema-handoff.ts" {
  interface HandoffEscalationsTable {
    slack_delivery: ColumnType<"pending" | "sent" | "failed" | null, "pending" | "sent" | "failed" | null | undefined, "pending" | "sent" | "failed" | null>;
    slack_note: ColumnType<string | null, string | null | undefined, string | null>;
  }
}

declare module "./schema.ts" {
  interface DB { partner_runways: PartnerRunwaysTable }
}
