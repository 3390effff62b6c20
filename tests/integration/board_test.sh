#!/usr/bin/env bash
# board: the status board through real nginx + Redis + the board program.
source "$(dirname "$0")/lib.sh"

start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

# Every catalog component appears under its region and category.
expected=$(sqlite3 -separator '|' "$STACK_DB" "
  SELECT r.value, c.value, k.name FROM component k
  JOIN component_attribute r ON r.component_id = k.id AND r.name = 'region'
  JOIN component_attribute c ON c.component_id = k.id AND c.name = 'category'
  ORDER BY 1, 2, 3")
# One response holds every region (issue 12): read / alone, and each
# ?region= too (the same components, that region first).
board_components() {
  awk '
    /<h2 class="visually-hidden" id="region-/ { gsub(/.*>Components in |<\/h2>.*/, ""); region = $0 }
    /<h3>/ { gsub(/.*<h3>|<\/h3>.*/, ""); category = $0 }
    /class="component-name"/ { gsub(/.*component-name">|<\/span>.*/, ""); print region "|" category "|" $0 }' | sort
}
actual=$(curl -sS "$STACK_URL/" | board_components)
for region in $(sqlite3 "$STACK_DB" "SELECT DISTINCT value FROM component_attribute WHERE name = 'region'"); do
  expect_eq "?region=$region: every region's components" "$expected" \
    "$(curl -sS "$STACK_URL/?region=$region" | board_components)"
  first=$(curl -sS "$STACK_URL/?region=$region" | grep -o 'class="region-panel[^"]*" id="region-[^"]*"' | head -1)
  expect_eq "?region=$region: its panel first and selected" \
    "class=\"region-panel region-selected\" id=\"region-$region\"" "$first"
done
expect_eq "12 test components listed" 12 "$(echo "$expected" | wc -l)"
expect_eq "every component under its region and category" "$expected" "$actual"

page=$(fetch GET /)
expect_contains "first region selected by default" "$page" '<section class="region-panel region-selected" id="region-Region1"'
expect_contains "tabs are in-page links" "$page" '<a href="#region-Region2">Region2</a>'
expect_eq "Component31 once per region" 2 "$(echo "$page" | grep -c 'component-name">Component31<')"
expect_contains "all systems operational" "$page" "All systems operational"
expect_contains "legend" "$page" "Legend"
expect_contains "CSP header" "$page" "Content-Security-Policy: default-src 'none'"
expect_contains "nosniff header" "$page" "X-Content-Type-Options: nosniff"
expect_not_contains "no JavaScript" "$page" "<script"
expect_eq "/index is the board" 200 "$(status_of GET /index)"
expect_eq "static stylesheet served by nginx" 200 "$(status_of GET /static/style.css)"
expect_eq "unknown region is 404" 404 "$(status_of GET '/?region=Nowhere')"
expect_contains "unknown region explained" "$(fetch GET '/?region=Nowhere')" "no region called"
expect_eq "POST is 405" 405 "$(status_of POST /)"
expect_contains "405 names the allowed methods" "$(fetch POST /)" "Allow: GET, HEAD"
expect_eq "HEAD is 200" 200 "$(curl -sS -o /dev/null -w '%{http_code}' -I "$STACK_URL$(nocache /)")"
etag=$(fetch GET / | tr -d '\r' | sed -n 's/^ETag: //p')
expect_eq "matching If-None-Match is 304" 304 "$(status_of GET / -H "If-None-Match: $etag")"
expect_contains "second request served from Redis" "$(fetch GET /)" "X-Cache: HIT"

# The time-zone form: a GET that stores the choice in a cookie and goes back.
page=$(fetch GET '/?tz=Europe/Berlin&back=/%3Fregion%3DRegion2')
expect_contains "zone form redirects" "$page" "HTTP/1.1 303"
expect_contains "zone form goes back" "$page" "Location: /?region=Region2"
expect_contains "zone stored in a cookie" "$page" "Set-Cookie: sdb_tz=Europe/Berlin; Path=/; Max-Age=31536000; SameSite=Lax"
expect_contains "zone form never leaves the site" "$(fetch GET '/?tz=UTC&back=//evil.example/')" "Location: /"$'\r'
# Ways back a browser would read as another site (a TAB or newline it
# drops, encoded slashes and backslashes) or that nginx would refuse (NUL):
# all answered with "/", and a browser stays on this site.
for back in '/%09/evil.example' '/%0A/evil.example' '/%5C/evil.example' '/%252F/evil.example' \
  '/%00' '/%2F%2Fevil.example' "/$(printf 'a%.0s' $(seq 1 600))"; do
  head=$(fetch GET "/?tz=UTC&back=$back")
  location=$(_location_of "$head")
  expect_eq "zone form: back=${back:0:24} goes to /" "/" "$location"
  expect_eq "zone form: back=${back:0:24} stays on the site (WHATWG URL)" \
    "$(location_origin /)" "$(location_origin "$location")"
done
expect_eq "Server names no nginx version" "Server: nginx" "$(fetch GET / | tr -d '\r' | grep -i '^Server:')"
expect_eq "unknown zone is 400" 400 "$(status_of GET '/?tz=Mars/Base')"
page=$(fetch GET / -H 'Cookie: sdb_tz=Europe/Berlin')
expect_contains "times shown in the chosen zone" "$page" " CET</time>"
expect_contains "chosen zone selected in the form" "$page" "<option selected>Europe/Berlin</option>"
expect_contains "each zone cached on its own" "$(fetch GET / -H 'Cookie: sdb_tz=Europe/Berlin')" "X-Cache: HIT"
expect_contains "UTC page unchanged" "$(fetch GET /)" " UTC</time>"
expect_contains "unknown zone cookie falls back to UTC" "$(fetch GET / -H 'Cookie: sdb_tz=Nowhere')" " UTC</time>"
expect_contains "feeds linked" "$(fetch GET /)" '<link rel="alternate" type="application/rss+xml" title="RSS: Region1" href="/rss/?mt=Region1">'
expect_contains "footer offers the feeds on one line" "$(fetch GET /)" 'Subscribe: <a href="/rss/?mt=Region1">RSS: Region1</a> · <a href="/atom/?mt=Region1">'

# A row written with the sqlite3 shell shows on the next request: the
# trigger bumped the generation, so the cached page is not used.
sqlite3 "$STACK_DB" "
  INSERT INTO incident (text, impact, start_date) VALUES ('Storage <latency>', 3, datetime('now', '-10 minutes'));
  INSERT INTO incident_component_relation SELECT last_insert_rowid(), id FROM component WHERE name = 'Component21';
  INSERT INTO incident_status (incident_id, text, status) SELECT max(id), 'Looking into it', 'analyzing' FROM incident;"
page=$(fetch GET /)
expect_contains "inserted incident shows at once" "$page" "Storage &lt;latency&gt;"
expect_contains "page rendered afresh" "$page" "X-Cache: MISS"
expect_contains "component shows outage" "$page" "Outage</a>"
expect_contains "latest update shown" "$page" "Looking into it"
expect_not_contains "no longer all operational" "$page" "All systems operational"
expect_eq "old ETag no longer matches" 200 "$(status_of GET / -H "If-None-Match: $etag")"

# A maintenance scheduled to start in 2 s is shown as under way after 3 s
# with no write in between: cached pages expire at the next scheduled start.
sqlite3 "$STACK_DB" "
  INSERT INTO incident (text, impact, start_date, end_date, type)
    VALUES ('Router firmware upgrade', 0, datetime('now', '+2 seconds'), datetime('now', '+1 hour'), 'maintenance');
  INSERT INTO incident_component_relation SELECT last_insert_rowid(), id FROM component WHERE name = 'Component11';"
page=$(fetch GET /)
expect_contains "scheduled maintenance is planned first" "$page" "Planned maintenance</a>"
expect_not_contains "not yet under way" "$page" "(in progress)"
fetch GET / >/dev/null; curl -sS -o /dev/null "$STACK_URL/"   # warm Redis and the microcache
sleep 3
expect_contains "maintenance under way after its start, no write needed" "$(fetch GET /)" "Scheduled maintenance (in progress)"
expect_contains "also through the microcache" "$(curl -sS "$STACK_URL/")" "Scheduled maintenance (in progress)"

# Redis stopped: nothing visible changes.
# (The way back in the zone form names the URL, which differs each time,
# and the "as of" minute may tick over.)
board_body() { curl -sS "$STACK_URL$(nocache /)" | grep -v -e 'name="back"' -e 'class="as-of"'; }
before=$(board_body)
redis-cli -s "$STACK_RUN/redis.sock" shutdown nosave >/dev/null 2>&1 || true
sleep 0.2
expect_eq "board answers 200 without Redis" 200 "$(status_of GET /)"
expect_eq "same page without Redis" "$before" "$(board_body)"
expect_contains "Redis failure logged" "$(cat "$STACK_RUN/log/board.log")" "redis:"

# An unexpected failure is a logged 500 page, and the same process serves
# the next request normally. (Not the component table: the catalog is
# kept between requests for as long as the data generation stands.)
sqlite3 "$STACK_DB" "ALTER TABLE incident RENAME TO incident_away"
page=$(fetch GET /)
expect_contains "database failure is a 500 page" "$page" "HTTP/1.1 500"
expect_contains "500 page explains" "$page" "Something went wrong on our side"
expect_contains "500 is logged with the cause" "$(cat "$STACK_RUN/log/board.log")" "no such table: incident"
sqlite3 "$STACK_DB" "ALTER TABLE incident_away RENAME TO incident"
expect_eq "next request is served normally" 200 "$(status_of GET /)"

# The microcache: nginx answers a repeated request itself for 1 s, and
# keeps answering from it while the program is down.
curl -sS -o /dev/null "$STACK_URL/?region=Region2"
expect_contains "repeated request answered by nginx" "$(curl -sS -i "$STACK_URL/?region=Region2")" "X-Micro-Cache: HIT"
expect_contains "operator sessions bypass the microcache" \
  "$(curl -sS -i -H "Cookie: sdb_session=$(printf 'a%.0s' $(seq 43))" "$STACK_URL/?region=Region2")" "X-Micro-Cache: BYPASS"
expect_contains "a cookie that is no session does not" \
  "$(curl -sS -i -H 'Cookie: sdb_session=x' "$STACK_URL/?region=Region2")" "X-Micro-Cache: HIT"
# A board process that dies is back at once (multiwatch); one that cannot
# come back leaves nginx serving the page stale.
old=$(workers_of board)
kill -KILL $old
back=""
for _ in $(seq 1 50); do
  back=$(workers_of board || true)
  [ -n "$back" ] && [ "$(comm -12 <(sort <<<"$old") <(sort <<<"$back"))" = "" ] && break
  sleep 0.1
done
check "a killed board process is replaced by a new one" test -n "$back" -a "$back" != "$old"
expect_eq "the new board answers" 200 "$(status_of GET /)"
program_down board
sleep 2.5   # nginx counts the 1 s in whole seconds: up to 2 s
page=$(curl -sS -i "$STACK_URL/?region=Region2")
expect_contains "board still served by nginx with the program down" "$page" "HTTP/1.1 200"
expect_contains "served stale from the microcache" "$page" "X-Micro-Cache: STALE"
expect_contains "stale page is the real board" "$page" 'class="region-panel region-selected" id="region-Region2"'

# SIGTERM to the dev stack stops every process it started.
kill -TERM "$STACK_PID"; wait "$STACK_PID" 2>/dev/null
sleep 0.2
expect_eq "stack stopped: nothing left running" "" "$(pgrep -f "$STACK_RUN" || true)"

# The production nginx config is valid.
mkdir -p "$TMP/nginx-check/snippets" "$TMP/nginx-check/conf.d" "$TMP/nginx-check/cache"
cp "$PROJECT_ROOT"/nginx/snippets/*.conf "$TMP/nginx-check/snippets/"
sed 's#/var/cache/nginx/#'"$TMP"'/nginx-check/cache/#' "$PROJECT_ROOT/nginx/conf.d/status-dashboard-cache.conf" \
  > "$TMP/nginx-check/conf.d/status-dashboard-cache.conf"
cp "$PROJECT_ROOT/nginx/conf.d/status-dashboard-edge.conf" "$TMP/nginx-check/conf.d/"
cp /etc/nginx/fastcgi_params /etc/nginx/mime.types "$TMP/nginx-check/"
sed -e 's#/var/log/nginx/#'"$TMP"'/nginx-check/#' -e 's/listen 80;/listen 127.0.0.1:'"$(free_port)"';/' -e '/listen \[::\]/d' \
  "$PROJECT_ROOT/nginx/status-dashboard.conf" > "$TMP/nginx-check/site.conf"
cat > "$TMP/nginx-check/nginx.conf" <<CONF
pid $TMP/nginx-check/nginx.pid;
error_log $TMP/nginx-check/error.log;
events {}
http { include mime.types; include conf.d/*.conf; include site.conf; }
CONF
check "nginx -t accepts the production config" nginx -t -p "$TMP/nginx-check" -c "$TMP/nginx-check/nginx.conf"

finish
