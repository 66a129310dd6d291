-- Webhooks an organizer configures per challenge (the secret is kept as given: it signs every delivery),
-- and the events already sent, one row each, so that a cluster's nodes or a restart never send one twice.
CREATE TABLE webhooks (
  id VARCHAR(36) PRIMARY KEY,
  challenge_id VARCHAR(64) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  secret VARCHAR(500) NOT NULL,
  events VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX webhooks_by_challenge ON webhooks (challenge_id);

CREATE TABLE webhook_events (
  event_key VARCHAR(200) PRIMARY KEY,
  at_millis BIGINT NOT NULL
);
