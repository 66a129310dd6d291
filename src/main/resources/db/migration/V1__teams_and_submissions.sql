-- Portable SQL for the embedded database (H2) and PostgreSQL; ${blob_type} is BLOB or BYTEA.
CREATE TABLE teams (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(200) NOT NULL UNIQUE,
  members VARCHAR(20000) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE submissions (
  id VARCHAR(36) PRIMARY KEY,
  challenge_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  submitted_at BIGINT NOT NULL,
  file_name VARCHAR(500),
  format VARCHAR(10) NOT NULL,
  description VARCHAR(100000),
  row_count INTEGER NOT NULL,
  evaluation VARCHAR(1000000) NOT NULL,
  reference_sha256 VARCHAR(64) NOT NULL,
  scorer_version VARCHAR(20) NOT NULL
);

CREATE INDEX submissions_by_team ON submissions (challenge_id, team_id, submitted_at);

CREATE TABLE submission_files (
  submission_id VARCHAR(36) PRIMARY KEY REFERENCES submissions (id),
  content ${blob_type} NOT NULL
);

CREATE TABLE settings (
  name VARCHAR(100) PRIMARY KEY,
  setting_value VARCHAR(2000) NOT NULL
);
