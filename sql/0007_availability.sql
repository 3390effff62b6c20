-- 0007_availability.sql: an index for the availability page.
-- The page reads the outages (impact 3) that ended inside the months it shows
-- or are still open. This partial index holds only outages, by end, with
-- their start, so the page reads both times from it from the window's start
-- on, without looking up each incident's row (and the long text before
-- start_date in it). impact leads as in incident_by_impact_end, so that
-- SQLite prefers this smaller index that also covers the query.
CREATE INDEX incident_outage_by_end ON incident (impact, end_date, start_date) WHERE impact = 3;  -- outages by end, with their start (id is implied: it is the rowid)
