-- Challenges published through the API or loaded from files, organizer actions, final selections,
-- and the public score each submission released under the Ladder.
CREATE TABLE challenges (
  id VARCHAR(64) PRIMARY KEY,
  definition VARCHAR(1000000) NOT NULL,
  definition_is_yaml BOOLEAN NOT NULL,
  reference ${blob_type},
  reference_sha256 VARCHAR(64),
  source_sha256 VARCHAR(64),
  revealed_at BIGINT,
  updated_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id VARCHAR(36) PRIMARY KEY,
  challenge_id VARCHAR(64) NOT NULL,
  at_millis BIGINT NOT NULL,
  action VARCHAR(40) NOT NULL,
  detail VARCHAR(100000) NOT NULL
);

CREATE INDEX audit_by_challenge ON audit_log (challenge_id, at_millis);

CREATE TABLE selections (
  submission_id VARCHAR(36) PRIMARY KEY REFERENCES submissions (id),
  challenge_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(36) NOT NULL,
  selected_at BIGINT NOT NULL
);

ALTER TABLE teams ADD COLUMN submission_lock BIGINT DEFAULT 0 NOT NULL;

ALTER TABLE submissions ADD COLUMN released_score DOUBLE PRECISION;
