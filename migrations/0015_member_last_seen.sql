-- When each member was last in the document (issue 17's People screen:
-- "members by party with roles and last seen"): set when one of their
-- collaboration sockets opens or closes. Null until they first come.
ALTER TABLE members ADD COLUMN last_seen_at timestamptz;
