-- Users, ended sessions and the login throttle, shared by every hub (issue 12, phase 2).

-- A user as users.json holds it (role, password hash, scope, disabled, session epoch): the hub
-- validates the record when it reads it, as it does the file.
CREATE TABLE users (
  username text PRIMARY KEY,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Signed-out tokens until they expire: refused on every hub.
CREATE TABLE ended_sessions (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ended_sessions_by_expiry ON ended_sessions (expires_at);

-- Which signing key the sessions were issued with, and since when tokens are accepted: a new
-- key ends every session issued before it (as revoked-sessions.json's keyId does for a folder).
CREATE TABLE session_key (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  key_id text NOT NULL,
  valid_from_ms bigint NOT NULL CHECK (valid_from_ms >= 0)
);

-- Sign-in attempts per username ('user') and per client address ('address'): the times
-- (milliseconds) of the attempts still counted. One row per key, updated in one statement that
-- takes a slot only while under the limit, so hubs count together without races.
CREATE TABLE login_attempts (
  kind text NOT NULL CHECK (kind IN ('user', 'address')),
  key text NOT NULL,
  times bigint[] NOT NULL,
  PRIMARY KEY (kind, key)
);
