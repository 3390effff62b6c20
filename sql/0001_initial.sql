-- 0001_initial.sql: the status dashboard's data model (stackmon table names).
-- Applied by `sdb-admin migrate` inside one exclusive transaction; afterwards
-- PRAGMA user_version is 1. Times are UTC text 'YYYY-MM-DD HH:MM:SS', the
-- format of SQLite's datetime('now').

-- A service in one place (a region) that incidents can affect.
CREATE TABLE component (
  id INTEGER PRIMARY KEY,  -- stable identifier, used by the API and in links
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)  -- display name, e.g. 'Cloud Container Engine'; not unique (one row per region)
);

-- Name/value pairs describing a component: region, category, type, ...
CREATE TABLE component_attribute (
  id INTEGER PRIMARY KEY,  -- row identifier; the order of ids is the order the attributes are listed in
  component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,  -- the component described
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 30),  -- attribute name: 'region', 'category', 'type', ...
  value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 50),  -- attribute value, e.g. 'EU-DE'
  UNIQUE (component_id, name)
);
-- Finds components by attribute (the region selector, feeds, the API lookup).
CREATE INDEX component_attribute_by_name_value ON component_attribute (name, value, component_id);

-- An incident, or a maintenance (impact 0): something that affects components for a while.
CREATE TABLE incident (
  id INTEGER PRIMARY KEY,  -- identifier shown in /incidents/<id>
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),  -- the title (stackmon calls it text)
  description TEXT,  -- longer description, used for maintenances; NULL when there is none
  impact INTEGER NOT NULL CHECK (impact BETWEEN 0 AND 3),  -- 0 maintenance, 1 minor, 2 major, 3 outage
  start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),  -- when it began or, for a maintenance, is planned to begin (UTC)
  end_date TEXT CHECK (end_date IS NULL OR (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND end_date >= start_date)),  -- when it ended or is planned to end (UTC); NULL while an incident is open
  system INTEGER NOT NULL DEFAULT 0 CHECK (system IN (0, 1)),  -- 1 when opened by the monitoring API, 0 when by an operator
  type TEXT NOT NULL DEFAULT 'incident' CHECK (type IN ('incident', 'maintenance', 'info') AND (type <> 'maintenance' OR impact = 0)),  -- kind of event; impact 0 is shown as a maintenance whatever this says
  status TEXT  -- latest lifecycle status (e.g. 'analyzing', 'resolved', 'in progress'); NULL when none was set
);
-- Events still open (the board, the API decision procedure).
CREATE INDEX incident_open ON incident (start_date) WHERE end_date IS NULL;
-- Events by end (history, availability, events ending after now).
CREATE INDEX incident_by_end ON incident (end_date);
-- Events by start (planned maintenances, the next scheduled change).
CREATE INDEX incident_by_start ON incident (start_date);

-- Which components an incident affects (many to many).
CREATE TABLE incident_component_relation (
  incident_id INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,  -- the incident
  component_id INTEGER NOT NULL REFERENCES component (id) ON DELETE CASCADE,  -- a component it affects
  PRIMARY KEY (incident_id, component_id)
) WITHOUT ROWID;
-- The incidents of one component (the board, availability, the API).
CREATE INDEX incident_component_by_component ON incident_component_relation (component_id, incident_id);

-- The updates of an incident: its timeline.
CREATE TABLE incident_status (
  id INTEGER PRIMARY KEY,  -- row identifier
  incident_id INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,  -- the incident updated
  timestamp TEXT NOT NULL DEFAULT (datetime('now')) CHECK (timestamp GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),  -- when the update was posted (UTC)
  text TEXT NOT NULL,  -- the message; plain text written by a person or by the system
  status TEXT NOT NULL,  -- 'analyzing', 'fixing', ..., 'SYSTEM' for machine-written updates, 'description' for a maintenance description
  author TEXT  -- who posted it: operator name, 'monitoring' for the API; NULL when unknown
);
-- The timeline of one incident, newest first.
CREATE INDEX incident_status_by_incident ON incident_status (incident_id, timestamp);

-- One row counting every change to the tables above; page caches key on it.
CREATE TABLE data_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),  -- always 1: there is exactly one row
  generation INTEGER NOT NULL,  -- bumped by a trigger on every insert, update and delete
  changed_at TEXT NOT NULL  -- UTC time of the last bump (Last-Modified of pages)
);
INSERT INTO data_generation (id, generation, changed_at) VALUES (1, 1, datetime('now'));

CREATE TRIGGER component_insert_bumps AFTER INSERT ON component BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER component_update_bumps AFTER UPDATE ON component BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER component_delete_bumps AFTER DELETE ON component BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER component_attribute_insert_bumps AFTER INSERT ON component_attribute BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER component_attribute_update_bumps AFTER UPDATE ON component_attribute BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER component_attribute_delete_bumps AFTER DELETE ON component_attribute BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_insert_bumps AFTER INSERT ON incident BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_update_bumps AFTER UPDATE ON incident BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_delete_bumps AFTER DELETE ON incident BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_component_relation_insert_bumps AFTER INSERT ON incident_component_relation BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_component_relation_update_bumps AFTER UPDATE ON incident_component_relation BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_component_relation_delete_bumps AFTER DELETE ON incident_component_relation BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_status_insert_bumps AFTER INSERT ON incident_status BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_status_update_bumps AFTER UPDATE ON incident_status BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
CREATE TRIGGER incident_status_delete_bumps AFTER DELETE ON incident_status BEGIN UPDATE data_generation SET generation = generation + 1, changed_at = datetime('now'); END;
