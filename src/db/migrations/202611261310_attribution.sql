-- Partner attribution: people's claims on a deal (registrations, notes), the locked milestone snapshots with
-- their evidence packs, and each deal's latest classification for the partner revenue report.
-- Claims and snapshots are append-only (a later edit is a new row, never a rewrite). No foreign keys on them:
-- like the activity log, the history outlives the rows it talks about.
CREATE TABLE attribution_claims (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL,
  deal_id      text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('registration','note')),
  text         text NOT NULL,
  actor        text NOT NULL,
  actor_name   text,
  actor_side   text CHECK (actor_side IN ('ours','partner','buyer')),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attribution_claims_deal ON attribution_claims (deal_id, at);
CREATE FUNCTION attribution_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER attribution_claims_no_update BEFORE UPDATE OR DELETE ON attribution_claims
  FOR EACH ROW EXECUTE FUNCTION attribution_append_only();

CREATE TABLE attribution_snapshots (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL,
  deal_id        text NOT NULL,
  version        integer NOT NULL,
  milestone      text NOT NULL,
  stage          text NOT NULL,
  classification text NOT NULL CHECK (classification IN ('sourced','influenced','none')),
  confidence     real NOT NULL,
  attribution    jsonb NOT NULL,
  html           text NOT NULL,
  markdown       text NOT NULL,
  actor          text NOT NULL,
  at             timestamptz NOT NULL,
  UNIQUE (deal_id, version)
);
CREATE TRIGGER attribution_snapshots_no_update BEFORE UPDATE OR DELETE ON attribution_snapshots
  FOR EACH ROW EXECUTE FUNCTION attribution_append_only();

-- Each deal's latest computed classification (refreshed when a deal's attribution is computed), so the
-- partner revenue report is one indexed read instead of re-running the rules over every deal.
CREATE TABLE attribution_current (
  deal_id        text PRIMARY KEY,
  workspace_id   text NOT NULL,
  classification text NOT NULL CHECK (classification IN ('sourced','influenced','none')),
  confidence     real NOT NULL,
  introduced_by  text,
  started_at     timestamptz,
  reasons        jsonb NOT NULL DEFAULT '[]',
  computed_at    timestamptz NOT NULL
);
CREATE INDEX attribution_current_ws ON attribution_current (workspace_id);
