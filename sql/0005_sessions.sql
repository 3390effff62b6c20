-- 0005_sessions.sql: operator sign-in. The dashboard keeps no passwords:
-- an OpenID Connect provider or GitHub vouches for the operator, and the
-- dashboard keeps a server-side session for the browser. Neither table
-- bumps the data generation: nothing here is shown on a public page.

-- A sign-in under way: written when the operator is sent to the provider,
-- taken (deleted) when the provider sends them back. Single use; rows older
-- than ten minutes are refused and swept.
CREATE TABLE login_state (
  state_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the random state sent to the provider (the state itself is never stored)
  provider TEXT NOT NULL CHECK (provider IN ('openid', 'github')),  -- which sign-in route started it
  nonce TEXT NOT NULL,  -- the OpenID nonce the ID token must carry back
  code_verifier TEXT NOT NULL,  -- the PKCE verifier whose S256 challenge went to the provider
  return_to TEXT NOT NULL,  -- the local path the operator came from, where they land after signing in
  created_at INTEGER NOT NULL  -- Unix time when the sign-in started
) WITHOUT ROWID;

-- A signed-in operator's browser session.
CREATE TABLE operator_session (
  id_hash TEXT PRIMARY KEY,  -- hex SHA-256 of the random session id in the sdb_session cookie (the id itself is never stored)
  csrf_token TEXT NOT NULL,  -- the token every form of this session carries
  provider TEXT NOT NULL CHECK (provider IN ('openid', 'github')),  -- who vouched for the operator
  subject TEXT NOT NULL,  -- the provider's stable user id (OpenID sub, GitHub user id)
  name TEXT NOT NULL,  -- display name, recorded as author of the operator's changes
  email TEXT NOT NULL DEFAULT '',  -- e-mail address from the provider, '' when not shared
  created_at INTEGER NOT NULL,  -- Unix time of the sign-in
  last_seen_at INTEGER NOT NULL,  -- Unix time of the last request (updated at most once a minute)
  expires_at INTEGER NOT NULL  -- Unix time when the session ends regardless of activity
) WITHOUT ROWID;
-- Sweeping ended sessions.
CREATE INDEX operator_session_by_expiry ON operator_session (expires_at);
