// Kysely types for 202611261400_activation.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface PartnerFirstWinsTable {
  org_id: string; workspace_id: string; sentence: string; rule: Json<Record<string, unknown>> | null;
  set_by: string; created_at: Timestamp; updated_at: Timestamp;
}

declare module "./schema.ts" {
  interface DB { partner_first_wins: PartnerFirstWinsTable }
}
