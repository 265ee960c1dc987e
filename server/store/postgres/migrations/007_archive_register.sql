-- The archive register, shared by every hub (issue 12): the flights the rolling window archived,
-- with when, as window.json holds them for one hub. A flight in it is never made again from the
-- schedule, past days' KPIs read its last state, and after the retention period its passengers'
-- data is pruned (by whichever hub rolls first). A change is announced with
-- pg_notify('jetbridge_archive', '').
CREATE TABLE archived_flights (
  flight_id text PRIMARY KEY,
  archived_at timestamptz NOT NULL
);
CREATE INDEX archived_flights_at ON archived_flights (archived_at);
