-- Adding a passkey while signed in (issue 17): its own challenge purpose,
-- so that an answer to it can never create an account, nor a registration's
-- answer add a passkey to someone. Its details name the person.

ALTER TABLE auth_challenges DROP CONSTRAINT auth_challenges_purpose_check;
ALTER TABLE auth_challenges ADD CONSTRAINT auth_challenges_purpose_check CHECK (purpose IN ('register', 'login', 'passkey'));
