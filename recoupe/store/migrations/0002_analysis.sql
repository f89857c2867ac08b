-- version 2: each article's story and event as columns (listing a story's articles without
-- reading every record), and the time of the last analysis.
ALTER TABLE articles ADD COLUMN story TEXT;
ALTER TABLE articles ADD COLUMN event TEXT;
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_event ON articles(event);
