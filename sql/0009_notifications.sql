-- 0009_notifications.sql: the transactional outbox of subscriptions (issue
-- 15). Triggers record each change subscribers are told about in the same
-- transaction as the write that makes it, whichever program writes (the
-- API, the operators' forms, sdb-admin): an event is never lost, and never
-- recorded for a write that is rolled back. A write that changes nothing
-- (the monitoring repeats answered 409) fires no trigger. The notify worker
-- claims due events with a lease and fans each out to the subscribers and
-- webhooks whose scope and kinds match; the API pays one row per change,
-- whatever the number of subscribers.
--
-- A maintenance's start and end are recorded when it is scheduled, due at
-- their times, so the worker tells subscribers on time although nothing is
-- written then; changing or cancelling the maintenance replaces them.
-- Operators' updates of status 'resolved', 'reopened', 'completed' and
-- 'cancelled' come with the change of the incident row they describe,
-- which records the event; the worker shows the latest update with it.

-- One change to tell subscribers about (the outbox).
CREATE TABLE notification_event (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of recording; never reused (delivery message ids derive from it)
  incident_id INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,  -- the incident or maintenance it is about
  kind TEXT NOT NULL CHECK (kind IN ('incident.created', 'incident.updated', 'incident.impact_changed', 'incident.resolved', 'incident.reopened', 'maintenance.scheduled', 'maintenance.updated', 'maintenance.started', 'maintenance.completed', 'maintenance.cancelled')),  -- what happened, the names of the webhook payload
  status_id INTEGER REFERENCES incident_status (id) ON DELETE SET NULL,  -- the update it carries (incident.updated, maintenance.updated); NULL otherwise
  impact INTEGER NOT NULL CHECK (impact BETWEEN 0 AND 3),  -- the incident's impact when it happened
  previous_impact INTEGER CHECK (previous_impact BETWEEN 0 AND 3),  -- the impact before (incident.impact_changed); NULL otherwise
  created_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when it was recorded (UTC)
  due_at TEXT NOT NULL DEFAULT (datetime('now')),  -- when it may be sent (UTC): now, or a maintenance's start or end
  claimed_by TEXT,  -- the notify worker fanning it out now; NULL when none
  claimed_until TEXT,  -- the end of that worker's lease (UTC): past it, another worker may take the event over
  done_at TEXT  -- when it was fanned out (UTC); NULL while pending
);
-- Pending events in the order they are due (what the worker claims).
CREATE INDEX notification_event_pending ON notification_event (due_at, id) WHERE done_at IS NULL;
-- The events of one incident (its pending start and end are replaced).
CREATE INDEX notification_event_by_incident ON notification_event (incident_id, kind);

-- How many outbox rows were ever inserted or deleted: lets the API's audit
-- count the rows a request changed without the outbox's (triggers change
-- it, and each of those changes bumps this counter: two changes).
CREATE TABLE notification_outbox_changes (
  changes INTEGER NOT NULL  -- outbox rows inserted or deleted, ever
);
INSERT INTO notification_outbox_changes (changes) VALUES (0);
CREATE TRIGGER notification_event_insert_counts AFTER INSERT ON notification_event
BEGIN
  UPDATE notification_outbox_changes SET changes = changes + 1;
END;
CREATE TRIGGER notification_event_delete_counts AFTER DELETE ON notification_event
BEGIN
  UPDATE notification_outbox_changes SET changes = changes + 1;
END;

CREATE TRIGGER incident_insert_notifies AFTER INSERT ON incident WHEN NEW.impact > 0
BEGIN
  INSERT INTO notification_event (incident_id, kind, impact) VALUES (NEW.id, 'incident.created', NEW.impact);
END;

