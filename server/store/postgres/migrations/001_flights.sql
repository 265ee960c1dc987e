-- The live flight table, its commit counter and its audit trail (several hubs, issue 12).

-- The one global seq. A counter row, not a sequence: a sequence hands out numbers that a
-- transaction rolled back never uses (gaps), and in allocation order rather than commit order.
-- Every committing transaction locks this row first and raises it, so commits from all hubs
-- happen one at a time, in seq order.
CREATE TABLE flight_seq (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL CHECK (seq >= 0)
);
INSERT INTO flight_seq (seq) VALUES (0);

-- The live table: archived flights leave it (their trail stays in flight_changes).
CREATE TABLE flights (
  id text PRIMARY KEY,
  flight jsonb NOT NULL,
  -- Per field, the flight version at which it last changed (conflict checks).
  field_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL CHECK (version >= 0),
  -- The change that last wrote the row (0: seeded).
  seq bigint NOT NULL CHECK (seq >= 0)
);

-- Every accepted change: the commit point, the audit trail, and opId idempotency.
CREATE TABLE flight_changes (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  flight_id text NOT NULL,
  op_id text NOT NULL UNIQUE,
  changed_by text NOT NULL,
  workstation text,
  at timestamptz NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  kind text NOT NULL DEFAULT 'update' CHECK (kind IN ('update', 'created', 'archived')),
  fields jsonb NOT NULL,
  flight jsonb NOT NULL,
  undo_of text,
  committed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A flight's history, newest first.
CREATE INDEX flight_changes_by_flight ON flight_changes (flight_id, seq DESC);
