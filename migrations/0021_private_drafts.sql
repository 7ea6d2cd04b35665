-- Each delegation's private layer (issue 20): the private draft area, one
-- Yjs document per party and document, where a delegation co-edits the
-- wording it prepares for each clause before proposing it. Its updates are
-- kept here, apart from the shared document's log, every row naming the
-- party; folded into one row when a draft document loads with many.

CREATE TABLE private_draft_updates (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  party       text NOT NULL,
  update      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (document_id, party) REFERENCES parties (document_id, code)
);
CREATE INDEX private_draft_updates_by_party ON private_draft_updates (document_id, party, id);
