#!/usr/bin/env bash
# Health, metrics and logs through real nginx + Redis + the programs:
# /healthz and /readyz of every program, /metrics in the Prometheus text
# format (parsed by python3-prometheus-client) and its address check, and
# the request log line (fields, levels, escaping, no secrets).
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3  # Debian's python3: python3-prometheus-client is installed for it
export SDB_SECRET_KEY=dev SDB_METRICS_NETWORKS="127.0.0.1 ::1"
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"
PROGRAMS=$(cd "$BIN_DIR" && ls | grep -vx sdb-admin)
TOKEN=$(SDB_CONFIG="" "$BIN_DIR/sdb-admin" token health-test)

body_of() { curl -sS "$STACK_URL$(nocache "$1")" "${@:2}"; }
# metric NAME LABELS PATH: the value of one sample of PATH's metrics, read
# with the Prometheus client's own parser ("" when there is none).
metric() {
  body_of "$3" | "$PY" -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
name, labels = sys.argv[1], dict(kv.split("=", 1) for kv in sys.argv[2].split(",") if kv)
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
            print(int(s.value) if s.value == int(s.value) else s.value)
            sys.exit(0)' "$1" "$2"
}

# --- /healthz and /readyz of every program
expect_eq "/healthz" 200 "$(status_of GET /healthz)"
expect_eq "/healthz says ok" "ok" "$(body_of /healthz)"
expect_eq "HEAD /healthz" 200 "$(status_of HEAD /healthz -I)"
expect_eq "POST /healthz is 405" 405 "$(status_of POST /healthz)"
out=$(fetch GET /readyz)
expect_contains "/readyz is 200" "$out" "HTTP/1.1 200"
expect_contains "/readyz: the database and its schema" "$out" "database: ok (schema version"
expect_contains "/readyz: Redis answers" "$out" "redis: ok"
expect_contains "/readyz is never cached" "$out" "Cache-Control: no-store"
for p in $PROGRAMS; do
  expect_eq "/healthz/$p" 200 "$(status_of GET "/healthz/$p")"
  expect_eq "/readyz/$p" 200 "$(status_of GET "/readyz/$p")"
  expect_eq "/metrics/$p" 200 "$(status_of GET "/metrics/$p")"
done
expect_eq "an operator-only program answers /healthz without sign-in" 200 "$(status_of GET /healthz/audit)"
# A program that does not exist is a plain 404, not a 502 telling which
# programs the site runs.
for path in /healthz/nosuch /readyz/nosuch /metrics/nosuch /healthz/board_x; do
  expect_eq "$path: 404" 404 "$(status_of GET "$path")"
done

# Not ready: a schema this build does not know (Redis is not required).
sqlite3 "$STACK_DB" "PRAGMA user_version = 99"
out=$(fetch GET /readyz)
expect_contains "/readyz with a foreign schema is 503" "$out" "HTTP/1.1 503"
expect_contains "/readyz says why" "$out" "schema version 99, this build needs"
expect_eq "/healthz is still 200" 200 "$(status_of GET /healthz)"
version=$(ls "$PROJECT_ROOT"/sql/[0-9]*.sql | wc -l)
sqlite3 "$STACK_DB" "PRAGMA user_version = $version"
expect_eq "/readyz is 200 again" 200 "$(status_of GET /readyz)"

# --- /metrics
out=$(fetch GET /metrics/board)
expect_contains "/metrics content type" "$out" "Content-Type: text/plain; version=0.0.4"
before=$(metric sdb_requests_total 'program=board,route=/,method=GET,status=200' /metrics/board)
for _ in 1 2 3; do curl -sS -o /dev/null "$STACK_URL/?region=Region2&_nc=$SRANDOM$SRANDOM"; done
after=$(metric sdb_requests_total 'program=board,route=/,method=GET,status=200' /metrics/board)
expect_eq "requests by route and status count the board" "$(( ${before:-0} + 3 ))" "$after"
expect_eq "latency histogram counts them too" "$after" \
  "$(metric sdb_request_duration_seconds_count 'program=board,route=/' /metrics/board)"
expect_eq "latency +Inf bucket" "$after" \
  "$(metric sdb_request_duration_seconds_bucket 'program=board,route=/,le=+Inf' /metrics/board)"
