-- Caches of read results in the server (src/db/change-feed.ts: the deal page, API token lookups) are forgotten on
-- any change to the tables they read. A process sees its own writes; these statement triggers tell every other
-- process listening on PostgreSQL (NOTIFY is delivered after the commit, once per transaction and table).
CREATE FUNCTION baton_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baton_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['workspaces', 'organisations', 'people', 'deals', 'deal_partners', 'deal_people',
    'conversations', 'conversation_speakers', 'users', 'api_tokens']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION baton_notify_change()',
      t || '_notify_change', t);
  END LOOP;
END $$;
