-- Foundation: workspace, directory (organisations, people, partners), deals, conversations,
-- utterances with a stored tsvector, the append-only activity log, auth and the jobs queue.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE workspaces (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  domains       text[] NOT NULL DEFAULT '{}',
  timezone      text NOT NULL DEFAULT 'UTC',
  holidays      date[] NOT NULL DEFAULT '{}',
  workday_start text NOT NULL DEFAULT '09:00',
  workday_end   text NOT NULL DEFAULT '17:00',
  settings      jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organisations (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         text NOT NULL,
  side         text NOT NULL CHECK (side IN ('ours','partner','buyer')),
  domains      text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);
CREATE INDEX organisations_domains ON organisations USING gin (domains);

CREATE TABLE people (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  org_id       text REFERENCES organisations(id) ON DELETE SET NULL,
  name         text NOT NULL,
  emails       text[] NOT NULL DEFAULT '{}',
  phones       text[] NOT NULL DEFAULT '{}',
  title        text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_emails ON people USING gin (emails);
CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);
CREATE INDEX people_org ON people (org_id);

CREATE TABLE partners (
  org_id              text PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  tier                text,
  onboarded_on        date,
  partner_manager_id  text REFERENCES people(id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deals (
  id                 text PRIMARY KEY,
  workspace_id       text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  slug               text NOT NULL,
  name               text NOT NULL,
  buyer_org_id       text REFERENCES organisations(id) ON DELETE SET NULL,
  motion             text NOT NULL DEFAULT 'co-sell' CHECK (motion IN ('referral','resell','co-sell')),
  stage              text NOT NULL DEFAULT 'intro',
  amount             numeric(14,2),
  currency           text,
  owner_id           text REFERENCES people(id) ON DELETE SET NULL,
  backup_owner_id    text REFERENCES people(id) ON DELETE SET NULL,
  partner_owner_id   text REFERENCES people(id) ON DELETE SET NULL,
  timezone           text NOT NULL DEFAULT 'UTC',
  source_hash        text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, slug)
);
CREATE INDEX deals_name_trgm ON deals USING gin (name gin_trgm_ops);

CREATE TABLE deal_partners (
  deal_id text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  org_id  text NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY (deal_id, org_id)
);

CREATE TABLE deal_people (
  deal_id   text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  person_id text NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  PRIMARY KEY (deal_id, person_id)
);
CREATE INDEX deal_people_person ON deal_people (person_id);

CREATE TABLE conversations (
  id             text PRIMARY KEY,
  deal_id        text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('call','email','notes')),
  -- 'intro' marks the partner's introduction email a deal was opened from; null for ordinary conversations.
  role           text CHECK (role IN ('intro')),
  title          text NOT NULL,
  source_file    text,
  source_format  text NOT NULL,
  started_at     timestamptz NOT NULL,
  duration_ms    integer NOT NULL DEFAULT 0,
  content_hash   text NOT NULL,
  language       text,
  languages      jsonb NOT NULL DEFAULT '{}',
  email          jsonb,
  merged_from    jsonb NOT NULL DEFAULT '[]',
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (deal_id, content_hash)
);
CREATE INDEX conversations_deal ON conversations (deal_id, started_at);

CREATE TABLE conversation_speakers (
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  label           text NOT NULL,
  person_id       text REFERENCES people(id) ON DELETE SET NULL,
  side            text CHECK (side IN ('ours','partner','buyer')),
  method          text NOT NULL,
  confidence      real NOT NULL DEFAULT 1,
  consent         text NOT NULL DEFAULT 'unknown' CHECK (consent IN ('granted','declined','unknown')),
  consent_evidence jsonb,
  PRIMARY KEY (conversation_id, label)
);

CREATE TABLE utterances (
  id              bigserial PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  speaker_label   text,
  person_id       text REFERENCES people(id) ON DELETE SET NULL,
  side            text CHECK (side IN ('ours','partner','buyer')),
  start_ms        integer NOT NULL,
  end_ms          integer NOT NULL,
  line            integer NOT NULL DEFAULT 0,
  text            text NOT NULL,
  is_internal     boolean NOT NULL DEFAULT false,
  tsv             tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (conversation_id, seq)
);
CREATE INDEX utterances_tsv ON utterances USING gin (tsv);

-- Append-only: who changed what. Updates and deletes are refused by a trigger.
CREATE TABLE activity (
  id           bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  deal_id      text,
  actor        text NOT NULL,
  action       text NOT NULL,
  entity       text NOT NULL,
  entity_id    text,
  data         jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_deal ON activity (deal_id, id);
CREATE FUNCTION activity_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'activity is append-only';
END $$;
CREATE TRIGGER activity_no_update BEFORE UPDATE OR DELETE ON activity
  FOR EACH ROW EXECUTE FUNCTION activity_append_only();

CREATE TABLE users (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email         text NOT NULL UNIQUE,
  name          text NOT NULL,
  password_hash text,
  role          text NOT NULL CHECK (role IN ('admin','member','partner')),
  partner_org_id text REFERENCES organisations(id) ON DELETE SET NULL,
  person_id     text REFERENCES people(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id_hash     text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  last_used_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE setup_tokens (
  token_hash  text PRIMARY KEY,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

CREATE TABLE login_attempts (
  key         text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);

CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  payload      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','dead')),
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  unique_key   text UNIQUE,
  last_error   text,
  locked_by    text,
  locked_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready ON jobs (run_at) WHERE status = 'queued';

-- Extraction: versioned runs, items with evidence; human decisions survive re-runs.
CREATE TABLE extraction_runs (
  id              text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  engine          text NOT NULL,
  engine_version  text NOT NULL,
  dropped         integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id              text PRIMARY KEY,
  deal_id         text NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('commitment','objection','decision','stakeholder','risk','fulfilment')),
  local_id        text NOT NULL,
  fingerprint     text NOT NULL,
  data            jsonb NOT NULL,
  utterance_seq   integer NOT NULL,
  at_ms           integer NOT NULL,
  speaker         text,
  quote           text NOT NULL,
  review          text NOT NULL DEFAULT 'proposed' CHECK (review IN ('proposed','confirmed','corrected','dismissed')),
  human_data      jsonb,
  run_id          text REFERENCES extraction_runs(id) ON DELETE SET NULL,
  is_internal     boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, kind, fingerprint)
);
CREATE INDEX items_deal ON items (deal_id, kind);
