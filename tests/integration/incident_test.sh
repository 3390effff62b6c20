#!/usr/bin/env bash
# incident: the incident page through real nginx + Redis + the incident program.
source "$(dirname "$0")/lib.sh"

start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

# Events written as a sysadmin's script would. Incident 1 moved a component
# to incident 2 (the API's "moved to" update, with its seed anchor).
sqlite3 "$STACK_DB" "
  INSERT INTO incident (id, text, impact, start_date, end_date) VALUES
    (1, 'Storage <script>alert(1)</script> slow', 2, '2025-07-01 10:00:00', '2025-07-01 11:30:00');
  INSERT INTO incident (id, text, impact, start_date) VALUES
    (2, 'Follow-up & more', 3, '2025-07-01 11:30:00');
  INSERT INTO incident (id, text, description, impact, start_date, end_date, type) VALUES
    (3, 'Router upgrade', 'Replacing <b>all</b> routers', 0, datetime('now', '+1 day'), datetime('now', '+1 day', '+2 hours'), 'maintenance');
  INSERT INTO incident_component_relation SELECT 1, id FROM component WHERE name = 'Component11';
  INSERT INTO incident_component_relation SELECT 1, (SELECT min(component_id) FROM component_attribute WHERE name = 'region' AND value = 'Region2');
  INSERT INTO incident_component_relation SELECT 2, id FROM component WHERE name = 'Component11';
  INSERT INTO incident_component_relation SELECT 3, (SELECT min(component_id) FROM component_attribute WHERE name = 'region' AND value = 'Region2');
  INSERT INTO incident_status (incident_id, timestamp, text, status, author, related_incident_id) VALUES
    (1, '2025-07-01 10:05:00', 'We see <script>x()</script> errors', 'analyzing', 'alice', NULL),
    (1, '2025-07-01 11:30:00', 'Component11 (Region1, Cat1) moved to <a href=''/incidents/2''>Follow-up</a>', 'SYSTEM', NULL, 2),
    (2, '2025-07-01 11:30:00', 'Component11 (Region1, Cat1) moved from <a href=''/incidents/1''>Storage</a>', 'SYSTEM', NULL, 1);"

page=$(fetch GET /incidents/1)
expect_contains "incident page is 200" "$page" "HTTP/1.1 200"
expect_contains "title escaped" "$page" "<h1 id=\"incident-title\"><img src=\"/static/icons/major.svg\" alt=\"\" width=\"24\" height=\"24\"> Storage &lt;script&gt;alert(1)&lt;/script&gt; slow</h1>"
expect_contains "title in <title>" "$page" "<title>Storage &lt;script&gt;alert(1)&lt;/script&gt; slow · "
expect_not_contains "no script anywhere" "$page" "<script"
expect_contains "impact in words" "$page" "<dt>Impact</dt><dd>Major incident</dd>"
expect_contains "type in words" "$page" "<dt>Type</dt><dd>Incident</dd>"
expect_contains "regions" "$page" "<dd>Region1, Region2</dd>"
expect_contains "services with their regions" "$page" "<dd>Component11 (Region1), Component33 (Region2)</dd>"
expect_contains "began at" "$page" '<dt>Began at</dt><dd><time datetime="2025-07-01T10:00:00Z">2025-07-01 10:00 UTC</time></dd>'
expect_contains "ended at" "$page" '<dt>Ended at</dt><dd><time datetime="2025-07-01T11:30:00Z">2025-07-01 11:30 UTC</time></dd>'
expect_contains "resolved in words" "$page" "This incident has been resolved."
expect_contains "update text escaped" "$page" "We see &lt;script&gt;x()&lt;/script&gt; errors"
expect_contains "update author" "$page" "Posted by alice"
expect_contains "moved-to update is a real link" "$page" 'moved to <a href="/incidents/2">Follow-up &amp; more</a></p>'
expect_not_contains "stored anchor not passed through" "$page" "href='/incidents/2'"
newest=${page%%We see*}
expect_contains "timeline newest first" "$newest" "moved to"
expect_contains "feeds of the first region offered" "$page" '<link rel="alternate" type="application/rss+xml" title="RSS: Region1" href="/rss/?mt=Region1">'
expect_contains "CSP header" "$page" "Content-Security-Policy: default-src 'none'"

