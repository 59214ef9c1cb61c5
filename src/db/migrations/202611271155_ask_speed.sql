-- Ask over a large workspace reads bounded candidate sets instead of every item: items are found by their words
-- (the same expression ask.repo.ts searches), and a commitment's fulfilments by its reference within the deal.
CREATE INDEX IF NOT EXISTS items_words ON items USING gin (to_tsvector('english', coalesce(data->>'type', '') || ' ' || coalesce(human_data->>'text', data->>'text', '') || ' ' || quote))
  WITH (gin_pending_list_limit = 256);
CREATE INDEX IF NOT EXISTS items_fulfilment_ref ON items (deal_id, (data->>'commitmentRef')) WHERE kind = 'fulfilment';
-- "What did Priya say about …": a person's utterances, intersected with the full-text matches.
CREATE INDEX IF NOT EXISTS utterances_person ON utterances (person_id);
-- A GIN index keeps new entries in a pending list that every search reads linearly until it is merged (vacuum, or
-- the list outgrowing gin_pending_list_limit, 4 MB by default): right after a deal's import all of its utterances sit
-- there and each Ask search costs a scan of the whole list. A 256 kB list is merged in bulk as often as it fills,
-- so the import cost stays about the same and searches read the index.
ALTER INDEX utterances_tsv SET (gin_pending_list_limit = 256);
