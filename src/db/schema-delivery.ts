// Kysely types for 202611261510_delivery.sql, merged by module augmentation (schema.ts stays as it is).
import type { ColumnType } from "kysely";
import "./schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type DeliveryChannel = "email" | "slack-webhook" | "slack-api";
export type DeliveryAudience = "ours" | "partner" | "buyer";
export type DeliveryArtefact = "recap" | "brief" | "sla" | "walk";

export interface DeliveryDestinationsTable {
  id: string; workspace_id: string; name: string; channel: DeliveryChannel; audience: DeliveryAudience;
  partner_org_id: string | null; target: string; secret_sealed: string | null;
  auto: ColumnType<string[], string[] | string | undefined, string[] | string>;
  created_by: string; created_at: Timestamp;
}

export interface DeliveriesTable {
  id: string; workspace_id: string; deal_id: string | null; partner_org_id: string | null;
  artefact: DeliveryArtefact; artefact_id: string | null; audience: DeliveryAudience; channel: DeliveryChannel;
  destination_id: string | null; target: string; status: "sent" | "failed"; error: string | null; external_id: string | null;
  payload_digest: string; dedupe_key: ColumnType<string | null, string | null | undefined, string | null>; actor: string; sent_at: Timestamp;
}

declare module "./schema.ts" {
  interface DB { delivery_destinations: DeliveryDestinationsTable; deliveries: DeliveriesTable }
}
