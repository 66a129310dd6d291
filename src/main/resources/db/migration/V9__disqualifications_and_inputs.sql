-- Disqualifications an organizer records before the reveal: of one submission (submission_id set) or of a whole
-- team (submission_id null). What they name is out of every ranking; the final board lists it with the reason.
CREATE TABLE disqualifications (
  id VARCHAR(36) PRIMARY KEY,
  challenge_id VARCHAR(64) NOT NULL,
  submission_id VARCHAR(36),
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  reason VARCHAR(500) NOT NULL,
  actor VARCHAR(320),
  at_millis BIGINT NOT NULL
);

CREATE INDEX disqualifications_by_challenge ON disqualifications (challenge_id);

-- Input files for modelers uploaded through the API (those of the folders stay in challenges/<id>/).
CREATE TABLE challenge_inputs (
  challenge_id VARCHAR(64) NOT NULL,
  name VARCHAR(128) NOT NULL,
  content ${blob_type} NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (challenge_id, name)
);
