-- The deal page lists every conversation with its utterance count: keep the count on the row
-- instead of counting utterances on every read.
ALTER TABLE conversations ADD COLUMN utterance_count integer NOT NULL DEFAULT 0;
UPDATE conversations c SET utterance_count = (SELECT count(*) FROM utterances u WHERE u.conversation_id = c.id);
