-- Passengers and their notifications, shared by every hub (issue 12): each message is created
-- once and sent once by whichever hub is alive.

-- Each flight's manifest (passengers.json), replaced a flight at a time.
CREATE TABLE passenger_manifests (
  flight_id text PRIMARY KEY,
  passengers jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- What passengers chose for themselves (passenger-self-service.ndjson), by passenger key.
CREATE TABLE passenger_preferences (
  key text PRIMARY KEY,
  preferences jsonb NOT NULL
);
CREATE TABLE push_subscriptions (
  endpoint text PRIMARY KEY,
  key text NOT NULL,
  subscription jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX push_subscriptions_by_key ON push_subscriptions (key, created_at);
-- When flights left the live table (retention of passengers' settings counts from then).
CREATE TABLE passenger_archived_flights (
  flight_id text PRIMARY KEY,
  archived_at timestamptz NOT NULL
);

-- The transactional outbox. `record` is the whole NotificationRecord; the columns beside it are
-- what claims and lookups need, kept equal to it by every write. Hubs that close the same
-- window create the same messages: the unique key makes the later ones meet in ON CONFLICT.
CREATE TABLE notification_outbox (
  id text PRIMARY KEY,
  flight_id text NOT NULL,
  -- The hub change whose window made the message (0: added outside a window).
  change_seq bigint NOT NULL CHECK (change_seq >= 0),
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'push')),
  pnr text NOT NULL,
  recipient text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- The hub sending it, until when (a claim's lease); NULL unless `sending`.
  claimed_by text,
  claimed_until timestamptz,
  provider_message_id text,
  last_error text,
  record jsonb NOT NULL
);
-- Records added outside a window (moved from a data folder) have change seq 0 and no twins.
CREATE UNIQUE INDEX notification_outbox_once ON notification_outbox
  (flight_id, change_seq, channel, pnr, recipient) WHERE change_seq > 0;
CREATE INDEX notification_outbox_due ON notification_outbox (channel, next_attempt_at)
  WHERE status IN ('queued', 'sending');
CREATE INDEX notification_outbox_by_flight ON notification_outbox (flight_id);
CREATE INDEX notification_outbox_by_provider_id ON notification_outbox (provider_message_id)
  WHERE provider_message_id IS NOT NULL;

-- Coalescing windows: one row per flight that ever had one. `pending` is the open window (NULL
-- once closed) and `seq` the last hub change that opened or slid it, so absorbing a change again
-- (every hub absorbs every change) cannot reopen a window another hub closed.
CREATE TABLE notification_windows (
  flight_id text PRIMARY KEY,
  pending jsonb,
  seq bigint NOT NULL CHECK (seq >= 0)
);

-- What each passenger was last told about each flight.
CREATE TABLE notification_told (
  flight_id text NOT NULL,
  pnr text NOT NULL,
  told jsonb NOT NULL,
  PRIMARY KEY (flight_id, pnr)
);

-- Phones that unsubscribed (Twilio 21610).
CREATE TABLE notification_opt_outs (
  phone text PRIMARY KEY,
  reason text NOT NULL,
  at timestamptz NOT NULL
);

-- The hub change up to which every change has been absorbed into notifications: advanced in
-- the transactions that save windows and create messages.
CREATE TABLE notification_watermark (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL CHECK (seq >= 0)
);
INSERT INTO notification_watermark (seq) VALUES (0);
