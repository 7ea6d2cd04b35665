-- What waits on a member (derived from the negotiation, never stored) can
-- be dismissed: the member's dismissed items, by the key that names the
-- event each stands for, so a new event comes back as a new item.

CREATE TABLE waiting_dismissals (
  member_id    text NOT NULL REFERENCES members (id),
  document_id  text NOT NULL REFERENCES documents (id),
  item_key     text NOT NULL CHECK (length(item_key) BETWEEN 1 AND 300),
  dismissed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, item_key)
);
