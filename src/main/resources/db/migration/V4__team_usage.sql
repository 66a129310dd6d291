-- Each team's count of submissions to a challenge, in all and on its latest day (UTC), kept with every
-- upload in the transaction that stores it, so that checking the limits reads one row instead of counting
-- a team's whole history. Filled here from the submissions stored before it.
CREATE TABLE team_usage (
  challenge_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  total INTEGER NOT NULL,
  day_start BIGINT NOT NULL,
  day_count INTEGER NOT NULL,
  PRIMARY KEY (challenge_id, team_id)
);

INSERT INTO team_usage (challenge_id, team_id, total, day_start, day_count)
SELECT s.challenge_id, s.team_id, COUNT(*), d.day_start, SUM(CASE WHEN s.submitted_at >= d.day_start THEN 1 ELSE 0 END)
FROM submissions s
JOIN (SELECT challenge_id, team_id, MAX(submitted_at) - MOD(MAX(submitted_at), 86400000) AS day_start
      FROM submissions GROUP BY challenge_id, team_id) d
  ON d.challenge_id = s.challenge_id AND d.team_id = s.team_id
GROUP BY s.challenge_id, s.team_id, d.day_start;
