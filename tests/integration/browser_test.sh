#!/usr/bin/env bash
# browser: the operator flow of issue 6 in a real headless Chromium with
# JavaScript disabled (Debian's chromium, driven by playwright-core from
# tests/node): sign in at the test OpenID provider, open an incident, post
# updates, separate a component, schedule and complete maintenances, sign
# out, checking the board, incident pages, history and feeds after each step
# (tests/browser/operator_flow.mjs). Each PASS/FAIL line of the flow counts
# here; then the region tabs (tests/browser/region_tabs.mjs). Screenshots of
# every step go to
# ${ARTIFACT_DIR:-build/artifacts}/browser/NN-step.png.
# CHROMIUM names the browser (default /usr/bin/chromium); a missing browser
# is a failure, never a skip.
source "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  fail "headless Chromium is installed at $CHROMIUM (tools/install-deps.sh installs Debian's chromium)"
  finish
  exit 1
fi

STACK_PORT=$(free_port)
SITE="http://127.0.0.1:$STACK_PORT"
start_oidc_provider "$SITE"
export SDB_OPENID_REQUIRED_GROUP=sdb-operators
start_stack --catalog "$PROJECT_ROOT/bootstrap/catalog-test.yaml"

shots=$TMP/screenshots
mkdir -p "$shots"
# The flow stops itself after 160 s; timeout(1) is the backstop.
CHROMIUM=$CHROMIUM FLOW_TIMEOUT_MS=160000 timeout -k 5 175 \
  node "$PROJECT_ROOT/tests/browser/operator_flow.mjs" "$SITE" "$OIDC_URL" "$shots" \
  >"$TMP/flow.out" 2>"$TMP/flow.err"
rc=$?

# One PASS/FAIL line per step of the flow; anything else is shown indented.
steps=0
while IFS= read -r line; do
  case $line in
    "PASS "*) pass "${line#PASS }"; steps=$((steps + 1)) ;;
    "FAIL "*) fail "${line#FAIL }"; steps=$((steps + 1)) ;;
    *) printf '  %s\n' "$line" ;;
  esac
done <"$TMP/flow.out"
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  fail "the operator flow ends within 175 s"
elif [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
  fail "the operator flow exits 0 (it exited $rc)"
fi
[ "$steps" -gt 0 ] || fail "the operator flow reports its steps"
# The flow's stderr: how long each step took, and anything node said.
[ -s "$TMP/flow.err" ] && { echo "  operator_flow.mjs stderr:"; tail -40 "$TMP/flow.err" | sed 's/^/    /'; }
if [ "$FAILED" -gt 0 ]; then
  for log in "$STACK_RUN"/log/*.log; do
    [ -s "$log" ] || continue
    echo "  $(basename "$log"), last lines:"
    tail -5 "$log" | sed 's/^/    /'
  done
fi

# The region tabs of the board and availability (issue 12), CSS only.
CHROMIUM=$CHROMIUM timeout -k 5 90 \
  node "$PROJECT_ROOT/tests/browser/region_tabs.mjs" "$SITE" "$shots" >"$TMP/tabs.out" 2>&1
rc=$?
tabs=0
while IFS= read -r line; do
  case $line in
    "PASS "*) pass "${line#PASS }"; tabs=$((tabs + 1)) ;;
    "FAIL "*) fail "${line#FAIL }"; tabs=$((tabs + 1)) ;;
    *) printf '  %s\n' "$line" ;;
  esac
done <"$TMP/tabs.out"
[ "$tabs" -gt 0 ] || fail "the region tab checks report their results"
[ "$rc" -eq 0 ] || [ "$FAILED" -gt 0 ] || fail "region_tabs.mjs exits 0 (it exited $rc)"

# The screenshots, as the artifact of this run (older ones removed).
artifacts=${ARTIFACT_DIR:-$PROJECT_ROOT/build/artifacts}/browser
mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
if compgen -G "$shots/*.png" >/dev/null; then
  cp "$shots"/*.png "$artifacts"/
  echo "  screenshots: $artifacts ($(ls "$shots" | wc -l) files)"
else
  fail "the operator flow saves screenshots"
fi
finish
