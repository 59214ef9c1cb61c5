// Kysely types for 202611261230_ledger.sql, merged into DB by module augmentation (schema.ts stays as it is).
import type { ColumnType, Generated } from "kysely";
import type { Side } from "../shared/sides.ts";
import "./schema.ts";

type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type DateCol = ColumnType<string, string | null | undefined, string | null>;

export type LedgerEventType = "done" | "reassign" | "redate" | "drop" | "reopen" | "take";

export interface LedgerEventsTable {
  id: Generated<string>; workspace_id: string; deal_id: string; item_id: string; type: LedgerEventType; actor: string;
  person_id: string | null; person_name: string | null; person_side: Side | null; due: DateCol | null; note: string | null; at: TimestampDefault;
}
export interface LedgerWalksTable {
  id: string; workspace_id: string; scope: "deal" | "partner"; scope_id: string; week: string; at: ColumnType<Date, Date | string, Date | string>;
  summary: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, Record<string, unknown> | string>;
}

declare module "./schema.ts" {
  interface DB { ledger_events: LedgerEventsTable; ledger_walks: LedgerWalksTable }
}
