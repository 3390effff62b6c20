-- bench-data.sql: the data set of `make bench`, for a database that holds a
-- catalog and nothing else. Deterministic: the same anchor time gives the
-- same rows (no random(); a multiplicative hash of the row number picks
-- every choice). The caller creates the anchor first:
--   CREATE TEMP TABLE bench_anchor AS SELECT 1767225600 AS t;  -- Unix time
-- and runs this file with `sqlite3 -bail DB < ...` (after the anchor).
--
-- What it writes, all before the anchor unless said:
--   100,000 closed events (15 % maintenances) starting evenly over the 3
--   years before the anchor, each on 1 to 3 components and with 1 to 5
--   updates, the last of them closing it;
--   6 open incidents (impacts 1, 2, 3 opened by the monitoring API, the
--   same opened by operators), started in the hours before the anchor;
--   1 maintenance in progress (until 6 h after the anchor) and 1 planned
--   (2 days after the anchor), on 3 components each.

BEGIN;

-- h(n, salt): a well-mixed non-negative integer below 2^31 - 1.
-- Products stay below 2^53, so SQLite never falls back to floating point.
CREATE TEMP VIEW bench_components AS
  SELECT id, row_number() OVER (ORDER BY id) - 1 AS idx,
         count(*) OVER () AS total
  FROM component;

CREATE TEMP TABLE bench_event AS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000),
h AS (
  SELECT i,
         ((i * 2654435761 + 12345) % 4294967291) * 48271 % 2147483647 AS a,
         ((i * 2246822519 + 67890) % 4294967291) * 16807 % 2147483647 AS b
  FROM n
)
SELECT i AS seq,
       CASE WHEN a % 100 < 15 THEN 0 WHEN a % 100 < 55 THEN 1
            WHEN a % 100 < 85 THEN 2 ELSE 3 END AS impact,
       -- Evenly over [anchor - 3 years, anchor - 1 day), +- 2 hours.
       (SELECT t FROM bench_anchor) - 94608000
         + (i - 1) * (94608000 - 86400) / 100000 + b % 14400 - 7200 AS start,
       a, b
FROM h;

INSERT INTO incident (id, text, description, impact, start_date, end_date,
                      system, type, status)
SELECT seq,
       CASE WHEN impact = 0 THEN
         CASE b % 4 WHEN 0 THEN 'Scheduled maintenance of the storage backend'
                    WHEN 1 THEN 'Network maintenance in one availability zone'
                    WHEN 2 THEN 'Database engine upgrade'
                    ELSE 'Control plane software update' END
       ELSE
         CASE b % 8 WHEN 0 THEN 'Increased error rate on API calls'
                    WHEN 1 THEN 'Degraded performance'
                    WHEN 2 THEN 'Service unavailable'
                    WHEN 3 THEN 'Elevated latency for new resources'
                    WHEN 4 THEN 'Console login failures'
                    WHEN 5 THEN 'Instances fail to start'
                    WHEN 6 THEN 'Incident'
                    ELSE 'Intermittent connection timeouts' END
       END,
       CASE WHEN impact = 0 THEN
         'During this window the service may be briefly unavailable. '
         || 'Running resources are not affected; API calls may be rejected '
         || 'and should be retried.'
       END,
       impact,
       datetime(start, 'unixepoch'),
       datetime(start + CASE WHEN impact = 0 THEN 3600 + b % 10800
                             ELSE 600 + (a / 7 % 100) * (a / 7 % 100) * 2 END,
                'unixepoch'),
       CASE WHEN impact > 0 AND a / 3 % 10 < 3 THEN 1 ELSE 0 END,
       CASE WHEN impact = 0 THEN 'maintenance' ELSE 'incident' END,
       CASE WHEN impact = 0 THEN 'completed' ELSE 'resolved' END
FROM bench_event;

-- 1 to 3 distinct components (60 %, 30 %, 10 %).
INSERT INTO incident_component_relation (incident_id, component_id)
SELECT e.seq, c.id
FROM bench_event e
JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) ks
  ON ks.k < CASE WHEN e.a / 11 % 10 < 6 THEN 1 WHEN e.a / 11 % 10 < 9 THEN 2
                 ELSE 3 END
JOIN bench_components c
  ON c.idx = (e.b / 13 + ks.k * 37) % c.total;

