#!/usr/bin/env bash
# The edge, through the shipped nginx config and real programs: supervision
# (a killed process is replaced at once), nginx's own answers (404, 413,
# 429, 502, 503) as the project's pages with security headers, JSON on the
# API routes, stale pages for SDB_STALE_SECONDS and no longer, the rate
# limits, forwarded headers only from a trusted proxy, cookies that are no
# session, long URLs in the microcache, sign-in queries kept out of the
# access log, and slow clients that delay nobody.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=edge SDB_TRUSTED_PROXIES=127.0.0.2 SDB_STALE_SECONDS=3
STACK_RATE_LIMITS=on start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
PROGRAMS=$(cd "$BIN_DIR" && ls | grep -vx sdb-admin)
headers_of() { curl -sS -o /dev/null -D - "$@" | tr -d '\r'; }

# --- supervision: every program keeps 2 processes; a killed one is
# replaced within about a second, and nothing is left a zombie.
for p in $PROGRAMS; do
  expect_eq "$p runs 2 processes" 2 "$(workers_of "$p" | wc -l)"
done
for p in $PROGRAMS; do
  victim=$(workers_of "$p" | head -1)
  kill -KILL "$victim"
  replaced=""
  for _ in $(seq 1 30); do
    now=$(workers_of "$p" || true)
    if [ "$(wc -l <<<"$now")" = 2 ] && ! grep -qx "$victim" <<<"$now"; then replaced=1; break; fi
    sleep 0.1
  done
  check "$p: a killed process is replaced within 3 s" test -n "$replaced"
done
expect_eq "the board answers after its restart" 200 "$(status_of GET /)"
zombies=$(ps -eo stat=,ppid= | awk '$1 ~ /^Z/ {print $2}' | while read -r parent; do
  for p in $PROGRAMS; do [ "$parent" = "$(supervisor_of "$p")" ] && echo "$p"; done; done)
expect_eq "no zombie processes under the supervisors" "" "$zombies"

# --- nginx's own answers: our pages, our headers, no version
out=$(curl -sS -i "$STACK_URL/no/such/path")
expect_contains "unrouted path: 404" "$out" "HTTP/1.1 404"
expect_contains "unrouted path: the project's page" "$out" "There is no page at this address."
expect_contains "unrouted path: the stylesheet of the site" "$out" 'href="/static/style.css"'
for header in "Content-Security-Policy: default-src 'none'" "X-Content-Type-Options: nosniff" \
              "X-Frame-Options: DENY" "Referrer-Policy: same-origin"; do
  expect_contains "unrouted path: $header" "$out" "$header"
done
expect_contains "Server without a version" "$out" $'Server: nginx\r'
expect_not_contains "no Strict-Transport-Security over http" "$out" "Strict-Transport-Security"
expect_eq "the error pages themselves are not URLs" 404 \
  "$(curl -sS -o /dev/null -w '%{http_code}' "$STACK_URL/static/errors/unavailable.html")"
expect_contains "static files carry the security headers" "$(headers_of "$STACK_URL/static/style.css")" "X-Frame-Options: DENY"

