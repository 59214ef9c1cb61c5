-- Auth: a setup token knows which workspace its first admin belongs to.
ALTER TABLE setup_tokens ADD COLUMN workspace_id text REFERENCES workspaces(id) ON DELETE CASCADE;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- Jobs: find running jobs whose worker died, and list jobs by status for the admin page.
CREATE INDEX jobs_running_locked ON jobs (locked_at) WHERE status = 'running';
CREATE INDEX jobs_status ON jobs (status, updated_at);
