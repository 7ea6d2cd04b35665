-- When each Yjs item was made: [clock, clock + len) of client_id arrived in
-- an update stored at created_at (the same transaction as its doc_updates
-- row, so the same now()). Compaction folds the rows of doc_updates away;
-- these marks stay, so a redline can date every tracked change by the
-- update that made it (deletion_marks already carry theirs). Items stored
-- before this table existed are dated by their client id's created_at.
CREATE TABLE insertion_marks (
  document_id text NOT NULL REFERENCES documents (id),
  client_id   bigint NOT NULL,
  clock       bigint NOT NULL,
  len         bigint NOT NULL CHECK (len > 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX insertion_marks_document ON insertion_marks (document_id, client_id, clock);