-- 1 to 5 updates, evenly from the start to the end; the last one closes.
INSERT INTO incident_status (incident_id, timestamp, text, status, author)
SELECT i.id,
       datetime(strftime('%s', i.start_date)
                  + (strftime('%s', i.end_date) - strftime('%s', i.start_date))
                    * (ks.k + 1) / e.total, 'unixepoch'),
       CASE WHEN ks.k + 1 = e.total THEN
              CASE WHEN i.impact = 0 THEN 'The maintenance has been completed.'
                   ELSE 'The issue has been resolved and the service works '
                        || 'normally again.' END
            WHEN ks.k = 0 THEN
              CASE WHEN i.impact = 0 THEN 'The maintenance has started.'
                   ELSE 'We are investigating reports of errors and will '
                        || 'post an update as soon as we know more.' END
            ELSE 'The cause has been found; a fix is being rolled out to '
                 || 'all affected nodes.' END,
       CASE WHEN ks.k + 1 = e.total THEN i.status
            WHEN i.impact = 0 THEN 'in progress'
            WHEN ks.k = 0 THEN 'analyzing'
            ELSE 'fixing' END,
       CASE WHEN i.system = 1 THEN 'monitoring' ELSE 'operator' END
FROM incident i
JOIN (SELECT seq, 1 + a / 17 % 5 AS total FROM bench_event) AS e ON e.seq = i.id
JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
      UNION ALL SELECT 4) AS ks ON ks.k < e.total;

-- The open events: 3 system incidents (impacts 1-3), 3 operator incidents,
-- a maintenance in progress and one planned. Components 0..17 of the
-- catalog order, 3 each, so none holds two of them.
CREATE TEMP TABLE bench_open (id, k, text, description, impact, start, end_,
                              system, type, status, update_text);
INSERT INTO bench_open VALUES
  (100001, 0, 'Incident', NULL, 1, -3 * 3600, NULL, 1, 'incident', NULL,
   'Monitoring reports increased error rates.'),
  (100002, 1, 'Incident', NULL, 2, -2 * 3600, NULL, 1, 'incident', NULL,
   'Monitoring reports failing API calls.'),
  (100003, 2, 'Incident', NULL, 3, -1 * 3600, NULL, 1, 'incident', NULL,
   'Monitoring reports the service as down.'),
  (100004, 3, 'Slow volume attachment', NULL, 1, -5 * 3600, NULL, 0,
   'incident', 'fixing', 'Volume attachments take several minutes; a fix is being deployed.'),
  (100005, 4, 'Load balancer errors', NULL, 2, -4 * 3600, NULL, 0,
   'incident', 'analyzing', 'Some listeners return 502; we are investigating.'),
  (100006, 5, 'Object storage unavailable', NULL, 3, -90 * 60, NULL, 0,
   'incident', 'identified', 'A storage node failed; traffic is being moved.'),
  (100007, 6, 'Network maintenance in one availability zone',
   'Switches are replaced one by one; connections may drop for seconds.',
   0, -3600, 6 * 3600, 0, 'maintenance', 'in progress', 'The maintenance has started.'),
  (100008, 7, 'Database engine upgrade',
   'Minor version upgrade of every managed database instance.',
   0, 2 * 86400, 2 * 86400 + 4 * 3600, 0, 'maintenance', 'planned', 'The maintenance is planned.');

INSERT INTO incident (id, text, description, impact, start_date, end_date,
                      system, type, status)
SELECT id, text, description, impact,
       datetime((SELECT t FROM bench_anchor) + start, 'unixepoch'),
       CASE WHEN end_ IS NOT NULL
            THEN datetime((SELECT t FROM bench_anchor) + end_, 'unixepoch') END,
       system, type, status
FROM bench_open;

INSERT INTO incident_component_relation (incident_id, component_id)
SELECT o.id, c.id FROM bench_open o JOIN bench_components c
  ON c.idx BETWEEN o.k * 3 AND o.k * 3 + 2;

INSERT INTO incident_status (incident_id, timestamp, text, status, author)
SELECT id, datetime((SELECT t FROM bench_anchor) + min(start, -600), 'unixepoch'),
       update_text, coalesce(status, 'SYSTEM'),
       CASE WHEN system = 1 THEN 'monitoring' ELSE 'operator' END
FROM bench_open;

DROP TABLE bench_open;
DROP TABLE bench_event;
DROP VIEW bench_components;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
