-- version 5: the days on which each line of the stored pages was seen (a 64-bit hash of the
-- line as recoupe.clean.repeated.line_key gives it, at most clean.repeated_min_days days per
-- line), so that a line a site repeats on several days is found across ingests.
CREATE TABLE line_days (
    key INTEGER NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (key, day)
) WITHOUT ROWID;
