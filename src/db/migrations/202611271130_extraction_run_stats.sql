-- A language model pass records what it added, corrected and was refused (invented quotes, unsupported dates).
ALTER TABLE extraction_runs ADD COLUMN stats jsonb;
