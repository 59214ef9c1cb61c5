-- The distinct words (tsvector lexemes, no positions) each side says in each conversation, kept by a statement-level
-- trigger on utterances. Ask over a whole workspace uses it to find, in time order, the conversations where one side
-- said every concept of a question ("when did the buyer first mention the SOC 2 report?") and searches only their
-- utterances, instead of filtering every full-text match of thousands of calls by conversation. Words only ever
-- accumulate (a deleted utterance, or a declined speaker's text replaced by a marker, leaves its words): the table
-- narrows a search, the utterances decide it.
CREATE TABLE conversation_terms (
  conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  side            text NOT NULL DEFAULT '',
  lexemes         tsvector NOT NULL,
  PRIMARY KEY (conversation_id, side)
);
CREATE INDEX conversation_terms_lexemes ON conversation_terms USING gin (lexemes);
-- Conversations in time order across deals (the order Ask lists them in): the newest or oldest that match come first
-- without sorting every match.
CREATE INDEX conversations_time ON conversations (started_at, source_file, id);

CREATE FUNCTION conversation_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_terms AS t (conversation_id, side, lexemes)
    SELECT n.conversation_id, coalesce(n.side, ''), array_to_tsvector(array_agg(DISTINCT l.lexeme))
    FROM new_rows n CROSS JOIN LATERAL unnest(tsvector_to_array(n.tsv)) AS l(lexeme)
    GROUP BY n.conversation_id, coalesce(n.side, '')
  ON CONFLICT (conversation_id, side) DO UPDATE SET lexemes = t.lexemes || excluded.lexemes;
  RETURN NULL;
END $$;
CREATE TRIGGER utterances_terms_insert AFTER INSERT ON utterances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION conversation_terms_add();

INSERT INTO conversation_terms (conversation_id, side, lexemes)
  SELECT u.conversation_id, coalesce(u.side, ''), array_to_tsvector(array_agg(DISTINCT l.lexeme))
  FROM utterances u CROSS JOIN LATERAL unnest(tsvector_to_array(u.tsv)) AS l(lexeme)
  GROUP BY u.conversation_id, coalesce(u.side, '');
ANALYZE conversation_terms;
