-- People and sign-in (issue 17): accounts, their passkeys, browser sessions,
-- the server's WebAuthn challenges, the administrator's registration links,
-- and a link from each membership to the person who holds it.

CREATE TABLE people (
  id           text PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  organisation text CHECK (organisation IS NULL OR length(organisation) BETWEEN 1 AND 200),
  -- For display only: nothing is ever sent to it.
  email        text CHECK (email IS NULL OR length(email) BETWEEN 3 AND 320),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- A person's WebAuthn credentials. The public key is COSE, as the authenticator gave it.
CREATE TABLE passkeys (
  -- base64url, as WebAuthn names it.
  credential_id text PRIMARY KEY,
  person_id     text NOT NULL REFERENCES people (id),
  public_key    bytea NOT NULL,
  counter       bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports    text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz
);
CREATE INDEX passkeys_person ON passkeys (person_id);

-- Browser sessions, stored like bearer tokens: the SHA-256 of the cookie's value only.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  person_id    text NOT NULL REFERENCES people (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_person ON sessions (person_id);

-- WebAuthn challenges the server handed out: each is taken (deleted) once, before its expiry.
CREATE TABLE auth_challenges (
  challenge   text PRIMARY KEY,
  purpose     text NOT NULL CHECK (purpose IN ('register', 'login')),
  -- For a registration: the account to create and the link that allows it.
  details     jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- Single-use links, made by the administrator, that allow creating one account.
CREATE TABLE registration_links (
  token_hash  text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  person_id   text REFERENCES people (id)
);

ALTER TABLE members ADD COLUMN person_id text REFERENCES people (id);
-- A person holds at most one standing membership of a document: that is who they are there.
CREATE UNIQUE INDEX members_person_document ON members (person_id, document_id) WHERE person_id IS NOT NULL AND revoked_at IS NULL;
