-- recoupe store on PostgreSQL, version 1: the SQLite schema (migrations 0001 and 0002) with
-- JSONB records and a french full-text index. Applied in one transaction by PostgresStore.

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    outlet TEXT,
    title TEXT,
    url TEXT,
    language TEXT,
    published TEXT,
    published_from TEXT,
    text TEXT NOT NULL,
    data JSONB NOT NULL,           -- the full Article record
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    story TEXT,
    event TEXT,
    -- title weighs more than body in the ranking; to_tsvector(regconfig, text) is immutable
    tsv TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('french'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('french'::regconfig, text), 'B')
    ) STORED
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_story ON articles (story);
CREATE INDEX articles_event ON articles (event);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

-- every input that produced an article (one article may come from several sources)
CREATE TABLE sources (
    source TEXT PRIMARY KEY,
    size BIGINT,
    mtime DOUBLE PRECISION,
    article_id TEXT REFERENCES articles (id),
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE rejected (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- analysis results by kind (story, event, entity, quote, claim, reuse)
CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    data JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);

-- named state blobs (the streaming clusterer's state, the last analysis, ...)
CREATE TABLE state (
    name TEXT PRIMARY KEY,
    data JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
