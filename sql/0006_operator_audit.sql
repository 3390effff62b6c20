-- 0006_operator_audit.sql: the audit log of operators' changes, written in
-- the same transaction as the change and shown to operators at /audit
-- (with the API's log, api_audit). No trigger bumps the data generation
-- for it: the log is not shown on any public page.

-- One change an operator made through the forms: who, when, to what, and
-- what changed.
CREATE TABLE operator_audit (
  id INTEGER PRIMARY KEY,  -- row identifier, in the order the changes committed
  at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),  -- when the change was made (UTC)
  author TEXT NOT NULL,  -- the operator's display name, as recorded on updates
  account TEXT NOT NULL,  -- who vouched for them and their id there, e.g. 'openid:alice', 'github:4242'
  action TEXT NOT NULL CHECK (action IN ('open incident', 'schedule maintenance', 'post update', 'separate component')),  -- what the operator did
  incident_id INTEGER NOT NULL,  -- the incident or maintenance changed (or created)
  changes TEXT NOT NULL,  -- what changed, one "field: old -> new" or "field: value" per line
  request_id TEXT  -- the web server's request id, also in the program's log line; NULL when unknown
);
-- The log by time, and one event's changes.
CREATE INDEX operator_audit_by_time ON operator_audit (at);
CREATE INDEX operator_audit_by_incident ON operator_audit (incident_id, at);
