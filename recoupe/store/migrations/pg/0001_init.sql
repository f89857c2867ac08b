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
    tsv TSVECTOR                   -- title and text, french; kept by the triggers below
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_story ON articles (story);
CREATE INDEX articles_event ON articles (event);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

-- the title weighs more than the body in the ranking. A trigger rather than a generated
-- column: an analysis rewrites every article's row, and only a changed title or text
-- should pay for a new tsvector.
CREATE FUNCTION articles_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.tsv := setweight(to_tsvector('french'::regconfig, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('french'::regconfig, NEW.text), 'B');
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_tsv_insert BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_tsv();
CREATE TRIGGER articles_tsv_update BEFORE UPDATE OF title, text ON articles
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION articles_tsv();

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
