-- Every signing copy the server has sealed: which revision, for which
-- party, the SHA-256 of the exact bytes handed out, the signed statement,
-- who exported it and when. Append-only, like the revisions.

CREATE TABLE exports (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id      text NOT NULL,
  revision_seq     integer NOT NULL,
  counterpart      text NOT NULL,
  docx_sha256      text NOT NULL,
  statement        text NOT NULL,
  signature        text NOT NULL,
  exported_by      text REFERENCES members (id),
  exported_by_kind text NOT NULL CHECK (exported_by_kind IN ('member', 'admin')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (document_id, revision_seq) REFERENCES revisions (document_id, seq),
  FOREIGN KEY (document_id, counterpart) REFERENCES parties (document_id, code)
);
CREATE INDEX exports_by_hash ON exports (docx_sha256);

CREATE TRIGGER exports_append_only BEFORE UPDATE OR DELETE ON exports
  FOR EACH ROW EXECUTE FUNCTION counterpart_refuse_change();
CREATE TRIGGER exports_no_truncate BEFORE TRUNCATE ON exports
  FOR EACH STATEMENT EXECUTE FUNCTION counterpart_refuse_change();
