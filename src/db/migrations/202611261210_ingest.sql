-- Conversation ingest: conversations held until consent is recorded, and people proposed from
-- transcripts (self-introduced names not on the roster) waiting for a person to accept them.
ALTER TABLE conversations ADD COLUMN held_for_consent boolean NOT NULL DEFAULT false;
CREATE INDEX conversations_held ON conversations (deal_id) WHERE held_for_consent;
CREATE INDEX conversation_speakers_unresolved ON conversation_speakers (conversation_id) WHERE method = 'unresolved';

CREATE TABLE proposed_people (
  id              text PRIMARY KEY,
  deal_id         text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  label           text NOT NULL,
  name            text NOT NULL,
  evidence        jsonb,
  status          text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','accepted','dismissed')),
  person_id       text REFERENCES people(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, label)
);
CREATE INDEX proposed_people_deal ON proposed_people (deal_id, status);
