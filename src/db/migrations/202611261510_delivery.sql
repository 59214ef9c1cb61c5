-- Delivery: where artefacts go (an email list, a Slack incoming webhook, a Slack channel through the Web API),
-- each for one audience, and every send as it happened. Webhook URLs and bot tokens are stored sealed
-- (secret box, AES-256-GCM), never in clear.
CREATE TABLE delivery_destinations (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name           text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('email','slack-webhook','slack-api')),
  audience       text NOT NULL CHECK (audience IN ('ours','partner','buyer')),
  partner_org_id text REFERENCES organisations(id) ON DELETE CASCADE,
  target         text NOT NULL,
  secret_sealed  text CHECK (secret_sealed IS NULL OR secret_sealed LIKE 'v1:%'),
  -- Automatic senders that also post here: 'walk' (the weekly walk job), 'sla' (escalations).
  auto           jsonb NOT NULL DEFAULT '[]',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  UNIQUE (workspace_id, name),
  CHECK ((channel = 'email') = (secret_sealed IS NULL))
);

-- One row per target per send. No foreign keys to deals: the history outlives the rows it talks about.
CREATE TABLE deliveries (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL,
  deal_id        text,
  partner_org_id text,
  artefact       text NOT NULL CHECK (artefact IN ('recap','brief','sla','walk')),
  artefact_id    text,
  audience       text NOT NULL CHECK (audience IN ('ours','partner','buyer')),
  channel        text NOT NULL CHECK (channel IN ('email','slack-webhook','slack-api')),
  destination_id text,
  target         text NOT NULL,
  status         text NOT NULL CHECK (status IN ('sent','failed')),
  error          text,
  external_id    text,
  payload_digest text NOT NULL,
  -- Automatic senders name what they send ('sla:<handoff>:1', 'walk:<partner>:<week>'): a retry skips targets that got it.
  dedupe_key     text,
  actor          text NOT NULL,
  sent_at        timestamptz NOT NULL
);
CREATE INDEX deliveries_deal ON deliveries (deal_id, sent_at);
CREATE INDEX deliveries_digest ON deliveries (channel, target, payload_digest) WHERE status = 'sent';
CREATE INDEX deliveries_dedupe ON deliveries (dedupe_key) WHERE dedupe_key IS NOT NULL;
