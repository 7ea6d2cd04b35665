-- Several server instances over one database (issue 22): each live
-- document has one owner, the instance holding its lease. The owner runs
-- the gate, the group commit, the compactor and the revision recorder for
-- that document; other instances relay their clients to it.
--
-- A lease is taken when free or expired, renewed by its owner's heartbeat,
-- and dropped when the document unloads. Its generation comes from one
-- sequence, so it never repeats: every append and compaction names the
-- generation it holds, and one whose lease was taken over stores nothing
-- (the fencing token).

CREATE SEQUENCE lease_generations;

CREATE TABLE document_leases (
  document_id text PRIMARY KEY REFERENCES documents (id),
  instance_id text NOT NULL,
  -- Where the other instances reach the owner (COUNTERPART_INTERNAL_URL).
  url         text NOT NULL,
  generation  bigint NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX document_leases_by_instance ON document_leases (instance_id);
