-- How many duplicates the monitoring path left: impacts held by more than
-- one open system incident, plus components in more than one. 0 when the
-- status-report procedure decided every post once (make bench's write
-- runs, tests/faults/storm_fault.sh).
SELECT (SELECT count(*) FROM (SELECT impact FROM incident
          WHERE system = 1 AND end_date IS NULL AND type = 'incident'
          GROUP BY impact HAVING count(*) > 1))
     + (SELECT count(*) FROM (SELECT r.component_id
          FROM incident_component_relation r JOIN incident i ON i.id = r.incident_id
          WHERE i.system = 1 AND i.end_date IS NULL AND i.type = 'incident'
          GROUP BY r.component_id HAVING count(*) > 1));
