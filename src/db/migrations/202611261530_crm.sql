-- CRM sync through a reliable outbox: connections (ours or a partner's CRM, secrets sealed), the outbox rows
-- written in the same transaction as the record change, and the external-id map that keeps repeats updates.
CREATE TABLE crm_connections (
  id                 text PRIMARY KEY,
  workspace_id       text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind               text NOT NULL CHECK (kind IN ('hubspot','salesforce','pipedrive','zoho','freshsales','webhook')),
  name               text NOT NULL,
  side               text NOT NULL CHECK (side IN ('ours','partner')),
  partner_org_id     text REFERENCES organisations(id) ON DELETE CASCADE,
  base_url           text,
  instance_url       text,
  credentials_sealed text,
  token_expires_at   timestamptz,
  field_mapping      jsonb NOT NULL DEFAULT '{}',
  enabled            boolean NOT NULL DEFAULT true,
  dry_run            boolean NOT NULL DEFAULT false,
  last_ok_at         timestamptz,
  last_error         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((side = 'ours') = (partner_org_id IS NULL))
);
CREATE INDEX crm_connections_ws ON crm_connections (workspace_id);

CREATE TABLE crm_outbox (
  id               bigserial PRIMARY KEY,
  connection_id    text NOT NULL REFERENCES crm_connections(id) ON DELETE CASCADE,
  deal_id          text NOT NULL,
  -- 'sync-deal' is the marker the record change writes (one cheap insert in its transaction); a worker expands
  -- it into the upsert rows from the record as it then stands.
  op               text NOT NULL CHECK (op IN ('sync-deal','upsert-deal','upsert-note','upsert-task')),
  baton_id         text NOT NULL,
  content_hash     text NOT NULL,
  payload          jsonb NOT NULL,
  idempotency_key  text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','in_flight','done','dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_by        text,
  locked_at        timestamptz,
  last_error       text,
  last_status      integer,
  reason           text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz,
  dry_run_plan     jsonb,
  UNIQUE (connection_id, idempotency_key)
);
-- Claiming: due rows in id order; the per-deal ordering check looks up earlier rows of the same deal+connection.
CREATE INDEX crm_outbox_ready ON crm_outbox (next_attempt_at, id) WHERE status IN ('pending','in_flight');
CREATE INDEX crm_outbox_deal ON crm_outbox (connection_id, deal_id, id);
-- Changes made before a deal's marker is expanded coalesce into it.
CREATE UNIQUE INDEX crm_outbox_one_pending_sync ON crm_outbox (connection_id, deal_id) WHERE op = 'sync-deal' AND status = 'pending';

CREATE TABLE crm_external_ids (
  connection_id text NOT NULL REFERENCES crm_connections(id) ON DELETE CASCADE,
  baton_type    text NOT NULL,
  baton_id      text NOT NULL,
  external_id   text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, baton_type, baton_id)
);

-- OAuth authorization-code flow: the state sent to the vendor, checked once on the callback.
CREATE TABLE crm_oauth_states (
  state         text PRIMARY KEY,
  workspace_id  text NOT NULL,
  kind          text NOT NULL,
  connection    jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
