#!/usr/bin/env bash
# Runs the libFuzzer targets of build/fuzz/bin (make fuzz-build first).
#
#   tests/fuzz/run.sh [--seconds N] [NAME...]
#       fuzzes each target (all by default) for N seconds (default
#       $FUZZ_SECONDS or 60) on a copy of tests/fuzz/corpus/NAME in a
#       temporary directory (the committed corpus never grows), and prints
#         fuzz NAME: N executions, C crashes
#       A crash input is kept as build/fuzz/artifacts/NAME/crash-...
#   tests/fuzz/run.sh --regressions [NAME...]
#       runs every file of tests/fuzz/regressions/NAME once and prints
#         regressions NAME: N inputs, C crashes
# Exits non-zero when any target crashed (or could not run).
set -u
cd "$(dirname "$0")/../.."
root=$PWD
bin_dir=$root/build/fuzz/bin
seconds=${FUZZ_SECONDS:-60}
mode=fuzz
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --regressions) mode=regressions; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzz.cc; do
    n=$(basename "$f" _fuzz.cc)
    names+=("$n")
  done
fi

# The longest input each target gets: about what reaches the code in
# production (nginx's header buffers for cookies and tokens, the body cap
# for API bodies, a catalog of a few hundred entries).
max_len() {
  case $1 in
    query_form) echo 8192 ;;
    cookie) echo 4096 ;;
    api_body) echo 16384 ;;
    jwt) echo 4096 ;;
    date) echo 64 ;;
    catalog) echo 16384 ;;
    oidc) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# Leaks count as crashes; a UBSan report already ends the run (the
# targets are built with -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdb-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for name in "${names[@]}"; do
  exe=$bin_dir/${name}_fuzz
  if [ ! -x "$exe" ]; then
    echo "fuzz $name: no binary $exe (run make fuzz-build)"
    status=1
    continue
  fi
  log=$tmp/$name.log
  if [ "$mode" = regressions ]; then
    inputs=()
    if [ -d "tests/fuzz/regressions/$name" ]; then
      while IFS= read -r -d '' f; do inputs+=("$f"); done \
        < <(find "tests/fuzz/regressions/$name" -type f -print0 | sort -z)
    fi
    crashes=0
    # One process per input: a crash ends the process, so each counts.
    for f in "${inputs[@]}"; do
      if ! "$exe" -timeout=10 -rss_limit_mb=2048 "$f" >"$log" 2>&1; then
        crashes=$((crashes + 1))
        echo "  $f:"
        grep -E 'ERROR|runtime error|FUZZ_ASSERT|terminate|SUMMARY' "$log" | head -5 | sed 's/^/    /'
      fi
    done
    echo "regressions $name: ${#inputs[@]} inputs, $crashes crashes"
    [ "$crashes" -eq 0 ] || status=1
    continue
  fi

  work=$tmp/$name
  mkdir -p "$work/corpus" "$work/artifacts"
  if [ -d "tests/fuzz/corpus/$name" ]; then
    cp -R "tests/fuzz/corpus/$name/." "$work/corpus/"
  fi
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  "$exe" -max_total_time="$seconds" -max_len="$(max_len "$name")" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "${dict[@]}" "$work/corpus" \
    >"$log" 2>&1
  rc=$?
  # "stat::number_executed_units: 123456" in the final stats, or
  # "Done 123456 runs in 61 second(s)", at the normal end.
  runs=$(grep -oE 'stat::number_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  [ -n "$runs" ] || runs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
  # After a crash neither is printed: the last status line "#123456 ...".
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [ -n "$runs" ] || runs=0
  crashes=$(find "$work/artifacts" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  echo "fuzz $name: $runs executions, $crashes crashes"
  if [ "$crashes" -ne 0 ]; then
    status=1
    keep=$root/build/fuzz/artifacts/$name
    mkdir -p "$keep"
    cp "$work/artifacts/"* "$keep/" 2>/dev/null
    cp "$log" "$keep/last.log"
    grep -E 'ERROR|runtime error|FUZZ_ASSERT|terminate|SUMMARY|Test unit written' "$log" | head -8 | sed 's/^/  /'
    echo "  (kept in build/fuzz/artifacts/$name; exit $rc)"
  fi
done
exit $status
