-- Sign-in, continued (issue 17): a page opened with a member's token trades
-- it for a browser session of that membership (so the token leaves the
-- address bar and a second tab or a reload stays in); the administrator
-- signs in as a person, through a registration link that says so.

-- A session is a person's (signed in with a passkey) or one membership's
-- (opened with its token), never both.
ALTER TABLE sessions ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE sessions ADD COLUMN member_id text REFERENCES members (id);
ALTER TABLE sessions ADD CONSTRAINT sessions_one_holder CHECK (num_nonnulls(person_id, member_id) = 1);
CREATE INDEX sessions_member ON sessions (member_id) WHERE member_id IS NOT NULL;

ALTER TABLE people ADD COLUMN administrator boolean NOT NULL DEFAULT false;
ALTER TABLE registration_links ADD COLUMN administrator boolean NOT NULL DEFAULT false;
