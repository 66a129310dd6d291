-- Who competes in a challenge with which team: a participant belongs to one team per challenge (SPEC), kept by
-- this key in the transaction that stores a team's submission, so that two teams sharing a member and uploading
-- at the same instant cannot both pass. member_key is the SHA-256 of the member's name key (domain.Names: NFKC, case folded, look-alikes as one).
CREATE TABLE challenge_members (
  challenge_id VARCHAR(64) NOT NULL,
  member_key VARCHAR(400) NOT NULL,
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  PRIMARY KEY (challenge_id, member_key)
);
