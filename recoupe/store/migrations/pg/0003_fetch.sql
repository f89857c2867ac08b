-- version 3: what fetching needs (as SQLite's 0004_fetch.sql): every URL fetched with its
-- conditional-GET validators, last status and failure; each watched feed's polling state.
CREATE TABLE fetched (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    kind TEXT NOT NULL,
    status INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    article_id TEXT,
    fetched_at TEXT NOT NULL
);
CREATE INDEX fetched_final ON fetched(final_url);

CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    data JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
