-- version 4: what fetching needs. Every URL fetched (as requested, normalised), with the
-- validators a conditional GET sends back (ETag, Last-Modified), its last status and why it
-- failed; and the polling state of each watched feed (JSON: when it was polled, when it is
-- due again and why, its last status).
CREATE TABLE fetched (
    url TEXT PRIMARY KEY,
    final_url TEXT,                 -- where the redirects led (NULL: none)
    kind TEXT NOT NULL,             -- page, feed, sitemap
    status INTEGER NOT NULL,        -- HTTP status of the last answer, 0 when none came
    etag TEXT,
    last_modified TEXT,
    reason TEXT,                    -- why the last fetch failed (NULL when it did not)
    attempts INTEGER NOT NULL DEFAULT 1,
    article_id TEXT,                -- the article it gave, if any
    fetched_at TEXT NOT NULL
);
CREATE INDEX fetched_final ON fetched(final_url);

CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
