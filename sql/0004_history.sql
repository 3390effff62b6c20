-- 0004_history.sql: an index for the history page's impact filter.
-- The history lists closed events newest first by (end_date, id); filtered by
-- impact it reads this index from the newest end backwards and stops after a
-- page, instead of walking incident_by_end past every event of other impacts.
CREATE INDEX incident_by_impact_end ON incident (impact, end_date);  -- closed events of one impact by end (id is implied: it is the rowid)
