-- Heads of delegation (issue 17): a member with the role `head` leads its
-- party's delegation, belongs to a party as delegates and legal staff do,
-- and governs its party's members. A document says who gives a party's
-- full agreement: any delegate of the party (as before) or its head.

ALTER TABLE members DROP CONSTRAINT members_role_check;
ALTER TABLE members ADD CONSTRAINT members_role_check
  CHECK (role IN ('secretariat', 'head', 'delegate', 'legal', 'observer'));

ALTER TABLE members DROP CONSTRAINT members_check;
ALTER TABLE members ADD CONSTRAINT members_party_check
  CHECK (role NOT IN ('head', 'delegate', 'legal') OR party IS NOT NULL);

-- At most one head of delegation in office per party of a document.
CREATE UNIQUE INDEX members_one_head ON members (document_id, party) WHERE role = 'head' AND revoked_at IS NULL;

ALTER TABLE documents ADD COLUMN full_agreement_by text NOT NULL DEFAULT 'delegates'
  CHECK (full_agreement_by IN ('delegates', 'heads'));
