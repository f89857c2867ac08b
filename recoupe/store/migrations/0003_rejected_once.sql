-- version 3: a rejection is recorded once per (source, reason); re-reading a bad file does
-- not pile up copies.
DELETE FROM rejected WHERE id NOT IN (SELECT min(id) FROM rejected GROUP BY source, reason);
CREATE UNIQUE INDEX rejected_once ON rejected(source, reason);
