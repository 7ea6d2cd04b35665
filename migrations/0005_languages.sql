-- Equally authentic texts: a document's working language (the one the
-- delegations negotiate in) and its other authentic languages, each party's
-- own language, and the confirmations that a clause's text in a language
-- faithfully renders the working text as it stood (append-only).

ALTER TABLE documents ADD COLUMN working_language text NOT NULL DEFAULT 'en'
  CHECK (working_language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
ALTER TABLE documents ADD COLUMN other_languages text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(other_languages) <= 8);

ALTER TABLE parties ADD COLUMN language text
  CHECK (language IS NULL OR language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');

CREATE TABLE translation_confirmations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id      text NOT NULL REFERENCES documents (id),
  clause_id        text NOT NULL,
  lang             text NOT NULL,
  -- SHA-256 (hex) of the clause's working text and of its text in `lang`, as confirmed.
  working_hash     text NOT NULL CHECK (working_hash ~ '^[0-9a-f]{64}$'),
  translation_hash text NOT NULL CHECK (translation_hash ~ '^[0-9a-f]{64}$'),
  -- The working text's words as confirmed, so that a stale clause can show what changed since.
  working_text     text NOT NULL,
  confirmed_by     text NOT NULL REFERENCES members (id),
  confirmed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX translation_confirmations_clause ON translation_confirmations (document_id, clause_id, lang, id);

CREATE TRIGGER translation_confirmations_append_only BEFORE UPDATE OR DELETE ON translation_confirmations
  FOR EACH ROW EXECUTE FUNCTION counterpart_refuse_change();
CREATE TRIGGER translation_confirmations_no_truncate BEFORE TRUNCATE ON translation_confirmations
  FOR EACH STATEMENT EXECUTE FUNCTION counterpart_refuse_change();
