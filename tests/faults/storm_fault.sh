#!/usr/bin/env bash
# kill -9 of the API's processes, again and again, during a 50-client write
# storm (tools/bench-post): every write answered 2xx is in the database
# afterwards (the client's log against the rows), the monitoring posts that
# race on the same components made no duplicate incident, and the database
# passes integrity_check.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-storm
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --workers 2
TOKEN=$(api_token)
POSTER=$BIN_DIR/../tools/bench-post
[ -x "$POSTER" ] || { fail "tools/bench-post is built" "$POSTER"; finish; exit 1; }
KILLS=5
port=${STACK_URL##*:}

# The storm: 6,000 posts, each on the next connection. Two of three create
# a component of their own; one of three reports a status (system event,
# impact 1-3) for one of five shared components, so clients race on them.
start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
shared=$(sqlite3 "$STACK_DB" "SELECT id FROM component ORDER BY id LIMIT 5" | tr '\n' ' ')
awk -v start="$start" -v shared="$shared" 'BEGIN {
  n = split(shared, ids, " "); srand(7)
  for (i = 0; i < 6000; i++) {
    if (i % 3 < 2)
      printf "%d\tPOST\t/v2/components\t{\"name\":\"Storm %d\",\"attrs\":[{\"name\":\"region\",\"value\":\"Region1\"},{\"name\":\"category\",\"value\":\"Cat1\"},{\"name\":\"type\",\"value\":\"s%d\"}]}\n", i, i, i
    else
      printf "%d\tPOST\t/v2/events\t{\"title\":\"Storm incident\",\"impact\":%d,\"components\":[%d],\"start_date\":\"%s\",\"system\":true,\"type\":\"incident\"}\n", i, 1 + int(rand() * 3), ids[1 + int(rand() * n)], start
  }
}' >"$TMP/list.tsv"

"$POSTER" --port "$port" --token "$TOKEN" --connections 50 --statuses "$TMP/statuses" "$TMP/list.tsv" \
  >"$TMP/poster.out" 2>&1 &
poster=$!
sleep 0.2
kills=0
for _ in $(seq 1 $KILLS); do
  kill -0 "$poster" 2>/dev/null || break
  pids=$(workers_of api) && kill -KILL $pids && kills=$((kills + 1))
  sleep 0.3
done
wait "$poster"
expect_eq "the storm ran to its end" 0 "$?"

# statuses: "LINE STATUS", LINE numbered from 1 in list order.
lines=$(wc -l <"$TMP/statuses")
ok=$(awk '$2 >= 200 && $2 < 300' "$TMP/statuses" | wc -l)
failed=$(awk '$2 >= 500' "$TMP/statuses" | wc -l)
awk 'NR == FNR { if ($2 >= 200 && $2 < 300) good[$1] = 1; next }
     (FNR in good) && $3 == "/v2/components" && match($4, /"name":"[^"]*"/) {
       print substr($4, RSTART + 8, RLENGTH - 9) }' \
  "$TMP/statuses" FS='\t' "$TMP/list.tsv" | sort >"$TMP/acked"
sqlite3 "$STACK_DB" "SELECT name FROM component WHERE name LIKE 'Storm %'" | sort >"$TMP/stored"
expect_eq "every post has a status" 6000 "$lines"
check "the API was killed during the storm ($kills times)" test "$kills" -ge 3
expect_eq "every component acknowledged with 2xx is stored" "" "$(comm -23 "$TMP/acked" "$TMP/stored")"
dups=$(sqlite3 "$STACK_DB" <"$PROJECT_ROOT/tools/duplicate-incidents.sql")
expect_eq "no duplicate open incidents" 0 "$dups"
expect_eq "integrity_check" ok "$(sqlite3 "$STACK_DB" 'PRAGMA integrity_check')"
others=$(awk '$2 >= 300 && $2 < 500 && $2 != 409' "$TMP/statuses" | wc -l)
expect_eq "no 4xx other than the conflicts of racing reports" 0 "$others"
figure "API kill -9 ${kills}x during a 50-client storm of $lines writes: $ok acknowledged 2xx (all $(wc -l <"$TMP/acked") components among them stored), $failed failed 5xx (in flight at a kill), $dups duplicate incidents, integrity ok; $(cat "$TMP/poster.out")"
finish
