#!/usr/bin/env bash
# The disk under the database full (a 4 MB tmpfs the test mounts): writes
# are refused with a clear 503 + Retry-After and change nothing, pages are
# still read, and once space is back the database passes integrity_check
# and takes writes again. Skipped, saying so, where mounting is forbidden.
source "$(dirname "$0")/lib.sh"

export SDB_SECRET_KEY=fault-disk
SMALL=$TMP/small
mkdir -p "$SMALL"
if ! mount -t tmpfs -o size=4m,mode=0700 tmpfs "$SMALL" 2>"$TMP/mount.err"; then
  echo "SKIP disk_full_fault: this machine does not let the test mount a small filesystem: $(cat "$TMP/mount.err")"
  pass "skipped: mount forbidden here"
  figure "disk full: skipped (mount forbidden: $(head -1 "$TMP/mount.err"))"
  finish
  exit 0
fi
on_exit "umount -l '$SMALL'"
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml" --database "$SMALL/status.db"
STACK_DB=$SMALL/status.db
TOKEN=$(api_token)
post() { # NAME: a new component; prints "CODE RETRY-AFTER MESSAGE"
  curl -sS -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"attrs\":[{\"name\":\"region\",\"value\":\"Region1\"},{\"name\":\"category\",\"value\":\"Cat1\"},{\"name\":\"type\",\"value\":\"$1\"}]}" \
    "$STACK_URL/v2/components"
  printf ' %s %s\n' "$(tr -d '\r' <"$TMP/head" | sed -n 's/^Retry-After: //Ip')" "$(jq -r .errMsg "$TMP/body" 2>/dev/null)"
}
expect_eq "a write before the disk fills" 201 "$(post "Disk before" | cut -d' ' -f1)"

# Fill the disk, then write until a write is refused.
dd if=/dev/zero of="$SMALL/filler" bs=16k 2>/dev/null
expect_contains "the disk is full" "$(df -k "$SMALL" | tail -1)" " 100% "
tries=0 refused=""
while [ "$tries" -lt 300 ]; do
  tries=$((tries + 1))
  out=$(post "Disk full $tries")
  case $out in 201*) continue ;; *) refused=$out; break ;; esac
done
expect_eq "a write on the full disk: 503 + Retry-After 60" "503 60" "$(cut -d' ' -f1,2 <<<"$refused")"
expect_contains "it says why" "$refused" "disk is full"
expect_eq "pages are still read" 200 "$(status_of GET /)"
expect_eq "the API is still read" 200 "$(status_of GET /v2/components)"
rm -f "$SMALL/filler"
expect_eq "integrity_check once space is back" ok "$(sqlite3 "$STACK_DB" 'PRAGMA integrity_check')"
expect_eq "the refused write left nothing" 0 \
  "$(sqlite3 "$STACK_DB" "SELECT count(*) FROM component WHERE name = 'Disk full $tries'")"
expect_eq "writes go through again" 201 "$(post "Disk after" | cut -d' ' -f1)"
errors=$(grep -c ' 500 ' "$STACK_RUN/log/nginx-access.log")
expect_eq "no 500 anywhere" 0 "$errors"
figure "disk full (4 MB tmpfs): write $tries refused $(cut -d' ' -f1 <<<"$refused") + Retry-After $(cut -d' ' -f2 <<<"$refused"), pages 200, integrity_check ok after, 0 500s"
finish
