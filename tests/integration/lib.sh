# Shared helpers for the black-box integration tests (bash, sourced).
# A test script calls `check`/`expect_*`, then `finish`, which prints
# "RESULT passed=N failed=M" for tests/run.sh to add up.
# Environment: BIN_DIR is the directory with the built programs.

set -u
: "${BIN_DIR:?BIN_DIR must name the directory with the built programs}"
PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEST_NAME=$(basename "$0" .sh)
PASSED=0
FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sdb-${TEST_NAME}.XXXXXX")
CLEANUPS=()

# Runs the registered cleanups, newest first, and removes $TMP (or, with
# KEEP_TMP=1 in the environment, keeps it and says where, to look at the
# files of a failed run).
_cleanup() {
  local i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  if [ -n "${KEEP_TMP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap _cleanup EXIT
on_exit() { CLEANUPS+=("$1"); }

pass() { PASSED=$((PASSED + 1)); echo "PASS ${TEST_NAME}: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL ${TEST_NAME}: $1"; [ $# -gt 1 ] && printf '  %s\n' "${@:2}"; return 0; }

# check NAME CMD...: passes when CMD exits 0.
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "command: $*" "${out:0:2000}"; fi
}
# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: ${2:0:500}" "actual:   ${3:0:500}"; fi
}
# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
  if [[ "$2" == *"$3"* ]]; then pass "$1"; else fail "$1" "missing: $3" "in: ${2:0:1500}"; fi
}
# expect_not_contains NAME HAYSTACK NEEDLE
expect_not_contains() {
  if [[ "$2" != *"$3"* ]]; then pass "$1"; else fail "$1" "unexpected: $3"; fi
}

finish() {
  echo "RESULT passed=${PASSED} failed=${FAILED}"
  [ "$FAILED" -eq 0 ]
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on, below
# the kernel's ephemeral range (ip_local_port_range), where no client
# connection of an earlier test can be holding it: a port picked inside the
# range could be the local end of a curl connection, and nginx's bind() of
# it then fails with "Address already in use".
free_port() {
  local p low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 11024 ] || low=32768
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# How long a server may take to come up on a busy machine (seconds).
SERVER_WAIT=${SDB_TEST_SERVER_WAIT:-90}
# wait_until_up NAME URL PID LOG: polls URL until it answers HTTP (any
# status) while PID lives, for up to SERVER_WAIT seconds. When the server
# dies or does not come up, fails loudly naming it and its log, and ends the
# test: nothing runs on against a server that is not there.
wait_until_up() {
  local name=$1 url=$2 pid=$3 log=$4 deadline=$((SECONDS + SERVER_WAIT)) code
  while [ "$SECONDS" -lt "$deadline" ]; do
    code=$(curl -sS -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null)
    [ -n "$code" ] && [ "$code" != 000 ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "$name starts (it exited; log $log)" "$(tail -20 "$log" 2>/dev/null)"
      finish; exit 1
    fi
    sleep 0.1
  done
  fail "$name answers $url within ${SERVER_WAIT} s (log $log)" "$(tail -20 "$log" 2>/dev/null)"
  finish; exit 1
}

# wait_for_port NAME PORT PID LOG: like wait_until_up, for a server that
# speaks something else than HTTP (SMTP): waits until 127.0.0.1:PORT
# accepts connections.
wait_for_port() {
  local name=$1 port=$2 pid=$3 log=$4 deadline=$((SECONDS + SERVER_WAIT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "$name starts (it exited; log $log)" "$(tail -20 "$log" 2>/dev/null)"
      finish; exit 1
    fi
    sleep 0.1
  done
  fail "$name listens on 127.0.0.1:$port within ${SERVER_WAIT} s (log $log)" "$(tail -20 "$log" 2>/dev/null)"
  finish; exit 1
}

# start_smtp_sink DIR [--refuse-rcpt REGEX]: a real SMTP server
# (tools/smtp-sink.py, aiosmtpd) on a free port keeping each message in
# DIR/NNNN.eml; sets SMTP_PORT and SMTP_PID.
start_smtp_sink() {
  SMTP_PORT=$(free_port)
  /usr/bin/python3 "$PROJECT_ROOT/tools/smtp-sink.py" --port "$SMTP_PORT" --dir "$1" "${@:2}" \
    >>"$TMP/smtp.log" 2>&1 &
  SMTP_PID=$!
  on_exit "kill $SMTP_PID 2>/dev/null"
  wait_for_port "the SMTP sink" "$SMTP_PORT" "$SMTP_PID" "$TMP/smtp.log"
}

# start_stack [devstack options...]: starts tools/devstack.sh (Redis, the
# programs, nginx) in $TMP/run on a free port; sets STACK_URL, STACK_RUN and
# STACK_DB, and stops it at exit. Fails the test script if it does not come up.
start_stack() {
  local port
  port=${STACK_PORT:-$(free_port)}
  STACK_RUN="$TMP/run"
  STACK_DB="$STACK_RUN/status.db"
  STACK_URL="http://127.0.0.1:$port"
  "$PROJECT_ROOT/tools/devstack.sh" --port "$port" --rundir "$STACK_RUN" --bin "$BIN_DIR" \
    --rate-limits "${STACK_RATE_LIMITS:-off}" "$@" \
    >"$TMP/devstack.log" 2>&1 &
  STACK_PID=$!
  on_exit "kill $STACK_PID 2>/dev/null; wait $STACK_PID 2>/dev/null"
  local deadline=$((SECONDS + SERVER_WAIT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if grep -q 'is running at' "$TMP/devstack.log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$STACK_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  fail "stack starts within ${SERVER_WAIT} s (log $TMP/devstack.log)" "$(cat "$TMP/devstack.log")"
  finish
  exit 1
}

# supervisor_of NAME: the pid of the multiwatch that keeps this stack's
# program NAME alive (started by spawn-fcgi, a child of devstack).
supervisor_of() {
  pgrep -P "$STACK_PID" -f "^/usr/bin/multiwatch .* $(cd "$BIN_DIR" && pwd)/$1\$"
}
# workers_of NAME: the pids of the processes of program NAME, one a line.
workers_of() {
  local supervisor
  supervisor=$(supervisor_of "$1") || return 1
  pgrep -P "$supervisor"
}
# program_down NAME: stops program NAME for good (its supervisor and every
# worker), as when it cannot be restarted; waits until none is left.
program_down() {
  local supervisor
  supervisor=$(supervisor_of "$1") || { fail "program $1 is running" ""; return 1; }
  kill -TERM "$supervisor"
  for _ in $(seq 1 100); do
    kill -0 "$supervisor" 2>/dev/null || return 0
    sleep 0.1
  done
  fail "program $1 stops on SIGTERM" ""
}

# nocache PATH: PATH with a unique extra query parameter, so nginx's 1 s
# microcache never answers and the request reaches the program (which
# ignores parameters it does not know).
nocache() {
  case $1 in *\?*) echo "$1&_nc=$SRANDOM$SRANDOM" ;; *) echo "$1?_nc=$SRANDOM$SRANDOM" ;; esac
}
# fetch METHOD PATH [curl options...]: the response with headers, as
# `curl -i` prints it, from the program (past the microcache).
fetch() { curl -sS -i -X "$1" "$STACK_URL$(nocache "$2")" "${@:3}"; }
# status_of METHOD PATH [curl options]: only the status code, likewise.
status_of() { curl -sS -o /dev/null -w '%{http_code}' -X "$1" "$STACK_URL$(nocache "$2")" "${@:3}"; }

# start_oidc_provider SITE_URL: starts the test OpenID provider
# (tests/node/provider.mjs: users alice, in group sdb-operators, and bob)
# on a free port with a client whose redirect URI is SITE_URL/auth/openid;
# sets OIDC_URL and OIDC_PID and exports the SDB_OPENID_* settings for a
# stack started afterwards. Calling it again restarts the provider on the
# same port with a new signing key.
OIDC_CLIENT_ID=sdb-test
OIDC_CLIENT_SECRET=sdb-test-secret-$RANDOM$RANDOM
start_oidc_provider() {
  if ! "$PROJECT_ROOT/tests/node/setup.sh" >"$TMP/npm.log" 2>&1; then
    fail "test packages install (npm ci in tests/node)" "$(tail -5 "$TMP/npm.log")"
    finish
    exit 1
  fi
  OIDC_PORT=${OIDC_PORT:-$(free_port)}
  OIDC_URL="http://127.0.0.1:$OIDC_PORT"
  node "$PROJECT_ROOT/tests/node/provider.mjs" "$OIDC_PORT" "$OIDC_CLIENT_ID" \
    "$OIDC_CLIENT_SECRET" "$1/auth/openid" >>"$TMP/oidc.log" 2>&1 &
  OIDC_PID=$!
  on_exit "kill $OIDC_PID 2>/dev/null"
  wait_until_up "the OpenID provider" "$OIDC_URL/.well-known/openid-configuration" "$OIDC_PID" "$TMP/oidc.log"
  export SDB_OPENID_ISSUER_URL="$OIDC_URL" SDB_OPENID_CLIENT_ID="$OIDC_CLIENT_ID" \
    SDB_OPENID_CLIENT_SECRET="$OIDC_CLIENT_SECRET"
}
stop_oidc_provider() { kill "$OIDC_PID" 2>/dev/null; wait "$OIDC_PID" 2>/dev/null; }

# _location HEADERS_FILE: the Location header in a `curl -D` dump;
# _location_of TEXT: the same from headers in a variable.
_location() { tr -d '\r' <"$1" | sed -n 's/^[Ll]ocation: *//p' | tail -1; }
_location_of() { printf '%s\n' "$1" | tr -d '\r' | sed -n 's/^[Ll]ocation: *//p' | tail -1; }

# oidc_walk USER JAR URL: follows a sign-in from URL (our /login/openid...)
# through the provider's login and consent pages as USER, keeping cookies
# in JAR like a browser (OIDC_CANCEL=1: cancels at the provider instead),
# and prints the address the provider sends the
# browser back to (our /auth/openid?code=...&state=...) without visiting it.
oidc_walk() {
  local user=$1 jar=$2 url=$3 location action data
  for _ in $(seq 1 20); do
    curl -sS -D "$TMP/walk.head" -o "$TMP/walk.html" -b "$jar" -c "$jar" "$url" || return 1
    location=$(_location "$TMP/walk.head")
    if [ -z "$location" ]; then
      # A page of the provider's: its login form, else its consent form.
      if [ -n "${OIDC_CANCEL:-}" ]; then
        # The operator presses the provider's "Cancel" link instead.
        url=$(grep -o 'href="[^"]*/abort"' "$TMP/walk.html" | head -1 | sed 's/^href="//; s/"$//')
        [ -n "$url" ] || return 1
        continue
      fi
      action=$(grep -o 'action="[^"]*"' "$TMP/walk.html" | head -1 | sed 's/^action="//; s/"$//')
      [ -n "$action" ] || return 1
      if grep -q 'name="login"' "$TMP/walk.html"; then
        data="prompt=login&login=$user&password=any"
      else
        data="prompt=consent"
      fi
      case $action in /*) action="$OIDC_URL$action" ;; esac
      curl -sS -D "$TMP/walk.head" -o "$TMP/walk.html" -b "$jar" -c "$jar" \
        --data "$data" "$action" || return 1
      location=$(_location "$TMP/walk.head")
    fi
    case $location in /*) location="$OIDC_URL$location" ;; esac
    case $location in "$STACK_URL"/auth/*) echo "$location"; return 0 ;; esac
    [ -n "$location" ] || return 1
    url=$location
  done
  return 1
}

# sign_in USER JAR [NEXT]: a whole sign-in; prints our callback's headers.
sign_in() {
  local callback
  callback=$(oidc_walk "$1" "$2" "$STACK_URL/login/openid?next=${3:-/}") || return 1
  curl -sS -D - -o /dev/null -b "$2" -c "$2" "$callback"
}

# start_operator_stack: the test provider, then the stack with the test
# catalog (components 1..12), then alice signed in with cookies in
# $OPERATOR_JAR and her form token in $CSRF. db runs SQL on the database.
start_operator_stack() {
  STACK_PORT=$(free_port)
  start_oidc_provider "http://127.0.0.1:$STACK_PORT"
  export SDB_OPENID_REQUIRED_GROUP=sdb-operators
  start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"
  OPERATOR_JAR=$TMP/operator.jar
  sign_in alice "$OPERATOR_JAR" >/dev/null || { fail "operator signs in"; finish; exit 1; }
  CSRF=$(curl -sS -b "$OPERATOR_JAR" "$STACK_URL/history" |
    grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$CSRF" ] || { fail "operator has a form token"; finish; exit 1; }
}
db() { sqlite3 "$STACK_DB" "$@"; }

# operator_post PATH FIELD=VALUE...: POSTs the form fields (url-encoded)
# with alice's session, token and a same-site Origin; prints the response
# with headers.
operator_post() {
  local path=$1 field args=()
  shift
  for field in "$@"; do args+=(--data-urlencode "$field"); done
  curl -sS -i -b "$OPERATOR_JAR" -H "Origin: $STACK_URL" \
    --data-urlencode "csrf_token=$CSRF" "${args[@]}" "$STACK_URL$path"
}
# location_origin LOCATION: the origin a browser goes to when a page of
# $STACK_URL answers "Location: LOCATION" (node's WHATWG URL parser).
location_origin() {
  node -e 'console.log(new URL(process.argv[1], process.argv[2]).origin)' "$1" "$STACK_URL/"
}
# local_time OFFSET_SECONDS: a datetime-local value (UTC) that far from now.
local_time() { date -u -d "@$(( $(date +%s) + $1 ))" +%Y-%m-%dT%H:%M; }
