-- People (SPEC "People: accounts, roles, registration, teams"): accounts signed in by password or OpenID Connect,
-- browser sessions and personal access tokens (kept only as SHA-256 hashes, like team tokens), links sent by mail,
-- roles per challenge, registrations, and teams made by an account. Times are epoch milliseconds.
CREATE TABLE accounts (
  id VARCHAR(36) PRIMARY KEY,
  email VARCHAR(320) NOT NULL,
  email_key VARCHAR(320) NOT NULL UNIQUE,
  name VARCHAR(200) NOT NULL,
  password_hash VARCHAR(400),
  email_verified BOOLEAN NOT NULL,
  orcid VARCHAR(19),
  creator BOOLEAN DEFAULT FALSE NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE account_identities (
  provider VARCHAR(64) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (provider, subject)
);

CREATE TABLE sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  csrf_token VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE access_tokens (
  id VARCHAR(36) PRIMARY KEY,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  name VARCHAR(200) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  scopes VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE mail_links (
  token_hash VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  purpose VARCHAR(16) NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE challenge_roles (
  challenge_id VARCHAR(64) NOT NULL,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  role VARCHAR(16) NOT NULL,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (challenge_id, account_id)
);

CREATE TABLE participants (
  challenge_id VARCHAR(64) NOT NULL,
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  status VARCHAR(16) NOT NULL,
  terms_sha256 VARCHAR(64),
  accepted_at BIGINT NOT NULL,
  decided_at BIGINT,
  PRIMARY KEY (challenge_id, account_id)
);

ALTER TABLE teams ADD COLUMN captain_id VARCHAR(36);

CREATE TABLE team_members (
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  account_id VARCHAR(36) NOT NULL REFERENCES accounts (id),
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, account_id)
);

CREATE INDEX team_members_by_account ON team_members (account_id);

CREATE TABLE team_invitations (
  code_hash VARCHAR(64) PRIMARY KEY,
  team_id VARCHAR(36) NOT NULL REFERENCES teams (id),
  expires_at BIGINT NOT NULL
);

ALTER TABLE audit_log ADD COLUMN actor VARCHAR(320);
