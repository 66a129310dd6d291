-- Baselines an organizer adds to a challenge: scored like a submission and shown on every board, never ranked,
-- no team's. The file is kept (compressed, as a submission's) so that a new reference rescored it too.
CREATE TABLE baselines (
  id VARCHAR(36) PRIMARY KEY,
  challenge_id VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  description VARCHAR(100000),
  added_at BIGINT NOT NULL,
  file_name VARCHAR(500),
  format VARCHAR(10) NOT NULL,
  row_count INTEGER NOT NULL,
  evaluation VARCHAR(1000000) NOT NULL,
  reference_sha256 VARCHAR(64) NOT NULL,
  scorer_version VARCHAR(20) NOT NULL,
  content ${blob_type} NOT NULL,
  CONSTRAINT baselines_name UNIQUE (challenge_id, name)
);

-- Uploads after the reveal of a challenge with after_reveal: benchmark: on the post-reveal board only, never on the
-- competition's boards. Marked when stored, so that no clock, however set, can move one onto the final ranking.
ALTER TABLE submissions ADD COLUMN post_reveal BOOLEAN DEFAULT FALSE NOT NULL;
