-- Sign-in throttles (issue 13 item 9): failed password sign-ins slow down the client that makes
-- them, not the account's owner. One row per account (lower-cased email, whether or not a member
-- has it, so a throttled answer never tells who exists) and client IP, with growing waits; and one
-- row per account with client_ip '*', the ceiling across every IP, counted in a fixed window.
CREATE TABLE signin_throttles (
  email           text NOT NULL,
  client_ip       text NOT NULL,
  failures        int NOT NULL,
  window_start    timestamptz NOT NULL DEFAULT now(),
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  blocked_until   timestamptz,
  PRIMARY KEY (email, client_ip)
);

-- The ceiling detector reads the accounts blocked now.
CREATE INDEX signin_throttles_blocked ON signin_throttles (blocked_until) WHERE client_ip = '*';
