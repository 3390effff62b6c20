#!/usr/bin/env bash
# The programs as plain CGI: one request each, and their startup checks
# (schema version, database, configuration).
source "$(dirname "$0")/lib.sh"

export SDB_CONFIG="" SDB_TEMPLATE_DIR="$PROJECT_ROOT/templates" SDB_CACHE_TYPE=none
export SDB_DATABASE="$TMP/status.db"
"$BIN_DIR/sdb-admin" migrate >/dev/null
"$BIN_DIR/sdb-admin" provision "$PROJECT_ROOT/bootstrap/catalog-test.yaml" >/dev/null

cgi() { env REQUEST_METHOD="$1" DOCUMENT_URI="$2" QUERY_STRING="${3:-}" "$BIN_DIR/board" 2>>"$TMP/stderr"; }

out=$(cgi GET /)
expect_contains "board answers one CGI request" "$out" "Status: 200 OK"
expect_contains "CGI board lists components" "$out" "Component11"
expect_contains "CGI region parameter" "$(cgi GET / region=Region2)" 'class="region-panel region-selected" id="region-Region2"'
out=$(cgi HEAD / 2>/dev/null)
expect_contains "CGI HEAD has headers" "$out" "Content-Length: "
expect_not_contains "CGI HEAD has no body" "$out" "<html"
expect_contains "CGI POST is 405" "$(cgi POST /)" "Status: 405"
out=$(env REQUEST_METHOD=GET DOCUMENT_URI=/ CONTENT_LENGTH=99999999 "$BIN_DIR/board" 2>/dev/null)
expect_contains "oversized body is 413" "$out" "Status: 413"

# startup_error: runs the board with a request and prints only its stderr.
startup_error() { env REQUEST_METHOD=GET DOCUMENT_URI=/ "$BIN_DIR/board" 2>&1 >/dev/null; }

# An old schema, a missing database or a bad setting stops the program
# at startup with a clear message.
sqlite3 "$TMP/old.db" "CREATE TABLE component (id INTEGER PRIMARY KEY, name TEXT)"
out=$(SDB_DATABASE="$TMP/old.db" startup_error); rc=$?
expect_eq "old schema: exit status 1" 1 "$rc"
expect_contains "old schema: tells to migrate" "$out" "run \`sdb-admin migrate\`"
out=$(SDB_DATABASE="$TMP/missing.db" startup_error); rc=$?
expect_eq "missing database: exit status 1" 1 "$rc"
expect_contains "missing database: named" "$out" "cannot open database $TMP/missing.db"
out=$(SDB_CACHE_TYPO=1 startup_error); rc=$?
expect_eq "unknown setting: exit status 1" 1 "$rc"
expect_contains "unknown setting: named" "$out" "unknown configuration key SDB_CACHE_TYPO"
printf 'SDB_LOG_LEVEL=info\nSDB_CACHE_REDIS_PORT=seventy\n' > "$TMP/sdb.conf"
out=$(SDB_CONFIG="$TMP/sdb.conf" startup_error); rc=$?
expect_eq "bad config file value: exit status 1" 1 "$rc"
expect_contains "bad config file value: file and line named" "$out" "$TMP/sdb.conf:2: SDB_CACHE_REDIS_PORT"

finish
