-- Partner access: invitations for partner users, whole conversations marked internal, disabled users.
CREATE TABLE invitations (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email            text NOT NULL,
  name             text,
  partner_org_id   text NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  -- sha-256 of the token in the accept link; the token itself is never stored.
  token_hash       text NOT NULL UNIQUE,
  invited_by       text REFERENCES users(id) ON DELETE SET NULL,
  expires_at       timestamptz NOT NULL,
  accepted_at      timestamptz,
  accepted_user_id text REFERENCES users(id) ON DELETE SET NULL,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
-- At most one open invitation per email: re-inviting revokes the previous one in the same transaction.
CREATE UNIQUE INDEX invitations_open_email ON invitations (workspace_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_inviter ON invitations (invited_by, created_at);

-- A whole conversation kept from partner users (internal notes); its utterances and items are marked too.
ALTER TABLE conversations ADD COLUMN is_internal boolean NOT NULL DEFAULT false;

-- A disabled user cannot sign in, and their sessions and API tokens stop working.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
