-- The version log and attribution: who introduced each Yjs client id, who
-- deleted what, and sealed, hash-chained revisions that can never change.

-- Which member's connection (or server change on a member's behalf;
-- member_id NULL: the server itself) introduced each Yjs client id.
CREATE TABLE client_ids (
  document_id text NOT NULL REFERENCES documents (id),
  client_id   bigint NOT NULL,
  member_id   text REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, client_id)
);

-- Who deleted which Yjs items: [clock, clock + len) of client_id. Yjs
-- delete sets carry no author, so the server records them as they arrive.
CREATE TABLE deletion_marks (
  document_id text NOT NULL REFERENCES documents (id),
  client_id   bigint NOT NULL,
  clock       bigint NOT NULL,
  len         bigint NOT NULL CHECK (len > 0),
  member_id   text REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deletion_marks_document ON deletion_marks (document_id, client_id, clock);

CREATE TABLE revisions (
  document_id  text NOT NULL REFERENCES documents (id),
  seq          integer NOT NULL CHECK (seq > 0),
  label        text NOT NULL,
  note         text NOT NULL DEFAULT '',
  auto         boolean NOT NULL,
  -- Yjs snapshot (state vector and delete set) of the gc-free document,
  -- and its full encoded state: the revision's content, forever.
  snapshot     bytea NOT NULL,
  state        bytea NOT NULL,
  content_hash text NOT NULL,
  parent_hash  text NOT NULL,
  hash         text NOT NULL,
  -- The member who asked for it; NULL with created_by_kind 'admin' or 'server'.
  created_by      text REFERENCES members (id),
  created_by_kind text NOT NULL CHECK (created_by_kind IN ('member', 'admin', 'server')),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (document_id, seq)
);

-- Append-only, enforced by the database itself.
CREATE FUNCTION counterpart_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER revisions_append_only BEFORE UPDATE OR DELETE ON revisions
  FOR EACH ROW EXECUTE FUNCTION counterpart_refuse_change();
CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON revisions
  FOR EACH STATEMENT EXECUTE FUNCTION counterpart_refuse_change();
