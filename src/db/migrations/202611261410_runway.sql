-- Slack delivery of handoff escalations (beside the email delivery, retried on its own), and each newly
-- onboarded partner's runway: co-sell play, target accounts, four weekly huddles, shared note format.
ALTER TABLE handoff_escalations
  ADD COLUMN slack_delivery text CHECK (slack_delivery IN ('pending','sent','failed')),
  ADD COLUMN slack_note     text;

CREATE TABLE partner_runways (
  org_id          text PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  workspace_id    text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  talk_track      text NOT NULL,
  questions       jsonb NOT NULL,
  target_accounts jsonb NOT NULL,
  huddle          jsonb NOT NULL,
  note_template   text NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX partner_runways_workspace ON partner_runways (workspace_id);
