-- version 2: a rejection is recorded once per (source, reason).
DELETE FROM rejected a USING rejected b WHERE a.source = b.source AND a.reason = b.reason AND a.id > b.id;
CREATE UNIQUE INDEX rejected_once ON rejected(source, reason);