check "cache hits are counted (Redis page cache)" test "$(metric sdb_cache_requests_total 'program=board,result=hit' /metrics/board)" -ge 1
check "cache misses are counted" test "$(metric sdb_cache_requests_total 'program=board,result=miss' /metrics/board)" -ge 1
curl -sS -o /dev/null "$STACK_URL/incidents/99999"
curl -sS -o /dev/null "$STACK_URL/incidents/nonsense-$SRANDOM"
curl -sS -o /dev/null "$STACK_URL/incidents/other-$SRANDOM"
expect_eq "an unknown incident counts under its route" 1 \
  "$(metric sdb_requests_total 'program=incident,route=/incidents/{id},status=404' /metrics/incident)"
expect_eq "unroutable paths count as other" 2 \
  "$(metric sdb_requests_total 'program=incident,route=other,status=404' /metrics/incident)"

# Open incidents by impact, and database busy retries: an API write while
# another connection holds the write lock for 300 ms.
expect_eq "no open incident yet" 0 "$(metric sdb_open_incidents 'program=api,impact=major' /metrics/api)"
"$PY" -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE"); print("locked", flush=True); time.sleep(0.3); c.execute("COMMIT")' "$STACK_DB" > "$TMP/lock" &
lock_pid=$!
for _ in $(seq 1 50); do grep -q locked "$TMP/lock" && break; sleep 0.02; done
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"name":"Component11","impact":2,"attributes":[{"name":"region","value":"Region1"}]}' \
  "$STACK_URL/v1/component_status")
wait "$lock_pid"
expect_eq "API write waits for the lock and succeeds" 201 "$code"
check "database busy retries are counted" test "$(metric sdb_db_busy_retries_total 'program=api' /metrics/api)" -ge 1
expect_eq "the open incident is counted by impact" 1 "$(metric sdb_open_incidents 'program=board,impact=major' /metrics/board)"
expect_eq "no outage" 0 "$(metric sdb_open_incidents 'program=board,impact=outage' /metrics/board)"
# Only events under way now: not an ended outage, nor a maintenance that
# has not started; a running maintenance and an outage ending later are.
db "INSERT INTO incident (text, impact, start_date, end_date, type) VALUES
  ('ended', 3, datetime('now', '-2 hours'), datetime('now', '-1 hour'), 'incident'),
  ('planned', 0, datetime('now', '+1 hour'), datetime('now', '+2 hours'), 'maintenance')"
expect_eq "an ended outage is not open" 0 "$(metric sdb_open_incidents 'program=board,impact=outage' /metrics/board)"
expect_eq "a planned maintenance is not open" 0 "$(metric sdb_open_incidents 'program=board,impact=maintenance' /metrics/board)"
db "INSERT INTO incident (text, impact, start_date, end_date, type) VALUES
  ('running', 0, datetime('now', '-1 hour'), datetime('now', '+1 hour'), 'maintenance'),
  ('ends later', 3, datetime('now', '-1 hour'), datetime('now', '+1 hour'), 'incident')"
expect_eq "a running maintenance is open" 1 "$(metric sdb_open_incidents 'program=board,impact=maintenance' /metrics/board)"
expect_eq "an outage ending later is open" 1 "$(metric sdb_open_incidents 'program=board,impact=outage' /metrics/board)"
expect_eq "the open major incident still counts" 1 "$(metric sdb_open_incidents 'program=board,impact=major' /metrics/board)"
expect_eq "schema version gauge" "$version" "$(metric sdb_schema_version 'program=board' /metrics/board)"

# The whole exposition parses, every family has HELP and TYPE, histogram
# buckets never decrease.
for p in board api; do
  out=$(body_of "/metrics/$p" | "$PY" -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
text = sys.stdin.read()
families = list(text_string_to_metric_families(text))
for f in families:
    assert f.documentation, f.name + " has no HELP"
    assert ("# TYPE %s " % f.name in text or "# TYPE %s_total " % f.name in text), f.name + " has no TYPE"
    if f.type == "histogram":
        last = {}
        for s in f.samples:
            if s.name.endswith("_bucket"):
                key = s.labels["route"]
                assert s.value >= last.get(key, 0), "bucket decreases"
                last[key] = s.value
print(len(families), "families")' 2>&1)
  expect_contains "/metrics/$p is valid Prometheus text" "$out" "families"
done

# Only SDB_METRICS_NETWORKS may read /metrics (nginx lets 127.0.0.0/8 by).
expect_eq "/metrics from 127.0.0.2 is refused by the program" 403 \
  "$(curl -sS -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$STACK_URL/metrics")"
expect_eq "/healthz from 127.0.0.2 is fine" 200 \
  "$(curl -sS -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$STACK_URL/healthz")"
