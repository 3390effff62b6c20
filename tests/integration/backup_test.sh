#!/usr/bin/env bash
# Backup and restore: `sdb-admin backup FILE` while the site serves reads
# and API writes (every copy consistent), and `sdb-admin restore FILE`
# bringing back exactly the same pages, online and by copying the file.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=dev
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"
admin() { SDB_CONFIG="" SDB_DATABASE="$STACK_DB" "$BIN_DIR/sdb-admin" "$@"; }
TOKEN=$(admin token backup-test)
q() { sqlite3 "$1" "$2"; }
c11=$(q "$STACK_DB" "SELECT id FROM component WHERE name = 'Component11'")

# post_event N: an API write that always writes (a new maintenance).
post_event() {
  curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary "{\"title\":\"Backup test $1\",\"impact\":0,\"components\":[$c11],\"type\":\"maintenance\",
                    \"start_date\":\"2099-01-$(printf %02d $((1 + $1 % 28)))T10:00:00Z\",
                    \"end_date\":\"2099-01-$(printf %02d $((1 + $1 % 28)))T12:00:00Z\"}" \
    "$STACK_URL/v2/events"
}

# --- backups while the site serves: a writer and a reader run throughout.
( i=0; while [ ! -e "$TMP/stop" ]; do i=$((i + 1)); post_event "$i"; done > "$TMP/writes" ) &
writer=$!
( while [ ! -e "$TMP/stop" ]; do
    curl -sS -o /dev/null -w '%{http_code}\n' "$STACK_URL/?_nc=$SRANDOM"
  done > "$TMP/reads" ) &
reader=$!
sleep 0.3
copies=0
for n in 1 2 3 4 5; do
  if out=$(admin backup "$TMP/online-$n.db" 2>&1); then copies=$((copies + 1)); else echo "$out"; fi
  echo "$out" >> "$TMP/backups"
  sleep 0.2
done
sleep 0.2
touch "$TMP/stop"
wait "$writer" "$reader"
total=$(wc -l < "$TMP/writes")
expect_eq "5 online backups taken" 5 "$copies"
expect_eq "every write succeeded ($total x 200)" "$total" "$(grep -c '^200$' "$TMP/writes")"
expect_eq "every read succeeded" 0 "$(grep -vc '^200$' "$TMP/reads")"
expect_contains "backup reports what it wrote" "$(cat "$TMP/backups")" "backup of $STACK_DB written to $TMP/online-1.db"
expected_version=$(ls "$PROJECT_ROOT"/sql/[0-9]*.sql | wc -l)
written=()
for n in 1 2 3 4 5; do
  f="$TMP/online-$n.db"
  expect_eq "backup $n: integrity_check" ok "$(q "$f" 'PRAGMA integrity_check')"
  expect_eq "backup $n: no foreign key violation" "" "$(q "$f" 'PRAGMA foreign_key_check')"
  expect_eq "backup $n: schema version" "$expected_version" "$(q "$f" 'PRAGMA user_version')"
  # Transactions are whole: each API write is an event, its first update,
  # its component and its audit row, or none of them.
  events=$(q "$f" "SELECT count(*) FROM incident WHERE text LIKE 'Backup test %'")
  expect_eq "backup $n: every event has its audit row ($events events)" "$events" \
    "$(q "$f" "SELECT count(*) FROM api_audit WHERE path = '/v2/events'")"
  expect_eq "backup $n: every event has its components" 0 \
    "$(q "$f" "SELECT count(*) FROM incident i WHERE NOT EXISTS (SELECT 1 FROM incident_component_relation r WHERE r.incident_id = i.id)")"
  expect_eq "backup $n: one self-contained file" "delete" "$(q "$f" 'PRAGMA journal_mode')"
  check "backup $n: no -wal beside it" test ! -e "$f-wal"
  expect_eq "backup $n: private (600)" 600 "$(stat -c %a "$f")"
  written+=("$events")
done
check "the backups caught the writes under way (${written[*]} of $total)" \
  test "${written[0]}" -gt 0 -a "${written[0]}" -lt "${written[4]}" -a "${written[4]}" -lt "$total"
