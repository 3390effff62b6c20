-- 0002_update_links.sql: updates that point at another incident.
-- The system writes "X moved to ..." / "X moved from ..." updates when a
-- component changes incident; the page links them from this column, never
-- from HTML stored in the text.

ALTER TABLE incident_status ADD COLUMN related_incident_id INTEGER REFERENCES incident (id) ON DELETE SET NULL;  -- the other incident a "moved to/from" or "added to" update refers to; NULL for ordinary updates
