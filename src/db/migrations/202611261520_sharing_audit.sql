-- Sharing and audit: buyer links (a signed, expiring token per agreed recap; only the row is stored, never
-- the token), the append-only audit log (who viewed, exported, shared or changed what), and workspace
-- secrets sealed with the secret box (SMTP URL, Slack and model keys, CRM connections).
CREATE TABLE buyer_links (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL,
  recap_id       text NOT NULL,
  deal_id        text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  person_id      text REFERENCES people(id) ON DELETE SET NULL,
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  last_viewed_at timestamptz
);
CREATE INDEX buyer_links_deal ON buyer_links (deal_id, created_at);

-- Append-only: updates and deletes are refused by a trigger (like activity).
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  workspace_id text,
  actor_id     text NOT NULL,
  actor_kind   text NOT NULL CHECK (actor_kind IN ('user','buyer-link','cli','system')),
  action       text NOT NULL CHECK (action IN ('view','export','share','change','login','invite')),
  entity       text NOT NULL,
  entity_id    text,
  deal_id      text,
  ip           text,
  user_agent   text,
  data         jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_deal ON audit_log (deal_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE workspace_secrets (
  workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         text NOT NULL,
  sealed       text NOT NULL,
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, name)
);
