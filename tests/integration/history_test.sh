#!/usr/bin/env bash
# history: the event history through real nginx + Redis + the history
# program, including a database with 100k closed events.
source "$(dirname "$0")/lib.sh"

start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

# items PAGE: the incident links of the history items, one per line.
items() { grep -o '<h3><img [^>]*> <a href="/incidents/[0-9]*"' <<<"$1" | grep -o '[0-9]*"$' | tr -d '"'; }
# link REL PAGE: the href of the pager link rel=REL, unescaped.
link() { grep -o "<a rel=\"$1\" href=\"[^\"]*\"" <<<"$2" | sed -e 's/.*href="//' -e 's/"$//' -e 's/&amp;/\&/g'; }

sqlite3 "$STACK_DB" "
  INSERT INTO incident (id, text, impact, start_date, end_date, type) VALUES
    (1, 'March <script>alert(1)</script> outage', 3, '2025-03-10 08:00:00', '2025-03-10 09:00:00', 'incident'),
    (2, 'March maintenance', 0, '2025-03-20 08:00:00', '2025-03-20 10:00:00', 'maintenance'),
    (3, 'April minor', 1, '2025-04-02 08:00:00', '2025-04-02 09:00:00', 'incident'),
    (4, 'Still open', 3, '2025-04-03 08:00:00', NULL, 'incident'),
    (5, 'Planned maintenance', 0, datetime('now', '+1 day'), datetime('now', '+1 day', '+1 hour'), 'maintenance');
  INSERT INTO incident_component_relation SELECT 1, id FROM component WHERE name = 'Component11';
  INSERT INTO incident_component_relation SELECT 2, (SELECT min(component_id) FROM component_attribute WHERE name = 'region' AND value = 'Region2');
  INSERT INTO incident_component_relation SELECT 3, id FROM component WHERE name = 'Component12';
  INSERT INTO incident_component_relation SELECT 3, (SELECT min(component_id) FROM component_attribute WHERE name = 'region' AND value = 'Region2');
  INSERT INTO incident_component_relation SELECT 4, id FROM component WHERE name = 'Component11';
  INSERT INTO incident_component_relation SELECT 5, id FROM component WHERE name = 'Component11';"

page=$(fetch GET /history)
expect_contains "history is 200" "$page" "HTTP/1.1 200"
expect_contains "heading" "$page" "<h1>Event history</h1>"
expect_contains "navigation marks the page" "$page" '<a href="/history" aria-current="page">Event history</a>'
expect_eq "closed events newest first" "$(printf '3\n2\n1')" "$(items "$page")"
april=${page%%April 2025</h2>*}; march=${page%%March 2025</h2>*}
expect_eq "April before March" 1 "$(( ${#april} < ${#march} ))"
expect_contains "title escaped" "$page" '<a href="/incidents/1">March &lt;script&gt;alert(1)&lt;/script&gt; outage</a>'
expect_not_contains "no script anywhere" "$page" "<script"
expect_contains "impact in words" "$page" "<dd>Service outage</dd>"
expect_contains "services with regions" "$page" "<dd>Component12 (Region1), Component33 (Region2)</dd>"
expect_contains "start and end" "$page" '<time datetime="2025-03-20T08:00:00Z">2025-03-20 08:00 UTC</time>'
expect_contains "maintenance wording" "$page" "This maintenance has been completed."
expect_contains "incident wording" "$page" "This incident has been resolved."
expect_not_contains "open incident not listed" "$page" "Still open"
expect_not_contains "planned maintenance not listed" "$page" "Planned maintenance"
expect_not_contains "one page: no pager" "$page" 'class="pager"'

# Filters: plain links; unknown values are explained.
expect_eq "region filter" "$(printf '3\n2')" "$(items "$(fetch GET '/history?region=Region2')")"
expect_eq "impact filter" "2" "$(items "$(fetch GET '/history?impact=0')")"
expect_eq "both filters" "3" "$(items "$(fetch GET '/history?region=Region2&impact=1')")"
expect_contains "filter bar links" "$page" '<a href="/history?region=Region2">Region2</a>'
expect_contains "filter bar marks the filter" "$(fetch GET '/history?impact=3')" 'aria-current="true">Outage</a>'
expect_eq "unknown region is 404" 404 "$(status_of GET '/history?region=Nowhere')"
expect_contains "unknown region explained" "$(fetch GET '/history?region=Nowhere')" "There is no region called “Nowhere”"
expect_eq "bad impact is 400" 400 "$(status_of GET '/history?impact=9')"
expect_contains "bad impact explained" "$(fetch GET '/history?impact=9')" "must be 0 (maintenance)"
expect_eq "malformed cursor is 400" 400 "$(status_of GET '/history?before=yesterday')"
expect_eq "before and after is 400" 400 "$(status_of GET '/history?before=20250101000000-1&after=20250101000000-1')"
expect_eq "POST is 405" 405 "$(status_of POST /history)"

