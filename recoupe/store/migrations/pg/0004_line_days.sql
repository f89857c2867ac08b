-- version 4: the days on which each line of the stored pages was seen (as SQLite's
-- 0005_line_days.sql): a 64-bit hash of the line, at most clean.repeated_min_days days each.
CREATE TABLE line_days (
    key BIGINT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (key, day)
);
