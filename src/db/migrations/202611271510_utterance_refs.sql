-- Utterances are written a whole call at a time (900 rows for an hour), and each row's two foreign keys ran a lookup
-- of its conversation and its person (a row-level RI trigger and a query each): ~12 ms of the ~47 ms a 900-row insert
-- took on PGlite. The same rules, checked once per statement over all its rows:
--   * every utterance's conversation exists, and its person when it has one (an insert or update that breaks this
--     fails with foreign_key_violation, as the constraints did);
--   * deleting conversations deletes their utterances (was ON DELETE CASCADE);
--   * deleting people unlinks their utterances (was ON DELETE SET NULL).
-- Unlike the constraints these take no lock on the conversation or person row: an utterance is only ever written in
-- the transaction that created its conversation or by a speaker mapping that has just read the person, and no code
-- path deletes a person on its own.
ALTER TABLE utterances DROP CONSTRAINT utterances_conversation_id_fkey;
ALTER TABLE utterances DROP CONSTRAINT utterances_person_id_fkey;

CREATE FUNCTION utterances_check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE missing text;
BEGIN
  SELECT n.conversation_id INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = n.conversation_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "utterances" violates its reference to conversations'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (conversation_id)=(%s) is not present in table "conversations".', missing);
  END IF;
  SELECT n.person_id INTO missing FROM new_rows n
    WHERE n.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = n.person_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "utterances" violates its reference to people'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (person_id)=(%s) is not present in table "people".', missing);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER utterances_refs_insert AFTER INSERT ON utterances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION utterances_check_refs();
CREATE TRIGGER utterances_refs_update AFTER UPDATE ON utterances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION utterances_check_refs();

CREATE FUNCTION conversations_delete_utterances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM utterances u USING gone g WHERE u.conversation_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER conversations_utterances_delete AFTER DELETE ON conversations REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION conversations_delete_utterances();

CREATE FUNCTION people_unlink_utterances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE utterances u SET person_id = NULL FROM gone g WHERE u.person_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER people_utterances_unlink AFTER DELETE ON people REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION people_unlink_utterances();