check "no temporary file left" test -z "$(ls "$TMP" | grep -F '.tmp-')"

# --- restore gives the same pages
PAGES="/ /index?region=Region2 /history /incidents/1 /incidents/$total /rss/?mt=Region1 /atom/?mt=Region1
       /maintenance.ics?mt=Region1 /v1/incidents /v2/events /v2/components"
# snapshot DIR: every page's status and body, through nginx and the programs.
snapshot() {
  mkdir -p "$1"
  local i=0 page
  for page in $PAGES; do
    i=$((i + 1))
    # Without what differs by the request itself: the cache-busting
    # parameter in the page's own links and the "As of" time of the board.
    curl -sS -o "$1/$i.raw" -w '%{http_code}\n' "$STACK_URL$(nocache "$page")" >> "$1/status"
    sed -E -e 's/(\?|&amp;|&)_nc=[0-9]+//g' -e '/class="as-of"/d' "$1/$i.raw" > "$1/$i"
  done
}
snapshot "$TMP/before"
expect_eq "pages before: all 200" 0 "$(grep -vc '^200$' "$TMP/before/status")"
admin backup "$TMP/final.db" >/dev/null
generation=$(q "$STACK_DB" "SELECT generation FROM data_generation")
check "purge" admin purge
snapshot "$TMP/purged"
check "after the purge the pages differ" test "$(cat "$TMP/purged/1")" != "$(cat "$TMP/before/1")"
out=$(admin restore "$TMP/final.db" 2>&1)
expect_contains "restore reports" "$out" "restored from $TMP/final.db"
check "restore moves the data generation past every earlier one" \
  test "$(q "$STACK_DB" "SELECT generation FROM data_generation")" -gt "$(( generation + 1 ))"
snapshot "$TMP/after"
same=0
i=0
for page in $PAGES; do
  i=$((i + 1))
  if cmp -s "$TMP/before/$i" "$TMP/after/$i"; then
    same=$((same + 1))
  else
    fail "restored page $page is the same" "$(diff "$TMP/before/$i" "$TMP/after/$i" | head -10)"
  fi
done
expect_eq "every page is the same after the online restore" "$(echo $PAGES | wc -w)" "$same"
expect_eq "restored statuses" "$(cat "$TMP/before/status")" "$(cat "$TMP/after/status")"

# Offline restore: the backup file copied into place serves the same page
# (apart from the "As of" time, which moves when the two renders straddle a
# second).
cp "$TMP/final.db" "$TMP/copied.db"
cgi_board() {
  env SDB_CONFIG="" SDB_DATABASE="$1" SDB_TEMPLATE_DIR="$PROJECT_ROOT/templates" SDB_CACHE_TYPE=none \
    REQUEST_METHOD=GET DOCUMENT_URI=/ "$BIN_DIR/board" 2>/dev/null | sed -e '1,/^\r$/d' -e '/class="as-of"/d'
}
expect_eq "a copied backup serves the same board" "$(cgi_board "$STACK_DB")" "$(cgi_board "$TMP/copied.db")"

# Refusals leave the database alone.
generation=$(q "$STACK_DB" "SELECT generation FROM data_generation")
cp "$TMP/final.db" "$TMP/newer.db"
q "$TMP/newer.db" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99" >/dev/null
out=$(admin restore "$TMP/newer.db" 2>&1); rc=$?
expect_eq "restore of a newer schema fails" 1 "$rc"
expect_contains "and says why" "$out" "newer than this build"
echo "not a database" > "$TMP/text.db"
out=$(admin restore "$TMP/text.db" 2>&1); rc=$?
expect_eq "restore of a non-database fails" 1 "$rc"
expect_contains "and names it" "$out" "$TMP/text.db"
expect_eq "refused restores changed nothing" "$generation" "$(q "$STACK_DB" "SELECT generation FROM data_generation")"
out=$(admin backup "$TMP/no/such/dir/b.db" 2>&1); rc=$?
expect_eq "backup into a missing directory fails" 1 "$rc"
expect_contains "and names the file" "$out" "$TMP/no/such/dir/b.db"

finish
