-- Documents under negotiation, their two parties, and the people who work on them.

CREATE TABLE documents (
  id          text PRIMARY KEY,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  style       text NOT NULL CHECK (style IN ('treaty', 'mou')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE parties (
  document_id text NOT NULL REFERENCES documents (id),
  code        text NOT NULL,
  name        text NOT NULL,
  short_name  text NOT NULL,
  position    smallint NOT NULL CHECK (position IN (0, 1)),
  PRIMARY KEY (document_id, code),
  UNIQUE (document_id, position)
);

CREATE TABLE members (
  id          text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  name        text NOT NULL,
  party       text,
  role        text NOT NULL CHECK (role IN ('secretariat', 'delegate', 'legal', 'observer')),
  -- SHA-256 of the bearer token, hex; the token itself is never stored.
  token_hash  text NOT NULL UNIQUE,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  FOREIGN KEY (document_id, party) REFERENCES parties (document_id, code),
  CHECK (role NOT IN ('delegate', 'legal') OR party IS NOT NULL)
);
CREATE INDEX members_document ON members (document_id);

-- The write-ahead log of Yjs updates: every update a client sends is a row
-- here before anyone else sees it. Compaction folds rows into doc_snapshots
-- and deletes exactly the rows it folded.
CREATE TABLE doc_updates (
  document_id text NOT NULL REFERENCES documents (id),
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  data        bytea NOT NULL,
  member_id   text REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, seq)
);

-- The compacted state of a document: all updates merged (Y.mergeUpdates).
CREATE TABLE doc_snapshots (
  document_id    text PRIMARY KEY REFERENCES documents (id),
  state          bytea NOT NULL,
  -- Highest seq folded in so far, and how many update rows that took in all.
  upto_seq       bigint NOT NULL,
  merged_updates bigint NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Server-wide settings, such as the administrator token's hash.
CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
