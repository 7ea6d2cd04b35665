-- Invitations (issue 17): a single-use link that expires, naming the
-- negotiation, the party and the role; stored like tokens (the SHA-256 of
-- the link's secret only). Re-sending voids the old one and makes another.

CREATE TABLE invitations (
  id          text PRIMARY KEY,
  document_id text NOT NULL REFERENCES documents (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  party       text,
  role        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  -- The member who invited, or NULL for the administrator.
  created_by  text REFERENCES members (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     text REFERENCES people (id),
  member_id   text REFERENCES members (id),
  voided_at   timestamptz,
  CHECK (used_at IS NULL OR voided_at IS NULL)
);
CREATE INDEX invitations_document ON invitations (document_id, created_at);
