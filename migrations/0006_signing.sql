-- Signing originals: how each party is named in every language (full name,
-- short name, the State it belongs to), so that the text names parties by
-- reference and each original can put its own party first; and what the
-- secretariat sets for signature (signatories per party and language,
-- place, date, number of originals, prevailing language).

-- The State the party belongs to, in the working language ("the Kingdom of Thailand").
ALTER TABLE parties ADD COLUMN state text NOT NULL DEFAULT '';
-- {"<lang>": {"name": …, "shortName": …, "state": …}} for languages other than the working one.
ALTER TABLE parties ADD COLUMN names jsonb NOT NULL DEFAULT '{}'::jsonb;

-- {"place": {"<lang>": …}, "date": "YYYY-MM-DD" | null, "originals": n,
--  "prevailingLanguage": "<lang>" | null, "signatories": {"<party>": {"<lang>": {"name": …, "title": …}}}}
ALTER TABLE documents ADD COLUMN signing jsonb;
