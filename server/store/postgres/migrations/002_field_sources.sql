-- Per field, who set it last and when: the feed holds fields agents set by hand, and a schedule
-- import leaves an aircraft type or terminal the feed or an agent set.
ALTER TABLE flights ADD COLUMN field_sources jsonb NOT NULL DEFAULT '{}'::jsonb;
