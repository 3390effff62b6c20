#!/usr/bin/env bash
# Every program down: the board, incident pages and history visitors have
# seen are still served (stale, from nginx's microcache), a page nobody saw
# is the project's 502 page, and the API answers its JSON 503.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-down
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"
TOKEN=$(api_token)
curl -sS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Component11","impact":2,"attributes":[{"name":"region","value":"Region1"}]}' "$STACK_URL/v1/component_status"
id=$(sqlite3 "$STACK_DB" "SELECT max(id) FROM incident")
check "an incident to show" test -n "$id"
PAGES="/ /?region=Region2 /incidents/$id /history /availability"
for page in $PAGES; do curl -sS -o /dev/null "$STACK_URL$page"; done
for p in $(cd "$BIN_DIR" && ls | grep -vx sdb-admin); do program_down "$p"; done
sleep 2.5  # past the 1 s the pages are fresh (nginx counts whole seconds)

served=0 total=0
for page in $PAGES; do
  total=$((total + 1))
  out=$(curl -sS -i "$STACK_URL$page")
  expect_contains "$page: 200 with every program down" "$out" "HTTP/1.1 200"
  expect_contains "$page: stale from the microcache" "$out" "X-Micro-Cache: STALE"
  grep -q "X-Micro-Cache: STALE" <<<"$out" && served=$((served + 1))
done
expect_contains "the incident page is the real one" "$(curl -sS "$STACK_URL/incidents/$id")" "Component11"
out=$(curl -sS -i "$STACK_URL/history?month=3")
expect_contains "a page nobody saw: the project's 502" "$out" "The status page is degraded"
out=$(curl -sS -i -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Component11","impact":3,"attributes":[{"name":"region","value":"Region1"}]}' "$STACK_URL/v1/component_status")
expect_contains "API write: 503" "$out" "HTTP/1.1 503"
expect_contains "API write: Retry-After" "$out" "Retry-After: 30"
api=$(sed -n 's/^{/{/p' <<<"$out" | jq -r .code 2>&1)
expect_eq "API write: JSON body" 503 "$api"
expect_eq "API read: 503 too" 503 "$(status_of GET /v2/components)"
figure "every program down: $served of $total pages seen served stale, unseen pages the 502 page, API JSON 503 + Retry-After"
finish
