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

# Runs the registered cleanups, newest first, and removes $TMP.
_cleanup() {
  local i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  rm -rf "$TMP"
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

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# start_stack [devstack options...]: starts tools/devstack.sh (Redis, the
# programs, nginx) in $TMP/run on a free port; sets STACK_URL, STACK_RUN and
# STACK_DB, and stops it at exit. Fails the test script if it does not come up.
start_stack() {
  local port
  port=$(free_port)
  STACK_RUN="$TMP/run"
  STACK_DB="$STACK_RUN/status.db"
  STACK_URL="http://127.0.0.1:$port"
  "$PROJECT_ROOT/tools/devstack.sh" --port "$port" --rundir "$STACK_RUN" --bin "$BIN_DIR" "$@" \
    >"$TMP/devstack.log" 2>&1 &
  STACK_PID=$!
  on_exit "kill $STACK_PID 2>/dev/null; wait $STACK_PID 2>/dev/null"
  for _ in $(seq 1 150); do
    if grep -q 'is running at' "$TMP/devstack.log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$STACK_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  fail "stack starts" "$(cat "$TMP/devstack.log")"
  finish
  exit 1
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
