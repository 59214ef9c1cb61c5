// Kysely types for 202611261310_attribution.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import type { Side } from "../shared/sides.ts";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;
type AttributionClass = "sourced" | "influenced" | "none";

export interface AttributionClaimsTable {
  id: string; workspace_id: string; deal_id: string; kind: "registration" | "note"; text: string;
  actor: string; actor_name: string | null; actor_side: Side | null; at: TimestampDefault;
}
export interface AttributionSnapshotsTable {
  id: string; workspace_id: string; deal_id: string; version: number; milestone: string; stage: string;
  classification: AttributionClass; confidence: number; attribution: Json<Record<string, unknown>>;
  html: string; markdown: string; actor: string; at: Timestamp;
}
export interface AttributionCurrentTable {
  deal_id: string; workspace_id: string; classification: AttributionClass; confidence: number; introduced_by: string | null;
  started_at: Timestamp | null; reasons: Json<string[]>; computed_at: Timestamp;
}

declare module "./schema.ts" {
  interface DB { attribution_claims: AttributionClaimsTable; attribution_snapshots: AttributionSnapshotsTable; attribution_current: AttributionCurrentTable }
}
