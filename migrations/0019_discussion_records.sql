-- The Record of Discussion of a round (issue 20) is sealed and recorded
-- like a signing original: the exports table names its round. A row with
-- no round is an original; with one, the record of that round, its
-- revision the one that closed the round.

ALTER TABLE exports ADD COLUMN round_number integer;
ALTER TABLE exports ADD CONSTRAINT exports_round FOREIGN KEY (document_id, round_number) REFERENCES rounds (document_id, number);