page=$(fetch GET /incidents/2)
expect_contains "open incident" "$page" "This incident is ongoing."
expect_contains "moved-from update links back" "$page" 'moved from <a href="/incidents/1">Storage &lt;script&gt;alert(1)&lt;/script&gt; slow</a></p>'
expect_not_contains "open incident has no end" "$page" "Ended at"

page=$(fetch GET /incidents/3)
expect_contains "maintenance type" "$page" "<dt>Type</dt><dd>Maintenance</dd>"
expect_contains "maintenance impact" "$page" "<dd>Scheduled maintenance</dd>"
expect_contains "planned start" "$page" "<dt>Planned start</dt>"
expect_contains "planned end" "$page" "<dt>Planned end</dt>"
expect_contains "maintenance description escaped" "$page" "Replacing &lt;b&gt;all&lt;/b&gt; routers"
expect_contains "planned in words" "$page" "This maintenance is planned."
expect_contains "feeds of Region2" "$page" 'href="/rss/?mt=Region2"'

# Bad ids: the 404 page, never a 500.
for path in /incidents/999 /incidents/0 /incidents/abc /incidents/5abc /incidents/-1 /incidents/+1 \
            /incidents/99999999999999999999999 /incidents/9223372036854775808 /incidents/1%20; do
  expect_eq "404 for $path" 404 "$(status_of GET "$path")"
done
page=$(fetch GET /incidents/999)
expect_contains "unknown id explained" "$page" "There is no incident or maintenance number 999."
expect_contains "404 is the error page" "$page" "<h1>404 Not Found</h1>"
expect_contains "non-numeric id explained" "$(fetch GET /incidents/5abc)" "followed by its number"
expect_eq "POST is 405" 405 "$(status_of POST /incidents/1)"
expect_eq "HEAD is 200" 200 "$(curl -sS -o /dev/null -w '%{http_code}' -I "$STACK_URL$(nocache /incidents/1)")"

# Conditional requests.
etag=$(fetch GET /incidents/1 | tr -d '\r' | sed -n 's/^ETag: //p')
expect_eq "matching If-None-Match is 304" 304 "$(status_of GET /incidents/1 -H "If-None-Match: $etag")"
expect_eq "other page's ETag does not match" 200 "$(status_of GET /incidents/2 -H "If-None-Match: $etag")"

# The page cache keys on the path: /incidents/1 and /incidents/2 are
# separate entries (same program, same parameters).
sqlite3 "$STACK_DB" "UPDATE incident SET text = 'Follow-up' WHERE id = 2"   # a fresh generation
page1=$(fetch GET /incidents/1)
page2=$(fetch GET /incidents/2)
expect_contains "first incident rendered" "$page1" "X-Cache: MISS"
expect_contains "second incident rendered, not taken from the first's entry" "$page2" "X-Cache: MISS"
expect_contains "second incident shows its own title" "$page2" '<h1 id="incident-title"><img src="/static/icons/outage.svg" alt="" width="24" height="24"> Follow-up</h1>'
page1=$(fetch GET /incidents/1)
page2=$(fetch GET /incidents/2)
expect_contains "first incident from the cache" "$page1" "X-Cache: HIT"
expect_contains "cached first incident is itself" "$page1" "Storage &lt;script&gt;"
expect_contains "second incident from the cache" "$page2" "X-Cache: HIT"
expect_contains "cached second incident is itself" "$page2" "Follow-up</h1>"
expect_not_contains "cached second incident is not the first" "$page2" "Storage &lt;script&gt;alert(1)&lt;/script&gt; slow</h1>"

# Times in the visitor's zone, cached per zone.
page=$(fetch GET /incidents/1 -H 'Cookie: sdb_tz=Europe/Berlin')
expect_contains "times in the chosen zone" "$page" '<time datetime="2025-07-01T10:00:00Z">2025-07-01 12:00 CEST</time>'
expect_contains "zone named in the form" "$page" "<option selected>Europe/Berlin</option>"
expect_contains "UTC page unchanged" "$(fetch GET /incidents/1)" "2025-07-01 10:00 UTC</time>"

# The microcache answers a repeated request; a session bypasses it.
curl -sS -o /dev/null "$STACK_URL/incidents/1"
expect_contains "repeated request answered by nginx" "$(curl -sS -i "$STACK_URL/incidents/1")" "X-Micro-Cache: HIT"

finish
