-- Rounds (issue 20): the meetings the text moves in. A round is planned,
-- then opened and closed once each; opening and closing each record a
-- revision, and what changed between the two is the round. At most one
-- round of a document is open at a time.

CREATE TABLE rounds (
  document_id      text NOT NULL REFERENCES documents (id),
  number           integer NOT NULL CHECK (number >= 1),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  place            text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  -- Calendar dates as written (YYYY-MM-DD): a meeting's dates have no time zone.
  start_date       text NOT NULL CHECK (start_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  end_date         text NOT NULL CHECK (end_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND end_date >= start_date),
  -- [{party, name, title, organisation, role}], in the order given.
  attendance       jsonb NOT NULL,
  -- [{clauseId, topic}], in order.
  agenda           jsonb NOT NULL,
  -- The member who planned it, or NULL for the administrator.
  created_by       text REFERENCES members (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  opened_at        timestamptz,
  opened_revision  integer,
  closed_at        timestamptz,
  closed_revision  integer,
  PRIMARY KEY (document_id, number),
  CHECK ((opened_at IS NULL) = (opened_revision IS NULL)),
  CHECK ((closed_at IS NULL) = (closed_revision IS NULL)),
  CHECK (closed_at IS NULL OR opened_at IS NOT NULL)
);
CREATE UNIQUE INDEX rounds_one_open ON rounds (document_id) WHERE opened_at IS NOT NULL AND closed_at IS NULL;
