-- 0003_api_audit.sql: the audit log of API writes.
-- Every API request that changed data leaves one row here, written in the
-- same transaction as the change. No trigger bumps the data generation for
-- it: the log is not shown on any page.

-- One API request that changed data: who sent it, what it was, and when.
CREATE TABLE api_audit (
  id INTEGER PRIMARY KEY,  -- row identifier, in the order the writes committed
  at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),  -- when the request was served (UTC)
  author TEXT NOT NULL,  -- the token's sub claim, else its payload-key value (e.g. 'dummy' for metrics-processor)
  method TEXT NOT NULL,  -- HTTP method: 'POST', 'PATCH'
  path TEXT NOT NULL,  -- request path, e.g. '/v1/component_status'
  request_id TEXT,  -- nginx's request id, also in the program's log line; NULL when unknown
  body TEXT NOT NULL,  -- the request body as received (at most 4096 bytes kept)
  changes INTEGER NOT NULL  -- rows the request inserted, updated or deleted
);
-- The log by time (reviews of what monitoring did during an outage).
CREATE INDEX api_audit_by_time ON api_audit (at);
