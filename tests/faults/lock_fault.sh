#!/usr/bin/env bash
# The database held for 10 s by a sysadmin's sqlite3 shell (BEGIN
# EXCLUSIVE) while pages are read and the API is written: pages keep
# answering 200; a write waits at most the busy timeout (5 s) and is then
# refused with 503 + Retry-After, having changed nothing (never a 500, never
# a hang); every write answered 201 is stored. Two writers, as many as the
# API has processes: a third would also wait for a free process.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-lock
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
TOKEN=$(api_token)
HOLD=10

# writer N: posts new components for 16 s, one line per request:
# "NAME CODE SECONDS RETRY-AFTER".
writer() {
  local n=0 end=$((SECONDS + 16)) name out
  while [ "$SECONDS" -lt "$end" ]; do
    n=$((n + 1)); name="Lock fault $1-$n"
    out=$(curl -sS -o /dev/null -D "$TMP/h$1" -m 30 -w '%{http_code} %{time_total}' \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$name\",\"attrs\":[{\"name\":\"region\",\"value\":\"Region1\"},{\"name\":\"category\",\"value\":\"Cat1\"},{\"name\":\"type\",\"value\":\"lf$1x$n\"}]}" \
      "$STACK_URL/v2/components")
    echo "$name|$out|$(tr -d '\r' <"$TMP/h$1" | sed -n 's/^Retry-After: //Ip')"
    sleep 0.2
  done
}

# Pages only: the API's two processes are the writers' (a request queued
# behind two waiting writes waits for them too).
load_start 16 4 / /history /availability "/rss/?mt=Region1" "/feed.json?mt=Region1"
sleep 1
printf 'BEGIN EXCLUSIVE;\n.shell sleep %d\nCOMMIT;\n' "$HOLD" \
  | sqlite3 "$STACK_DB" >"$TMP/holder.log" 2>&1 &
holder=$!
sleep 0.3
writers=()
for w in 1 2; do writer "$w" >"$TMP/writes$w" & writers+=($!); done
wait "$holder"
expect_eq "the sqlite3 shell held the lock and let go" "" "$(cat "$TMP/holder.log")"
load_wait
wait "${writers[@]}"
cat "$TMP"/writes? >"$TMP/writes"

total=$(wc -l <"$TMP/writes")
created=$(grep -c '|201 ' "$TMP/writes")
refused=$(grep -c '|503 ' "$TMP/writes")
other=$(grep -vcE '\|(201|503) ' "$TMP/writes")
slowest=$(cut -d'|' -f2 "$TMP/writes" | awk '{ if ($2 > m) m = $2 } END { printf "%.1f", m }')
expect_eq "pages during the lock: no socket errors or timeouts" 0 "$LOAD_ERRORS"
expect_eq "pages during the lock: no non-2xx" 0 "$LOAD_NON2XX"
check "writes during the lock were refused with 503 ($refused)" test "$refused" -gt 0
check "writes after the lock went through ($created)" test "$created" -gt 0
expect_eq "every write is a 201 or a 503 (no 500)" 0 "$other"
expect_eq "every 503 says when to retry" "$refused" "$(grep '|503 ' "$TMP/writes" | grep -c '|5$')"
check "no write waited past the busy timeout and a margin ($slowest s)" awk -v s="$slowest" 'BEGIN { exit !(s < 8) }'
grep '|201 ' "$TMP/writes" | cut -d'|' -f1 | sort >"$TMP/created"
grep '|503 ' "$TMP/writes" | cut -d'|' -f1 | sort >"$TMP/refused"
sqlite3 "$STACK_DB" "SELECT name FROM component WHERE name LIKE 'Lock fault %'" | sort >"$TMP/stored"
expect_eq "every 201 is stored" "" "$(comm -23 "$TMP/created" "$TMP/stored")"
expect_eq "no 503 left a change" "" "$(comm -12 "$TMP/refused" "$TMP/stored")"
expect_eq "integrity_check" ok "$(sqlite3 "$STACK_DB" 'PRAGMA integrity_check')"
figure "database held ${HOLD} s by sqlite3 BEGIN EXCLUSIVE: $LOAD_REQUESTS page requests, $LOAD_NON2XX non-2xx, p99 $LOAD_P99_MS ms; $total API writes: $created stored (201), $refused refused 503 + Retry-After, $other other, slowest $slowest s"
finish
