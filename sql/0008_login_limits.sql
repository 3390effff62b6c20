-- 0008_login_limits.sql: sign-ins under way, bounded. Anonymous visitors
-- start them, so their expiry must not scan the table under the write lock
-- the monitoring API needs, and one address must not hold many of them.

-- The address of the browser that started the sign-in, to cap pending
-- sign-ins per client.
ALTER TABLE login_state ADD COLUMN client TEXT NOT NULL DEFAULT '';  -- REMOTE_ADDR that started the sign-in ('' for rows older than 0008)
-- Expiry deletes by age.
CREATE INDEX login_state_by_age ON login_state (created_at);
-- Pending sign-ins of one client, counted before a new one is stored.
CREATE INDEX login_state_by_client ON login_state (client, created_at);
