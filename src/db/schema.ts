// Kysely table types for the SQL in migrations/. Keep in step with the migrations.
import type { ColumnType, Generated } from "kysely";
import type { Side } from "../shared/sides.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type DateCol = ColumnType<string, string | null | undefined, string | null>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface WorkspacesTable {
  id: string; name: string; domains: Generated<string[]>; timezone: Generated<string>;
  holidays: ColumnType<string[], string[] | undefined, string[]>;
  workday_start: Generated<string>; workday_end: Generated<string>;
  settings: Json<Record<string, unknown>>; created_at: TimestampDefault;
}
export interface OrganisationsTable {
  id: string; workspace_id: string; name: string; side: Side; domains: Generated<string[]>; created_at: TimestampDefault;
}
export interface PeopleTable {
  id: string; workspace_id: string; org_id: string | null; name: string; emails: Generated<string[]>;
  phones: Generated<string[]>; title: string | null; created_at: TimestampDefault;
}
export interface PartnersTable {
  org_id: string; tier: string | null; onboarded_on: DateCol | null; partner_manager_id: string | null; created_at: TimestampDefault;
}
export interface DealsTable {
  id: string; workspace_id: string; slug: string; name: string; buyer_org_id: string | null;
  motion: Generated<"referral" | "resell" | "co-sell">; stage: Generated<string>;
  amount: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  currency: string | null; owner_id: string | null; backup_owner_id: string | null; partner_owner_id: string | null;
  timezone: Generated<string>; source_hash: string | null; created_at: TimestampDefault; updated_at: TimestampDefault;
}
export interface DealPartnersTable { deal_id: string; org_id: string }
export interface DealPeopleTable { deal_id: string; person_id: string }
export interface ConversationsTable {
  id: string; deal_id: string; kind: "call" | "email" | "notes"; role: "intro" | null; title: string; source_file: string | null;
  source_format: string; started_at: Timestamp; duration_ms: Generated<number>; content_hash: string;
  language: string | null; languages: Json<Record<string, unknown>>; email: Json<unknown> | null;
  merged_from: Json<unknown[]>; created_at: TimestampDefault; utterance_count: Generated<number>;
}
export interface ConversationSpeakersTable {
  conversation_id: string; label: string; person_id: string | null; side: Side | null; method: string;
  confidence: Generated<number>; consent: Generated<"granted" | "declined" | "unknown">; consent_evidence: Json<unknown> | null;
}
export interface UtterancesTable {
  id: Generated<string>; conversation_id: string; seq: number; speaker_label: string | null; person_id: string | null;
  side: Side | null; start_ms: number; end_ms: number; line: Generated<number>; text: string;
  is_internal: Generated<boolean>; tsv: ColumnType<string, never, never>;
}
export interface ActivityTable {
  id: Generated<string>; workspace_id: string; deal_id: string | null; actor: string; action: string;
  entity: string; entity_id: string | null; data: Json<Record<string, unknown>>; at: TimestampDefault;
}
export interface UsersTable {
  id: string; workspace_id: string; email: string; name: string; password_hash: string | null;
  role: "admin" | "member" | "partner"; partner_org_id: string | null; person_id: string | null; created_at: TimestampDefault;
}
export interface SessionsTable { id_hash: string; user_id: string; csrf_token: string; expires_at: Timestamp; created_at: TimestampDefault }
export interface ApiTokensTable { id: string; user_id: string; name: string; token_hash: string; last_used_at: Timestamp | null; created_at: TimestampDefault }
export interface SetupTokensTable { token_hash: string; expires_at: Timestamp; used_at: Timestamp | null }
export interface LoginAttemptsTable { key: string; at: TimestampDefault }
export interface JobsTable {
  id: Generated<string>; kind: string; version: Generated<number>; payload: Json<Record<string, unknown>>;
  status: Generated<"queued" | "running" | "done" | "dead">; run_at: TimestampDefault; attempts: Generated<number>;
  max_attempts: Generated<number>; unique_key: string | null; last_error: string | null; locked_by: string | null;
  locked_at: Timestamp | null; created_at: TimestampDefault; updated_at: TimestampDefault;
}
export interface ExtractionRunsTable {
  id: string; conversation_id: string; engine: string; engine_version: string; dropped: Generated<number>; created_at: TimestampDefault;
}
export type ItemKind = "commitment" | "objection" | "decision" | "stakeholder" | "risk" | "fulfilment";
export interface ItemsTable {
  id: string; deal_id: string; conversation_id: string; kind: ItemKind; local_id: string; fingerprint: string;
  data: Json<Record<string, unknown>>; utterance_seq: number; at_ms: number; speaker: string | null; quote: string;
  review: Generated<"proposed" | "confirmed" | "corrected" | "dismissed">; human_data: Json<Record<string, unknown>> | null;
  run_id: string | null; is_internal: Generated<boolean>; created_at: TimestampDefault; updated_at: TimestampDefault;
}

export interface DB {
  workspaces: WorkspacesTable; organisations: OrganisationsTable; people: PeopleTable; partners: PartnersTable;
  deals: DealsTable; deal_partners: DealPartnersTable; deal_people: DealPeopleTable;
  conversations: ConversationsTable; conversation_speakers: ConversationSpeakersTable; utterances: UtterancesTable;
  activity: ActivityTable; users: UsersTable; sessions: SessionsTable; api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable; login_attempts: LoginAttemptsTable; jobs: JobsTable;
  extraction_runs: ExtractionRunsTable; items: ItemsTable;
}

// 202611260905_auth_jobs.sql (interface merging: the lines above stay as they are).
export interface SetupTokensTable { workspace_id: string | null }

// 202611271130_extraction_run_stats.sql
export interface ExtractionRunsTable { stats: Json<Record<string, unknown>> | null }
