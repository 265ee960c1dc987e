-- The gate list and the displays, shared by every hub (issue 12): one JSON document each
-- ('gates', 'displays'), checked by every hub as it reads it, as gates.json and displays.json
-- were. A change is announced with pg_notify('jetbridge_documents', name).
CREATE TABLE hub_documents (
  name text PRIMARY KEY,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