# Conditional requests and the page cache.
etag=$(fetch GET /history | tr -d '\r' | sed -n 's/^ETag: //p')
expect_eq "matching If-None-Match is 304" 304 "$(status_of GET /history -H "If-None-Match: $etag")"
expect_contains "second request served from Redis" "$(fetch GET /history)" "X-Cache: HIT"
expect_contains "times in the visitor's zone" "$(fetch GET /history -H 'Cookie: sdb_tz=Asia/Tokyo')" "2025-03-20 17:00 JST</time>"

# 100k closed events, each with a component and an update.
started=$(date +%s.%N)
sqlite3 "$STACK_DB" "
  BEGIN;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
  INSERT INTO incident (id, text, impact, start_date, end_date, type)
  SELECT 1000 + i, 'Bulk event ' || i, i % 4,
         datetime('2025-01-01', '-' || (i * 10) || ' minutes'),
         datetime('2025-01-01', '-' || (i * 10 - 5) || ' minutes'),
         CASE i % 4 WHEN 0 THEN 'maintenance' ELSE 'incident' END
  FROM n;
  INSERT INTO incident_component_relation (incident_id, component_id)
  SELECT i.id, c.id
  FROM incident i
  JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM component) c
    ON c.k = i.id % (SELECT count(*) FROM component)
  WHERE i.id > 1000;
  INSERT INTO incident_status (incident_id, timestamp, text, status)
  SELECT id, end_date, 'Resolved <b>for good</b>', 'resolved' FROM incident WHERE id > 1000;
  COMMIT;"
echo "INFO history: inserted 100k closed events in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
expect_eq "100k closed events" 100003 "$(sqlite3 "$STACK_DB" "SELECT count(*) FROM incident WHERE end_date <= datetime('now')")"

page=$(fetch GET /history)
expect_contains "history with 100k events is 200" "$page" "HTTP/1.1 200"
first=$(items "$page")
expect_eq "a page holds 50 events" 50 "$(echo "$first" | wc -l)"
expect_eq "newest first across the bulk" "$(printf '3\n2\n1\n1001\n1002')" "$(echo "$first" | head -5)"
older=$(link next "$page")
expect_contains "first page links older events" "$older" "/history?before="
expect_eq "first page has no newer link" "" "$(link prev "$page")"

page2=$(fetch GET "$older")
expect_contains "older page is 200" "$page2" "HTTP/1.1 200"
second=$(items "$page2")
expect_eq "older page holds the next 50" "$(seq 1048 1097)" "$second"
newer=$(link prev "$page2")
expect_contains "older page links newer events" "$newer" "/history?after="
expect_eq "newer link leads back to the first page" "$first" "$(items "$(fetch GET "$newer")")"
expect_contains "older page links further back" "$(link next "$page2")" "/history?before="

# The last page: before the second-oldest event.
cursor=$(sqlite3 "$STACK_DB" "SELECT strftime('%Y%m%d%H%M%S', end_date) || '-' || id FROM incident WHERE id = 100999")
last=$(fetch GET "/history?before=$cursor")
expect_eq "last page holds the oldest event" "101000" "$(items "$last")"
expect_eq "last page has no older link" "" "$(link next "$last")"
expect_contains "last page links newer events" "$(link prev "$last")" "/history?after="

filtered=$(fetch GET '/history?region=Region2&impact=0')
expect_contains "filtered history is 200" "$filtered" "HTTP/1.1 200"
expect_eq "filtered page holds 50 events" 50 "$(items "$filtered" | wc -l)"
expect_contains "filtered pager keeps the filters" "$(link next "$filtered")" "/history?region=Region2&impact=0&before="

# Render times, uncached (a session cookie bypasses Redis and the
# microcache). For information only: speed is asserted nowhere.
timed() {
  local out
  out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H 'Cookie: sdb_session=timing' "$STACK_URL$(nocache "$1")")
  expect_eq "uncached $1 is 200" 200 "${out%% *}"
  echo "INFO history render, 100k closed events, uncached, this build: ${out#* } s for $1"
}
middle=$(sqlite3 "$STACK_DB" "SELECT strftime('%Y%m%d%H%M%S', end_date) || '-' || id FROM incident WHERE id = 51000")
timed /history
timed "/history?before=$middle"
timed "/history?before=$cursor"
timed /history?region=Region1
timed /history?region=Region2
timed /history?impact=0
timed '/history?region=Region2&impact=0'
timed "/history?region=Region2&before=$middle"

finish
