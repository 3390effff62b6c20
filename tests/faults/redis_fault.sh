#!/usr/bin/env bash
# Redis stopped, started again and flapping while public pages and the API
# are under load: every request still answered 2xx (the programs render
# without their page cache), API writes all stored, and the page cache is
# used again once Redis is back.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-redis
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
TOKEN=$(api_token)

load_start 14 8 / /history /availability /v2/components /api/v1/component_status
# API writes alongside: a new component every 50 ms, each a 201.
(
  n=0
  end=$((SECONDS + 13))
  while [ "$SECONDS" -lt "$end" ]; do
    n=$((n + 1))
    code=$(curl -sS -o /dev/null -w '%{http_code}' -m 20 -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' \
      -d "{\"name\":\"Redis fault $n\",\"attrs\":[{\"name\":\"region\",\"value\":\"Region1\"},{\"name\":\"category\",\"value\":\"Cat1\"},{\"name\":\"type\",\"value\":\"rf$n\"}]}" \
      "$STACK_URL/v2/components")
    echo "Redis fault $n $code"
    sleep 0.05
  done
) >"$TMP/writes" &
writer=$!

sleep 2
redis_stop          # down for 4 s
sleep 4
redis_start
sleep 2
flaps=4
for _ in $(seq 1 $flaps); do  # then down and up every half second
  redis_stop; sleep 0.5; redis_start; sleep 0.5
done
load_wait
wait "$writer"

writes=$(wc -l <"$TMP/writes")
created=$(grep -c ' 201$' "$TMP/writes")
stored=$(sqlite3 "$STACK_DB" "SELECT count(*) FROM component WHERE name LIKE 'Redis fault %'")
expect_eq "no socket errors or timeouts" 0 "$LOAD_ERRORS"
expect_eq "no non-2xx answers on pages and API reads" 0 "$LOAD_NON2XX"
expect_eq "every API write answered 201" "$writes" "$created"
expect_eq "every API write is stored" "$created" "$stored"
# The page cache is back in use.
path=$(nocache /history)
curl -sS -o /dev/null "$STACK_URL$path"
expect_contains "after the flaps the page cache answers again" "$(curl -sS -i "$STACK_URL$path")" "X-Cache: HIT"
figure "redis down 4 s, then flapping ${flaps}x during 14 s of load: $LOAD_REQUESTS requests, $LOAD_ERRORS errors, $LOAD_NON2XX non-2xx, p99 $LOAD_P99_MS ms; $writes API writes, $created stored"
finish
