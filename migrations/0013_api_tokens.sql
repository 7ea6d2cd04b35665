-- Personal API tokens (issue 17): a signed-in person makes tokens for
-- scripts and stock clients, each acting as one of their memberships exactly
-- as that member's own token does. Stored like every token: the SHA-256 of
-- the secret only, shown once when made.

CREATE TABLE api_tokens (
  token_hash   text PRIMARY KEY,
  id           text NOT NULL UNIQUE,
  -- The person who made it, and alone sees and revokes it.
  person_id    text NOT NULL REFERENCES people (id),
  -- The membership it acts as (members' key is their id; the document is
  -- kept beside it so that a token is listed and checked without a join).
  document_id  text NOT NULL REFERENCES documents (id),
  member_id    text NOT NULL REFERENCES members (id),
  label        text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- Updated at most once a minute, so that a busy script writes little.
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_person ON api_tokens (person_id, created_at);
CREATE INDEX api_tokens_member ON api_tokens (member_id);
