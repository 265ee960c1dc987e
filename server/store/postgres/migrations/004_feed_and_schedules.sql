-- Feed keys, feed message results, and the schedules, shared by every hub (issue 12, phase 2).

-- An integration's API key, as api-keys.json holds it (its SHA-256, never the key).
CREATE TABLE api_keys (
  name text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  record jsonb NOT NULL
);

-- The first result of every feed message, by key and messageId: a retry on any hub gets it.
-- The change itself is applied once anyway (its opId feed:<key>:<messageId> in flight_changes);
-- this keeps the answer, refusals and held fields included.
CREATE TABLE feed_results (
  key_name text NOT NULL,
  message_id text NOT NULL,
  result jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (key_name, message_id)
);
CREATE INDEX feed_results_by_age ON feed_results (recorded_at);

-- The imported schedules (schedules.json): one document, replaced whole by an import, with a
-- version so that an import is merged onto the schedule it read.
CREATE TABLE schedules (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  legs jsonb NOT NULL,
  version bigint NOT NULL
);
INSERT INTO schedules (legs, version) VALUES ('[]'::jsonb, 0);
