-- Each delegation's private layer (issue 20): private comment threads, a
-- party's own discussion anchored in the shared text the way shared threads
-- are (Yjs relative positions). Tables of their own, every row naming the
-- party: only the private layer reads them, always with the asker's party,
-- so no shared route can serialise them. A message's party is its thread's
-- (the foreign key includes it).

CREATE TABLE private_threads (
  id          text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  party       text NOT NULL,
  -- Yjs relative positions (encoded) of the start and end of the span.
  anchor_from bytea NOT NULL,
  anchor_to   bytea NOT NULL,
  quote       text NOT NULL,
  created_by  text NOT NULL REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text REFERENCES members (id),
  CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)),
  UNIQUE (document_id, party, id)
);
CREATE INDEX private_threads_by_party ON private_threads (document_id, party, created_at);

CREATE TABLE private_thread_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id text NOT NULL,
  party       text NOT NULL,
  thread_id   text NOT NULL,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  author_id   text NOT NULL REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (document_id, party, thread_id) REFERENCES private_threads (document_id, party, id)
);
CREATE INDEX private_thread_messages_by_thread ON private_thread_messages (document_id, party, thread_id, id);