head -c 100000 /dev/zero | tr '\0' 'a' >"$TMP/big"
out=$(curl -sS -i -X POST --data-binary @"$TMP/big" "$STACK_URL/incidents")
expect_contains "form body over 64 KB: 413" "$out" "HTTP/1.1 413"
expect_contains "413: the project's page" "$out" "larger than this site accepts"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$TMP/huge"
out=$(curl -sS -i -X POST -H 'Content-Type: application/json' --data-binary @"$TMP/huge" "$STACK_URL/v1/component_status")
expect_contains "API body over 1 MB: 413" "$out" "HTTP/1.1 413"
body=${out#*$'\r\n\r\n'}
expect_eq "API 413 is JSON" 413 "$(jq -r .code <<<"$body" 2>&1)"

# --- rate limits: form posts and sign-in per address, 429 + Retry-After.
# Sent 20 at a time, so they arrive together however busy the machine is;
# each answer is kept (NAME-N.h, NAME-N.b) to read a 429 of the burst itself.
burst() { # NAME N CURL-ARGS...: N requests, 20 in parallel; prints the codes
  local name=$1 n=$2; shift 2
  seq 1 "$n" | xargs -P 20 -I{} curl -sS -D "$TMP/$name-{}.h" -o "$TMP/$name-{}.b" -w '%{http_code}\n' "$@"
}
codes=$(burst form 60 -X POST -d x=1 "$STACK_URL/incidents")
check "60 form posts at once: some are refused with 429" grep -qx 429 <<<"$codes"
check "at least the burst of 20 is not ($(grep -vcx 429 <<<"$codes"))" test "$(grep -vcx 429 <<<"$codes")" -ge 20
refused=$(grep -l '^HTTP/1.1 429' "$TMP"/form-*.h | head -1)
expect_contains "429 says when to retry" "$(cat "$refused" 2>/dev/null)" "Retry-After: 10"
expect_contains "429: the project's page" "$(cat "${refused%.h}.b" 2>/dev/null)" "more requests than the site answers"
codes=$(for _ in $(seq 1 30); do curl -sS -o /dev/null -w '%{http_code}\n' "$STACK_URL/incidents"; done)
expect_eq "GETs of the form are not limited" "" "$(grep -x 429 <<<"$codes")"
codes=$(burst signin 40 "$STACK_URL/login/openid?next=/")
check "40 sign-in starts at once: some are refused with 429" grep -qx 429 <<<"$codes"
codes=$(for _ in $(seq 1 30); do curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -d '{}' "$STACK_URL/v1/component_status"; done)
expect_eq "the monitoring API is not limited by nginx" "" "$(grep -x 429 <<<"$codes")"
expect_eq "another address is not limited (the program's own 401)" 401 \
  "$(curl -sS -o /dev/null -w '%{http_code}' -X POST -d x=1 --interface 127.0.0.3 "$STACK_URL/incidents")"

# --- the access log keeps sign-in queries out
sleep 1.2  # the sign-in rate limit refills
curl -sS -o /dev/null "$STACK_URL/auth/openid?code=CODESECRET42&state=STATESECRET42"
log=$(cat "$STACK_RUN/log/nginx-access.log")
expect_contains "the callback is logged" "$log" '"GET /auth/openid HTTP/1.1"'
expect_not_contains "without its code" "$log" "CODESECRET42"
expect_not_contains "without its state" "$log" "STATESECRET42"
expect_contains "other requests keep their query" "$log" '"GET /login/openid?next=/ HTTP/1.1"'

# --- a cookie that is no session is an anonymous visitor: cached pages
curl -sS -o /dev/null "$STACK_URL/availability"
out=$(curl -sS -i -H 'Cookie: sdb_session=garbage' "$STACK_URL/availability")
expect_contains "garbage session cookie: served from the microcache" "$out" "X-Micro-Cache: HIT"
fake=$(printf 'Q%.0s' $(seq 43))
path=$(nocache /availability)
curl -sS -o /dev/null "$STACK_URL$path"
out=$(curl -sS -i -H "Cookie: sdb_session=$fake" "$STACK_URL$path")
expect_contains "unknown session: the page cache answers the program" "$out" "X-Cache: HIT"
expect_contains "unknown session: the cookie is cleared" "$out" "Set-Cookie: sdb_session=;"
expect_not_contains "unknown session: not signed in" "$out" "Signed in as"

# --- forwarded headers: only a trusted proxy's count
port=${STACK_URL##*:}
expect_contains "X-Forwarded-Proto from a client: ignored" \
  "$(curl -sS -H 'X-Forwarded-Proto: https' "$STACK_URL$(nocache '/rss/?mt=Region1')")" "<link>http://127.0.0.1:$port/"
out=$(curl -sS -i --interface 127.0.0.2 -H 'X-Forwarded-Proto: https' "$STACK_URL$(nocache '/rss/?mt=Region1')")
expect_contains "X-Forwarded-Proto from the trusted proxy: https links" "$out" "<link>https://127.0.0.1/"
expect_contains "and Strict-Transport-Security" "$out" "Strict-Transport-Security: max-age=31536000"
curl -sS -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-Proto: https' "$STACK_URL/rss/?mt=Region2"
expect_contains "the proxy's https page is not served to a plain client" \
  "$(curl -sS "$STACK_URL/rss/?mt=Region2")" "<link>http://127.0.0.1:$port/"

# --- a URL of 6 KB is cached like any other
long="/?pad=$(head -c 6000 /dev/zero | tr '\0' 'p')"
curl -sS -o /dev/null "$STACK_URL$long"
expect_contains "6 KB URL: the second request is a microcache hit" "$(headers_of "$STACK_URL$long")" "X-Micro-Cache: HIT"
expect_not_contains "no cache-key buffer warning" "$(cat "$STACK_RUN/log/nginx-error.log")" "not enough for cache key"
expect_eq "a request line over 8 KB: 414" 414 \
  "$(curl -sS -o /dev/null -w '%{http_code}' "$STACK_URL/?pad=$(head -c 9000 /dev/zero | tr '\0' 'p')")"

# --- slow clients: 30 connections sending a header byte a second delay
# nobody, and nginx drops them after its 10 s header timeout.
python3 - "$port" >"$TMP/slow.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
socks = []
for _ in range(30):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    socks.append(s)
start = time.time()
closed = [None] * len(socks)
while time.time() - start < 20 and None in closed:
    for i, s in enumerate(socks):
        if closed[i] is not None:
            continue
        try:
            s.sendall(b"X")
            s.settimeout(0.01)
            data = s.recv(4096)
            closed[i] = time.time() - start  # answered (408) or closed
        except socket.timeout:
            pass
        except OSError:
            closed[i] = time.time() - start
    time.sleep(1)
done = [c for c in closed if c is not None]
print("slow", len(socks), "closed", len(done), "after", round(max(done) if done else -1, 1))
PY
slow_pid=$!
sleep 1
codes=$(for _ in $(seq 1 40); do curl -sS -o /dev/null -m 5 -w '%{http_code}\n' "$STACK_URL$(nocache /history)"; done)
expect_eq "40 requests during the slow clients: all 200" 40 "$(grep -cx 200 <<<"$codes")"
wait "$slow_pid"
slow=$(cat "$TMP/slow.out")
expect_contains "the slow connections are closed by the header timeout" "$slow" "slow 30 closed 30"
after=$(awk '{print $NF}' <<<"$slow")
check "within 10-25 s ($after s)" awk -v a="$after" 'BEGIN { exit !(a >= 9 && a <= 25) }'

# --- program down: stale for SDB_STALE_SECONDS (3 s here), then our 502
curl -sS -o /dev/null "$STACK_URL/history"
program_down history
sleep 2.5  # nginx counts the 1 s in whole seconds: up to 2 s
out=$(curl -sS -i "$STACK_URL/history")
expect_contains "history down: the page seen is served stale" "$out" "X-Micro-Cache: STALE"
expect_contains "stale is the real page" "$out" "HTTP/1.1 200"
out=$(curl -sS -i "$STACK_URL/history?month=2")
expect_contains "a page not seen: 502" "$out" "HTTP/1.1 502"
expect_contains "502: the project's page" "$out" "The status page is degraded"
expect_contains "502: when to retry" "$out" "Retry-After: 30"
expect_contains "502: security headers" "$out" "X-Frame-Options: DENY"
sleep 4
out=$(curl -sS -i "$STACK_URL/history")
expect_contains "after SDB_STALE_SECONDS the stale page is no longer served" "$out" "HTTP/1.1 502"
program_down api
out=$(curl -sS -i -X POST -H 'Content-Type: application/json' -d '{"name":"x","impact":1}' "$STACK_URL/v1/component_status")
expect_contains "API down: 503" "$out" "HTTP/1.1 503"
expect_contains "API down: Retry-After" "$out" "Retry-After: 30"
expect_contains "API down: JSON" "$out" "Content-Type: application/json"
body=${out#*$'\r\n\r\n'}
expect_eq "API down: v1 fields" "503 Service Unavailable" "$(jq -r '"\(.code) \(.status)"' <<<"$body" 2>&1)"
check "API down: v2 field" jq -e '.errMsg | length > 0' <<<"$body"
expect_contains "v2 route down: 503 JSON too" "$(curl -sS -i "$STACK_URL/v2/components")" "Content-Type: application/json"

finish
