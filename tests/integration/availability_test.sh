#!/usr/bin/env bash
# availability: monthly availability through real nginx + Redis + the
# availability program, with outages written by SQL and figures computed by
# hand below.
source "$(dirname "$0")/lib.sh"

start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

id_of() { sqlite3 "$STACK_DB" "SELECT c.id FROM component c JOIN component_attribute a ON a.component_id = c.id AND a.name = 'region' WHERE c.name = '$1' AND a.value = '$2'"; }
# cells HTML ID: the figures of component ID's row, separated by "|".
cells() { echo "$1" | awk -v row="<tr id=\"component-$2\">" '
  index($0, row) { on = 1; next }
  on && /<\/tr>/ { exit }
  on && /<td/ { gsub(/.*">|<\/td>.*/, ""); out = out (out == "" ? "" : "|") $0 }
  END { print out }'; }

c11=$(id_of Component11 Region1)
c12=$(id_of Component12 Region1)
c13=$(id_of Component13 Region1)
c21=$(id_of Component21 Region1)
c22=$(id_of Component22 Region1)

# Months are calendar months in UTC; m2 is the month before last, m1 last
# month, and the current month is measured up to now.
m2=$(sqlite3 "$STACK_DB" "SELECT datetime('now', 'start of month', '-2 months')")
m1=$(sqlite3 "$STACK_DB" "SELECT datetime('now', 'start of month', '-1 month')")
days() { sqlite3 "$STACK_DB" "SELECT CAST(julianday('$1', '+1 month') - julianday('$1') AS INTEGER)"; }
days_m2=$(days "$m2")
days_m1=$(days "$m1")

sqlite3 "$STACK_DB" "
  -- Component11: 03:00-09:00 and 06:00-12:00 on the 10th of last month
  -- overlap, so 9 h = 32400 s count, not 12 h.
  INSERT INTO incident (text, impact, start_date, end_date)
    VALUES ('Outage A', 3, datetime('$m1', '+9 days', '+3 hours'), datetime('$m1', '+9 days', '+9 hours'));
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c11);
  INSERT INTO incident (text, impact, start_date, end_date)
    VALUES ('Outage B', 3, datetime('$m1', '+9 days', '+6 hours'), datetime('$m1', '+9 days', '+12 hours'));
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c11);
  -- Component12: 22:00 on the last day of m2 to 02:00 on the first of m1:
  -- 2 h = 7200 s in each month.
  INSERT INTO incident (text, impact, start_date, end_date)
    VALUES ('Across the month', 3, datetime('$m1', '-2 hours'), datetime('$m1', '+2 hours'));
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c12);
  -- Component13: down since the start of m2 and still open.
  INSERT INTO incident (text, impact, start_date)
    VALUES ('Still down', 3, '$m2');
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c13);
  -- Component21: a major incident is not an outage.
  INSERT INTO incident (text, impact, start_date, end_date)
    VALUES ('Slow', 2, datetime('$m1', '+3 days'), datetime('$m1', '+5 days'));
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c21);"

# Hand-computed: floor((month - down) * 10000 / month) hundredths of a
# percent, for each length a month can have.
declare -A nine_hours=([28]="98.66 %" [29]="98.70 %" [30]="98.75 %" [31]="98.79 %")
declare -A two_hours=([28]="99.70 %" [29]="99.71 %" [30]="99.72 %" [31]="99.73 %")

page=$(fetch GET '/availability?months=3')
expect_contains "availability page is 200" "$page" "HTTP/1.1 200"
expect_contains "three month columns" "$page" "last 3 months"
expect_eq "overlapping outages count once" "100 %|${nine_hours[$days_m1]}|100 %" "$(cells "$page" "$c11")"
expect_eq "outage across a month boundary is split" "${two_hours[$days_m2]}|${two_hours[$days_m1]}|100 %" "$(cells "$page" "$c12")"
expect_eq "open outage counts up to now" "0 %|0 %|0 %" "$(cells "$page" "$c13")"
expect_eq "a major incident is not an outage" "100 %|100 %|100 %" "$(cells "$page" "$c21")"
expect_eq "no outages is 100 %" "100 %|100 %|100 %" "$(cells "$page" "$c22")"
expect_contains "current month marked" "$page" '<span class="to-date">(to date)</span>'
expect_contains "feeds of the region linked" "$page" '<link rel="alternate" type="application/rss+xml" title="RSS: Region1" href="/rss/?mt=Region1">'
expect_contains "calendar linked" "$page" 'href="/maintenance.ics?mt=Region1"'
expect_contains "navigation marks the page" "$page" '<a href="/availability" aria-current="page">Availability</a>'
expect_not_contains "no JavaScript" "$page" "<script"

# The month headers of the first region panel.
month_heads() { awk '/<section class="region-panel/ { n++ } n == 1' | grep -c '<th scope="col">[A-Z][a-z]* [0-9]*'; }
default=$(fetch GET /availability)
expect_eq "six months by default" 6 "$(echo "$default" | month_heads)"
expect_eq "twelve months on request" 12 "$(fetch GET '/availability?months=12' | month_heads)"
expect_contains "months are cached apart" "$(fetch GET '/availability?months=3')" "last 3 months"
expect_contains "second request served from Redis" "$(fetch GET '/availability?months=3')" "X-Cache: HIT"

# Every region's table on the one page (issue 12), ?region= first.
expect_eq "one table per region" 2 "$(echo "$default" | grep -c '<table class="availability">')"
expect_contains "Region2's table on the default page" "$default" "Availability in Region2, last 6 months"
region2=$(fetch GET '/availability?region=Region2')
expect_eq "?region=Region2: its panel first and selected" 'class="region-panel region-selected" id="region-Region2"' \
  "$(echo "$region2" | grep -o 'class="region-panel[^"]*" id="region-[^"]*"' | head -1)"
expect_eq "?region=Region2: Region1 rows still there" "$(cells "$default" "$c11")" "$(cells "$region2" "$c11")"
expect_contains "?region=Region2: months links keep the region" "$region2" 'href="/availability?region=Region2&amp;months=3"'
expect_eq "unknown region is 404" 404 "$(status_of GET '/availability?region=Nowhere')"
for bad in 0 13 abc 6x -1 ''; do
  expect_eq "months=$bad is 400" 400 "$(status_of GET "/availability?months=$bad")"
done
expect_contains "bad months explained" "$(fetch GET '/availability?months=abc')" 'whole number from 1 to 12, not &quot;abc&quot;'

etag=$(fetch GET /availability | tr -d '\r' | sed -n 's/^ETag: //p')
expect_eq "matching If-None-Match is 304" 304 "$(status_of GET /availability -H "If-None-Match: $etag")"

# A write shows at once: the generation is in the cache key.
sqlite3 "$STACK_DB" "
  INSERT INTO incident (text, impact, start_date, end_date)
    VALUES ('Outage C', 3, datetime('$m1', '+20 days'), datetime('$m1', '+20 days', '+9 hours'));
  INSERT INTO incident_component_relation VALUES (last_insert_rowid(), $c22);"
expect_eq "new outage shows on the next request" "100 %|${nine_hours[$days_m1]}|100 %" "$(cells "$(fetch GET '/availability?months=3')" "$c22")"

finish
