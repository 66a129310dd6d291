-- Series: challenges grouped and ranked together (SPEC "Series"), loaded from challenges/series/ or published
-- through the API. source_sha256 is the SHA-256 of the file a series was loaded from; null when published through the API.
CREATE TABLE series (
  id VARCHAR(64) PRIMARY KEY,
  definition VARCHAR(1000000) NOT NULL,
  definition_is_yaml BOOLEAN NOT NULL,
  source_sha256 VARCHAR(64),
  updated_at BIGINT NOT NULL
);