expect_contains "the refusal is logged" "$(cat "$STACK_RUN/log/board.log")" "metrics refused to 127.0.0.2"
# /readyz tells everyone whether the site is ready, but the schema version
# and Redis state only to the metrics networks.
expect_eq "/readyz from 127.0.0.2: the verdict alone" "ready" \
  "$(curl -sS --interface 127.0.0.2 "$STACK_URL/readyz")"
expect_eq "/readyz from 127.0.0.2 is 200" 200 \
  "$(curl -sS -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$STACK_URL/readyz")"

# --- the request log
curl -sS -o /dev/null -b "sdb_session=SESSIONSECRET123; sdb_tz=UTC" "$STACK_URL/history?token=QUERYSECRET456"
curl -sS -o /dev/null "$STACK_URL/incidents/1%0Aforged%20line"
log=$(cat "$STACK_RUN"/log/*.log | grep -v '^127\.0\.0\.')  # the programs' logs, not nginx's access log
line=$(grep -F 'path=/history ' "$STACK_RUN/log/history.log" | tail -1)
check "request line: time, program, level" grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} history info: request ' <<<"$line"
check "request line: nginx's request id" grep -qE ' id=[0-9a-f]{32} ' <<<"$line"
check "request line: method, path, status" grep -qF 'method=GET path=/history status=200 ' <<<"$line"
check "request line: duration" grep -qE ' duration_ms=[0-9]+\.[0-9]{3} ' <<<"$line"
check "request line: operator (none)" grep -qE ' operator=-$' <<<"$line"
expect_not_contains "no session id in any log" "$log" "SESSIONSECRET123"
expect_not_contains "no query string in any log" "$log" "QUERYSECRET456"
expect_not_contains "no bearer token in any log" "$log" "$TOKEN"
check "a newline in a path cannot forge a log line" test "$(grep -c '^forged' "$STACK_RUN/log/incident.log")" -eq 0
expect_contains "the newline is escaped" "$(cat "$STACK_RUN/log/incident.log")" 'path="/incidents/1\nforged line"'
check "answered health probes are not logged at info" test "$(grep -c 'path=/healthz status=200' "$STACK_RUN/log/board.log")" -eq 0
expect_contains "a refused probe is" "$(cat "$STACK_RUN/log/board.log")" "method=POST path=/healthz status=405"

# Log levels, with one program as CGI on the stack's database.
cgi_log() {
  env SDB_CONFIG="" SDB_DATABASE="$1" SDB_TEMPLATE_DIR="$PROJECT_ROOT/templates" SDB_CACHE_TYPE=none \
    SDB_LOG_LEVEL="$2" REQUEST_METHOD=GET DOCUMENT_URI="$3" REQUEST_ID=req-42 "$BIN_DIR/board" 2>&1 >/dev/null
}
expect_eq "SDB_LOG_LEVEL=warning: no request line" "" "$(cgi_log "$STACK_DB" warning /)"
expect_contains "SDB_LOG_LEVEL=info: the request line" "$(cgi_log "$STACK_DB" info /)" "board info: request id=req-42 method=GET path=/ status=200"
expect_contains "SDB_LOG_LEVEL=debug: probes too" "$(cgi_log "$STACK_DB" debug /healthz)" "board debug: request id=req-42 method=GET path=/healthz status=200"
cp "$STACK_DB" "$TMP/broken.db"
sqlite3 "$TMP/broken.db" "DROP TABLE component_attribute"
out=$(cgi_log "$TMP/broken.db" error /)
expect_contains "a 500 is logged at level error with its cause" "$out" "board error: request req-42 GET / failed"
expect_contains "and its request line at level error" "$out" "board error: request id=req-42 method=GET path=/ status=500"
expect_contains "bad SDB_METRICS_NETWORKS stops the program" \
  "$(SDB_METRICS_NETWORKS=10.0.0.0/33 cgi_log "$STACK_DB" info /)" "SDB_METRICS_NETWORKS \"10.0.0.0/33\" has a bad prefix length"

# Redis down: still ready, and the state is reported.
kill "$(cat "$STACK_RUN/redis.pid")" 2>/dev/null
for _ in $(seq 1 50); do [ -S "$STACK_RUN/redis.sock" ] || break; sleep 0.1; done
sleep 1.1  # the cache retries a connection at most once a second
out=$(fetch GET /readyz)
expect_contains "/readyz without Redis is still 200" "$out" "HTTP/1.1 200"
expect_contains "/readyz reports Redis down" "$out" "redis: unavailable"
check "Redis failures are counted" test "$(metric sdb_cache_errors_total 'program=board' /metrics/board)" -ge 1

finish