CREATE TRIGGER maintenance_insert_notifies AFTER INSERT ON incident WHEN NEW.impact = 0
BEGIN
  INSERT INTO notification_event (incident_id, kind, impact) VALUES (NEW.id, 'maintenance.scheduled', 0);
  INSERT INTO notification_event (incident_id, kind, impact, due_at)
    SELECT NEW.id, 'maintenance.started', 0, NEW.start_date WHERE NEW.start_date > datetime('now');
  INSERT INTO notification_event (incident_id, kind, impact, due_at)
    SELECT NEW.id, 'maintenance.completed', 0, NEW.end_date WHERE NEW.end_date > datetime('now');
END;

CREATE TRIGGER incident_impact_notifies AFTER UPDATE OF impact ON incident
  WHEN NEW.impact <> OLD.impact AND NEW.impact > 0 AND OLD.impact > 0
BEGIN
  INSERT INTO notification_event (incident_id, kind, impact, previous_impact) VALUES (NEW.id, 'incident.impact_changed', NEW.impact, OLD.impact);
END;

CREATE TRIGGER incident_resolved_notifies AFTER UPDATE OF end_date ON incident
  WHEN NEW.impact > 0 AND OLD.end_date IS NULL AND NEW.end_date IS NOT NULL
BEGIN
  INSERT INTO notification_event (incident_id, kind, impact) VALUES (NEW.id, 'incident.resolved', NEW.impact);
END;

CREATE TRIGGER incident_reopened_notifies AFTER UPDATE OF end_date ON incident
  WHEN NEW.impact > 0 AND OLD.end_date IS NOT NULL AND NEW.end_date IS NULL
BEGIN
  INSERT INTO notification_event (incident_id, kind, impact) VALUES (NEW.id, 'incident.reopened', NEW.impact);
END;

-- A maintenance moved (or ended early): its pending start and end are due
-- at the new times (an end now or past is due at once).
CREATE TRIGGER maintenance_times_notify AFTER UPDATE OF start_date, end_date ON incident
  WHEN NEW.impact = 0 AND coalesce(NEW.status, '') <> 'cancelled'
    AND (NEW.start_date IS NOT OLD.start_date OR NEW.end_date IS NOT OLD.end_date)
BEGIN
  DELETE FROM notification_event WHERE incident_id = NEW.id AND done_at IS NULL
    AND kind IN ('maintenance.started', 'maintenance.completed');
  INSERT INTO notification_event (incident_id, kind, impact, due_at)
    SELECT NEW.id, 'maintenance.started', 0, NEW.start_date WHERE NEW.start_date > datetime('now');
  INSERT INTO notification_event (incident_id, kind, impact, due_at)
    SELECT NEW.id, 'maintenance.completed', 0, max(NEW.end_date, datetime('now'))
    WHERE NEW.end_date IS NOT NULL AND (NEW.end_date > datetime('now') OR NEW.end_date IS NOT OLD.end_date);
END;

CREATE TRIGGER maintenance_cancel_notifies AFTER UPDATE OF status ON incident
  WHEN NEW.impact = 0 AND NEW.status = 'cancelled' AND OLD.status IS NOT 'cancelled'
BEGIN
  DELETE FROM notification_event WHERE incident_id = NEW.id AND done_at IS NULL
    AND kind IN ('maintenance.started', 'maintenance.completed');
  INSERT INTO notification_event (incident_id, kind, impact) VALUES (NEW.id, 'maintenance.cancelled', 0);
END;

-- An operator's or the API's update of the timeline. Machine-written lines
-- ('SYSTEM'), a maintenance's description, and the updates whose change
-- of the incident row records the event are not counted twice.
CREATE TRIGGER incident_status_notifies AFTER INSERT ON incident_status
  WHEN NEW.status NOT IN ('SYSTEM', 'description', 'resolved', 'reopened', 'completed', 'cancelled')
BEGIN
  INSERT INTO notification_event (incident_id, kind, status_id, impact)
    SELECT NEW.incident_id, CASE WHEN i.impact = 0 THEN 'maintenance.updated' ELSE 'incident.updated' END, NEW.id, i.impact
    FROM incident i WHERE i.id = NEW.incident_id;
END;
