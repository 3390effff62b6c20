#!/usr/bin/env bash
# A flood of anonymous sign-in starts (each writes a login state) while
# monitoring writes to the API: the API's write latency stays that of a
# quiet site, the pending states stay capped (429 past the cap), and the
# database does not grow. The edge's own rate limit is off here, so the
# programs' caps are what is measured.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-signin
STACK_PORT=$(free_port)
start_oidc_provider "http://127.0.0.1:$STACK_PORT"
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
TOKEN=$(api_token)

# writes SECONDS TAG: one API write after the other; prints each one's ms.
writes() {
  local end=$((SECONDS + $1)) n=0
  while [ "$SECONDS" -lt "$end" ]; do
    n=$((n + 1))
    curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' \
      -d "{\"name\":\"Signin $2 $n\",\"attrs\":[{\"name\":\"region\",\"value\":\"Region1\"},{\"name\":\"category\",\"value\":\"Cat1\"},{\"name\":\"type\",\"value\":\"si$2$n\"}]}" \
      "$STACK_URL/v2/components"
  done
}
# p95_ms FILE / max_ms FILE: of the times in FILE (seconds, 2nd column).
p95_ms() { awk '{print $2 * 1000}' "$1" | sort -n | awk '{a[NR] = $1} END {printf "%d", a[int(NR * 0.95 + 0.5)]}'; }
max_ms() { awk '{print $2 * 1000}' "$1" | sort -n | tail -1 | cut -d. -f1; }

writes 5 quiet >"$TMP/quiet"
size_before=$(stat -c %s "$STACK_DB")
flood() { # one anonymous client, as fast as it gets answers, with a 2 KB next
  local end=$((SECONDS + 12)) next
  next="/history?pad=$(head -c 2000 /dev/zero | tr '\0' 'p')"
  while [ "$SECONDS" -lt "$end" ]; do
    curl -sS -o /dev/null -w '%{http_code}\n' --interface "$1" "$STACK_URL/login/openid?next=$next"
  done
}
flood 127.0.0.2 >"$TMP/flood2" & f1=$!
flood 127.0.0.3 >"$TMP/flood3" & f2=$!
sleep 1
writes 10 flood >"$TMP/during"
wait "$f1" "$f2"
cat "$TMP/flood2" "$TMP/flood3" >"$TMP/flood"
starts=$(wc -l <"$TMP/flood")
capped=$(grep -cx 429 "$TMP/flood")
pending=$(sqlite3 "$STACK_DB" "SELECT count(*) FROM login_state")
size_after=$(stat -c %s "$STACK_DB")

quiet_p95=$(p95_ms "$TMP/quiet") during_p95=$(p95_ms "$TMP/during") during_max=$(max_ms "$TMP/during")
expect_eq "every API write during the flood is a 201" "$(wc -l <"$TMP/during")" "$(grep -c '^201 ' "$TMP/during")"
check "the flood made sign-in starts ($starts)" test "$starts" -gt 20
check "past the cap the starts are refused with 429 ($capped)" test "$capped" -gt 0
check "pending login states capped per client ($pending for 2 clients)" test "$pending" -le 20
check "API write p95 during the flood within 250 ms of quiet ($during_p95 ms vs $quiet_p95 ms)" \
  test "$during_p95" -le $((quiet_p95 + 250))
check "no API write waited 2 s ($during_max ms)" test "$during_max" -lt 2000
check "the database did not grow by a megabyte ($size_before -> $size_after bytes)" \
  test $((size_after - size_before)) -lt 1048576
figure "sign-in flood (2 clients, 12 s, $starts starts, $capped refused 429, $pending states kept): API writes p95 $during_p95 ms, max $during_max ms (quiet p95 $quiet_p95 ms)"
finish
