-- Co-sell operating rhythm: one recap per call (versioned lines with evidence, approvals from both selling
-- sides, the sent message), who leads which topic per deal (pre-call brief), and weekly huddle schedules.
-- No foreign keys, like the ledger: the history outlives the rows it talks about.
CREATE TABLE recaps (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL,
  deal_id         text NOT NULL,
  conversation_id text NOT NULL UNIQUE,
  version         integer NOT NULL DEFAULT 1,
  language        text NOT NULL DEFAULT 'en',
  lines           jsonb NOT NULL DEFAULT '[]',
  approvals       jsonb NOT NULL DEFAULT '[]',
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','agreed','sent')),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX recaps_deal ON recaps (deal_id);

-- Every version's lines as they stood, and who made it.
CREATE TABLE recap_versions (
  recap_id   text NOT NULL,
  version    integer NOT NULL,
  lines      jsonb NOT NULL,
  actor      text NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (recap_id, version)
);

-- The message as it left: id, recipients, both parts.
CREATE TABLE recap_sends (
  id          text PRIMARY KEY,
  recap_id    text NOT NULL,
  version     integer NOT NULL,
  message_id  text NOT NULL,
  sent_to     jsonb NOT NULL,
  sent_cc     jsonb NOT NULL,
  subject     text NOT NULL,
  text_body   text NOT NULL,
  html_body   text NOT NULL,
  actor       text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX recap_sends_recap ON recap_sends (recap_id, at);

CREATE TABLE deal_topic_leads (
  deal_id     text NOT NULL,
  topic       text NOT NULL,
  person_id   text,
  person_name text NOT NULL,
  side        text CHECK (side IN ('ours','partner','buyer')),
  actor       text NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (deal_id, topic)
);
