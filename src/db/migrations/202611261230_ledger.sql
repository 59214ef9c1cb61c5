-- The commitment ledger: people's changes to a commitment (close, reassign, re-date, drop, reopen, take)
-- as an append-only log, and the weekly walks held per deal or partner. Extraction's fulfilments are
-- not copied here: the ledger derives them from the items on read, so re-running extraction stays correct.
-- No foreign keys: like the activity log, the history outlives the rows it talks about.
CREATE TABLE ledger_events (
  id           bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  deal_id      text NOT NULL,
  item_id      text NOT NULL,
  type         text NOT NULL CHECK (type IN ('done','reassign','redate','drop','reopen','take')),
  actor        text NOT NULL,
  person_id    text,
  person_name  text,
  person_side  text CHECK (person_side IN ('ours','partner','buyer')),
  due          date,
  note         text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_events_deal ON ledger_events (deal_id, id);
CREATE INDEX ledger_events_item ON ledger_events (item_id, id);
CREATE FUNCTION ledger_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_events is append-only';
END $$;
CREATE TRIGGER ledger_events_no_update BEFORE UPDATE OR DELETE ON ledger_events
  FOR EACH ROW EXECUTE FUNCTION ledger_events_append_only();

-- One row per scope and ISO week; "done since the last walk" counts from the previous week's row.
CREATE TABLE ledger_walks (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL,
  scope        text NOT NULL CHECK (scope IN ('deal','partner')),
  scope_id     text NOT NULL,
  week         text NOT NULL,
  at           timestamptz NOT NULL,
  summary      jsonb NOT NULL DEFAULT '{}',
  UNIQUE (scope, scope_id, week)
);
