-- Partner activation: each partner's "first win" (one sentence, an optional rule that proves it from calls),
-- counted on a 30-day clock from partners.onboarded_on. One row per partner organisation.
CREATE TABLE partner_first_wins (
  org_id       text PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  sentence     text NOT NULL,
  rule         jsonb,
  set_by       text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX partner_first_wins_workspace ON partner_first_wins (workspace_id);
