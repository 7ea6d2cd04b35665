-- Each delegation's private layer (issue 20), first part: a private note per
-- clause (position, instructions, fallback wording), one per party and
-- clause. Kept apart from everything shared: only the private layer's routes
-- read this table, and always with the asker's own party.

CREATE TABLE private_notes (
  document_id text NOT NULL REFERENCES documents (id),
  party       text NOT NULL,
  clause_id   text NOT NULL,
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  updated_by  text NOT NULL REFERENCES members (id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, party, clause_id)
);
