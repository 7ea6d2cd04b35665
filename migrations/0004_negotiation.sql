-- The negotiation workflow: an append-only audit trail, and comment threads
-- anchored to the text.

CREATE TABLE audit (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  at          timestamptz NOT NULL DEFAULT now(),
  event       text NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('member', 'admin', 'server')),
  actor_id    text REFERENCES members (id),
  actor_party text,
  clause_id   text,
  details     text NOT NULL DEFAULT '{}',
  -- A party code when only that party (and the secretariat) may see it; NULL: shared.
  visible_to  text
);
CREATE INDEX audit_by_document ON audit (document_id, id);
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION counterpart_refuse_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION counterpart_refuse_change();

CREATE TABLE comment_threads (
  id          text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  -- Yjs relative positions (encoded) of the start and end of the span.
  anchor_from bytea NOT NULL,
  anchor_to   bytea NOT NULL,
  quote       text NOT NULL,
  created_by  text NOT NULL REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text REFERENCES members (id)
);
CREATE INDEX comment_threads_by_document ON comment_threads (document_id, created_at);

CREATE TABLE comment_messages (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id  text NOT NULL REFERENCES comment_threads (id),
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  author_id  text NOT NULL REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_messages_by_thread ON comment_messages (thread_id, id);
