-- Partner handoff: the intro email's brief per deal, who owns the first action, the
-- time-to-first-action clock's start/stop, and the escalations sent when it runs late.
CREATE TABLE handoffs (
  id                 text PRIMARY KEY,
  workspace_id       text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  deal_id            text NOT NULL UNIQUE REFERENCES deals(id) ON DELETE CASCADE,
  conversation_id    text REFERENCES conversations(id) ON DELETE SET NULL,
  partner_org_id     text REFERENCES organisations(id) ON DELETE SET NULL,
  message_id         text,
  content_hash       text NOT NULL,
  subject            text,
  brief              jsonb NOT NULL,
  received_at        timestamptz NOT NULL,
  owner_id           text REFERENCES people(id) ON DELETE SET NULL,
  backup_id          text REFERENCES people(id) ON DELETE SET NULL,
  owner_rule         text NOT NULL CHECK (owner_rule IN ('partner_usual','round_robin','manual','none')),
  status             text NOT NULL DEFAULT 'awaiting_action' CHECK (status IN ('awaiting_action','actioned')),
  first_action_at    timestamptz,
  first_action_kind  text CHECK (first_action_kind IN ('reply_sent','meeting_booked','call_held')),
  first_action_by    text,
  target_business_ms bigint NOT NULL,
  due_at             timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- Re-intake of the same email is a no-op: the Message-ID or the content hash finds it.
CREATE UNIQUE INDEX handoffs_message_id ON handoffs (workspace_id, message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX handoffs_content_hash ON handoffs (workspace_id, content_hash);
CREATE INDEX handoffs_partner ON handoffs (partner_org_id, created_at);

CREATE TABLE handoff_escalations (
  id          text PRIMARY KEY,
  handoff_id  text NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
  level       integer NOT NULL CHECK (level IN (1, 2)),
  recipients  text[] NOT NULL DEFAULT '{}',
  subject     text,
  delivery    text NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending','sent','not_sent','failed')),
  note        text,
  at          timestamptz NOT NULL,
  UNIQUE (handoff_id, level)
);
