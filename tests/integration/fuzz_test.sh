#!/usr/bin/env bash
# The libFuzzer targets (tests/fuzz): each builds (make fuzz-build, with
# clang), runs FUZZ_TEST_SECONDS (default 3) seconds on a copy of its seed
# corpus without a crash, and replays every input kept under
# tests/fuzz/regressions/NAME without a crash. The programs of BIN_DIR are
# not used: the targets have their own build in build/fuzz.
BIN_DIR=${BIN_DIR:-unused}
source "$(dirname "$0")/lib.sh"

cd "$PROJECT_ROOT" || exit 1
seconds=${FUZZ_TEST_SECONDS:-3}
RUN=$PROJECT_ROOT/tests/fuzz/run.sh

check "the fuzz targets build (make fuzz-build)" \
  make --no-print-directory fuzz-build

for src in tests/fuzz/*_fuzz.cc; do
  name=$(basename "$src" _fuzz.cc)
  out=$(FUZZ_SECONDS=$seconds "$RUN" "$name" 2>&1)
  rc=$?
  line=$(grep -E "^fuzz $name: " <<<"$out" | tail -1)
  runs=$(sed -nE 's/^fuzz [^:]+: ([0-9]+) executions.*/\1/p' <<<"$line")
  if [ "$rc" -eq 0 ] && [[ "$line" == *", 0 crashes" ]] && [ "${runs:-0}" -gt 0 ]; then
    pass "$name: no crash in $runs executions"
  else
    fail "$name: no crash in ${runs:-0} executions" "exit $rc" "${out:0:2000}"
  fi
  out=$("$RUN" --regressions "$name" 2>&1)
  rc=$?
  line=$(grep -E "^regressions $name: " <<<"$out" | tail -1)
  inputs=$(sed -nE 's/^regressions [^:]+: ([0-9]+) inputs.*/\1/p' <<<"$line")
  if [ "$rc" -eq 0 ] && [[ "$line" == *", 0 crashes" ]]; then
    pass "$name: the ${inputs:-0} regression inputs run without a crash"
  else
    fail "$name: the ${inputs:-0} regression inputs run without a crash" "exit $rc" "${out:0:2000}"
  fi
done

finish
