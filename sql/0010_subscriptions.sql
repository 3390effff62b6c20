-- 0010_subscriptions.sql: who is told about the outbox's events (issue 15),
-- and the log of telling them. Email subscribers sign up themselves with a
-- double opt-in (a subscription_request whose mailed link confirms it);
-- operators register webhook endpoints. Both are subscribers with a scope
-- (the whole page, chosen regions or chosen components) and kinds
-- (incidents, maintenance); the notify worker fans each event out into one
-- delivery per matching subscriber and sends those, with retries.
-- Nothing here is shown on a public page: no trigger bumps the data
-- generation.

-- A confirmed email address or an operator's webhook endpoint.
CREATE TABLE subscriber (
  id INTEGER PRIMARY KEY,  -- the subscriber; manage links and delivery ids carry it
  channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),  -- how it is told
  address TEXT NOT NULL,  -- the email address, or the webhook's URL
  format TEXT NOT NULL CHECK (format IN ('email', 'json', 'slack')),  -- email; a webhook's payload: the generic JSON event or Slack-compatible JSON
  incidents INTEGER NOT NULL CHECK (incidents IN (0, 1)),  -- 1: told about incidents
  maintenance INTEGER NOT NULL CHECK (maintenance IN (0, 1)),  -- 1: told about maintenance
  scope TEXT NOT NULL CHECK (scope IN ('all', 'regions', 'components')),  -- the whole page, the regions of subscriber_region, or the components of subscriber_component
  time_zone TEXT NOT NULL DEFAULT 'UTC',  -- IANA zone the subscriber's mails show times in
  secret TEXT NOT NULL,  -- email: the random nonce manage links are derived from (HMAC with SDB_SECRET_KEY; a new nonce revokes them); webhook: the signing secret
  created_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when it was confirmed or registered (UTC)
  created_by TEXT,  -- the operator who registered a webhook; NULL for email
  paused_at TEXT,  -- when deliveries were paused (UTC); NULL while active
  pause_reason TEXT,  -- why: an operator paused it, or it kept failing
  failures INTEGER NOT NULL DEFAULT 0,  -- failed delivery attempts in a row
  last_success_at TEXT,  -- the last delivery it accepted (UTC)
  last_error TEXT,  -- what the last failed attempt got
  CHECK ((channel = 'email') = (format = 'email'))
);
-- One subscription per email address, whatever its case.
CREATE UNIQUE INDEX subscriber_email ON subscriber (address COLLATE NOCASE) WHERE channel = 'email';

-- The regions a subscriber with scope 'regions' follows.
CREATE TABLE subscriber_region (
  subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,  -- the subscriber
  region TEXT NOT NULL,  -- a region's name (component_attribute 'region')
  PRIMARY KEY (subscriber_id, region)
) WITHOUT ROWID;

-- The components a subscriber with scope 'components' follows.
CREATE TABLE subscriber_component (
  subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,  -- the subscriber
  component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,  -- a component it follows
  PRIMARY KEY (subscriber_id, component_id)
) WITHOUT ROWID;
CREATE INDEX subscriber_component_by_component ON subscriber_component (component_id);

-- A visitor's request to subscribe (or to change a subscription), waiting
-- for the mailed link to confirm it; also the log the limits on
-- confirmation mails count.
CREATE TABLE subscription_request (
  id INTEGER PRIMARY KEY,  -- the request
  email TEXT NOT NULL,  -- the address to confirm
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 (hex) of the confirmation link's random token; the token itself is only in the mail
  incidents INTEGER NOT NULL CHECK (incidents IN (0, 1)),  -- the chosen kinds, as in subscriber
  maintenance INTEGER NOT NULL CHECK (maintenance IN (0, 1)),  -- (the other kind)
  scope TEXT NOT NULL CHECK (scope IN ('all', 'regions', 'components')),  -- the chosen scope, as in subscriber
  time_zone TEXT NOT NULL,  -- the chosen zone
  regions TEXT NOT NULL DEFAULT '',  -- the chosen regions' names, one per line
  components TEXT NOT NULL DEFAULT '',  -- the chosen components' ids, separated by commas
  client TEXT NOT NULL,  -- SHA-256 (hex) of the client's address, for the per-client limit (not the address itself)
  created_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when it was asked for (UTC)
  expires_at TEXT NOT NULL,  -- when the link stops working (UTC): 24 hours later
  used_at TEXT  -- when the link was followed (UTC); a used link works no more
);
CREATE INDEX subscription_request_by_email ON subscription_request (email COLLATE NOCASE, created_at);
CREATE INDEX subscription_request_by_client ON subscription_request (client, created_at);

-- One event for one subscriber: the fan-out of the outbox, and the
-- delivery log operators read.
CREATE TABLE delivery (
  id INTEGER PRIMARY KEY,  -- the delivery
  event_id INTEGER NOT NULL REFERENCES notification_event (id) ON DELETE CASCADE,  -- what to tell
  subscriber_id INTEGER NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,  -- whom
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'sent', 'failed')),  -- queued (not tried yet), retrying (failed, tried again at next_attempt_at), sent, failed (gave up)
  attempts INTEGER NOT NULL DEFAULT 0,  -- attempts made
  next_attempt_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when it may be tried (UTC)
  claimed_by TEXT,  -- the notify worker sending it now; NULL when none
  claimed_until TEXT,  -- the end of that worker's lease (UTC): past it, another worker may send it
  created_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when the event was fanned out (UTC)
  sent_at TEXT,  -- when the receiver accepted it (UTC)
  last_error TEXT,  -- what the last failed attempt got
  UNIQUE (event_id, subscriber_id)  -- one delivery per event and subscriber: fanning out twice adds nothing
);
-- Deliveries to try, in the order they are due.
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE state IN ('queued', 'retrying');
-- A subscriber's deliveries, newest last (the operators' log).
CREATE INDEX delivery_by_subscriber ON delivery (subscriber_id, id);

-- The audit log records operators' changes to webhook endpoints too and
-- resent deliveries (incident_id 0: about no incident): the table is
-- rebuilt with the wider list of actions, its rows and indexes kept.
CREATE TABLE operator_audit_0010 (
  id INTEGER PRIMARY KEY,  -- row identifier, in the order the changes committed
  at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),  -- when the change was made (UTC)
  author TEXT NOT NULL,  -- the operator's display name, as recorded on updates
  account TEXT NOT NULL,  -- who vouched for them and their id there, e.g. 'openid:alice', 'github:4242'
  action TEXT NOT NULL CHECK (action IN ('open incident', 'schedule maintenance', 'post update', 'separate component', 'add webhook', 'pause webhook', 'resume webhook', 'delete webhook', 'resend delivery')),  -- what the operator did
  incident_id INTEGER NOT NULL,  -- the incident or maintenance changed (or created); 0 for a change to no incident (webhooks)
  changes TEXT NOT NULL,  -- what changed, one "field: old -> new" or "field: value" per line
  request_id TEXT  -- the web server's request id, also in the program's log line; NULL when unknown
);
INSERT INTO operator_audit_0010 SELECT id, at, author, account, action, incident_id, changes, request_id FROM operator_audit;
DROP TABLE operator_audit;
ALTER TABLE operator_audit_0010 RENAME TO operator_audit;
CREATE INDEX operator_audit_by_time ON operator_audit (at);
CREATE INDEX operator_audit_by_incident ON operator_audit (incident_id, at);
