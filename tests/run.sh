#!/usr/bin/env bash
# Runs every suite against one build directory and prints the closing line
# "N passed, N failed"; exits non-zero when anything failed.
#   tests/run.sh build/test
set -u
build=${1:?usage: tests/run.sh BUILD_DIR}
cd "$(dirname "$0")/.."
build=$(cd "$build" && pwd)
passed=0
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Unit tests: Boost.Test's short report counts the test cases, e.g.
#   "  37 test cases out of 39 passed" / "  2 test cases out of 39 failed".
log=$(mktemp)
"$build/unit_tests" --report_level=short --log_level=error >"$log" 2>&1
rc=$?
cat "$log"
count() { grep -oE "^ *[0-9]+ test cases? out of [0-9]+ $1" "$log" | head -1 | awk '{print $1}'; }
tp=$(count passed); tp=${tp:-0}
tf=$(count failed); tf=${tf:-0}
if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; echo "FAIL unit_tests exited $rc"; fi
if [ "$tp" -eq 0 ] && [ "$tf" -eq 0 ]; then tf=1; echo "FAIL unit_tests ran no test case"; fi
passed=$((passed + tp)); failed=$((failed + tf))
rm -f "$log"

# Integration tests and the fault cases: each script prints "RESULT
# passed=N failed=M"; a fault case also prints one "FIGURE ..." line, and
# all figures are repeated before the closing line.
figures=""
for t in tests/integration/*_test.sh tests/faults/*_fault.sh; do
  echo "== $t"
  out=$(BIN_DIR="$build/bin" bash "$t" 2>&1)
  rc=$?
  echo "$out"
  figures+=$(echo "$out" | grep '^FIGURE ' | sed "s#^FIGURE #$(basename "$t" .sh): #")$'\n'
  r=$(echo "$out" | grep -E '^RESULT passed=[0-9]+ failed=[0-9]+$' | tail -1)
  if [ -z "$r" ]; then
    failed=$((failed + 1)); echo "FAIL $t ended without a RESULT line (exit $rc)"
    continue
  fi
  p=${r#RESULT passed=}; p=${p%% *}
  f=${r##*failed=}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $t exited $rc"; fi
  passed=$((passed + p)); failed=$((failed + f))
done

echo "== figures of the fault cases"
printf '%s' "$figures" | grep -v '^$'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
