# Shared helpers for the black-box integration tests (bash, sourced).
# A test script calls `check`/`expect_*`, then `finish`, which prints
# "RESULT passed=N failed=M" for tests/run.sh to add up.
# Environment: SDB_BIN is the directory with the built programs.

set -u
: "${SDB_BIN:?SDB_BIN must name the directory with the built programs}"
SDB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
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
